import L from 'leaflet';
import type { Geometry } from 'geojson';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { FindingFeature } from '../../api/types.js';
import type { MapAt } from '../../router.js';
import { addBasemap, addLines } from './base-layers.js';
import { toDrawable } from './drawable.js';
import { FindingsLayer } from './findings-layer.js';
import type { LayerStats } from './findings-layer.js';
import { countByHealth, describeSensor, sensorSvg } from './sensor-marks.js';
import type { SensorDot } from './sensor-marks.js';

export type { SensorDot } from './sensor-marks.js';

export type MapViewProps = {
  findings: readonly FindingFeature[];
  parties: readonly string[];
  sensors: readonly SensorDot[];
  /** The agreement's contact line; undefined: the shipped one. */
  contactLine: Geometry | undefined;
  /** false until the agreement request has answered, one way or the other. */
  linesReady: boolean;
  onPick: (id: string) => void;
  /** Open here (a `#/@lat,lon,zoom` link) instead of framing the findings. */
  at: MapAt | undefined;
};

const START: L.LatLngExpression = [48.3, 37.4];

/**
 * The Leaflet map: the offline basemap, lines, sensors and every finding.
 * Its element carries what it drew as data attributes (findings drawn,
 * contact-line parts, draw count and time), which the browser tests and
 * the bench read.
 */
export function MapView(props: MapViewProps) {
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map>();
  const layer = useRef<FindingsLayer>();
  const sensorLayer = useRef<L.LayerGroup>();
  const renderer = useRef<L.Canvas>();
  const pick = useRef(props.onPick);
  const moved = useRef(false);
  const framed = useRef(false);
  const lineBounds = useRef<L.LatLngBounds>();
  const findingsRef = useRef(props.findings);
  findingsRef.current = props.findings;

  // Frames the findings (where the action is) once they and the lines are
  // in, or the contact line while there are none, unless the user has
  // already moved the map.
  const frame = () => {
    const m = map.current;
    if (m === undefined || moved.current || framed.current) return;
    if (lineBounds.current === undefined) return;
    const findings = findingsRef.current;
    let bounds = lineBounds.current;
    if (findings.length > 0) {
      const [lon, lat] = findings[0]!.geometry.coordinates;
      bounds = L.latLngBounds([lat, lon], [lat, lon]);
      for (const f of findings) {
        const [x, y] = f.geometry.coordinates;
        bounds.extend([y, x]);
      }
    }
    m.fitBounds(bounds, { padding: [40, 40], maxZoom: 11, animate: false });
    // fitBounds fires zoomstart; that is not the user moving the map.
    moved.current = false;
    framed.current = findings.length > 0;
  };
  pick.current = props.onPick;

  // Layout effects, so the map exists before the one below first draws.
  useLayoutEffect(() => {
    const el = element.current!;
    const m = L.map(el, {
      center: START,
      zoom: 7,
      minZoom: 4,
      maxZoom: 16,
      preferCanvas: true,
      attributionControl: true,
      keyboard: true,
    });
    m.attributionControl.setPrefix(false);
    m.attributionControl.addAttribution(
      'Basemap: Natural Earth · Contact line: DeepStateMap via cyterat/deepstate-map-data (derived)'
    );
    renderer.current = L.canvas({ padding: 0.5 });
    const findingsLayer = new FindingsLayer(
      (id) => pick.current(id),
      (stats: LayerStats) => {
        el.dataset['findingsTotal'] = String(stats.total);
        el.dataset['findingsDrawn'] = String(stats.drawn);
        el.dataset['ellipsesDrawn'] = String(stats.ellipses);
        el.dataset['zoom'] = String(m.getZoom());
        el.dataset['draws'] = String(stats.draws);
        el.dataset['drawMs'] = stats.drawMs.toFixed(1);
        el.dataset['bounds'] = m.getBounds().toBBoxString();
      }
    );
    findingsLayer.addTo(m);
    m.on('dragstart zoomstart', () => (moved.current = true));
    if (props.at !== undefined) {
      m.setView([props.at.lat, props.at.lon], props.at.zoom, {
        animate: false,
      });
      // A place asked for is kept: no framing after it.
      moved.current = true;
    }
    sensorLayer.current = L.layerGroup().addTo(m);
    map.current = m;
    layer.current = findingsLayer;
    void addBasemap(m).then((n) => {
      performance.mark('truce:basemap-drawn');
      el.dataset['basemapCountries'] = String(n);
    });
    return () => {
      m.remove();
    };
  }, []);

  useEffect(() => {
    if (!props.linesReady) return;
    const m = map.current!;
    const el = element.current!;
    void addLines(m, props.contactLine).then((lines) => {
      lineBounds.current = lines.bounds;
      frame();
      el.dataset['contactLineParts'] = String(lines.contactParts);
      el.dataset['withdrawalLines'] = String(lines.withdrawalLines);
    });
  }, [props.linesReady, props.contactLine]);

  // A layout effect: the findings are drawn in the frame that shows the
  // list and counts, not one frame (or an idle callback) later.
  useLayoutEffect(() => {
    const drawable = toDrawable(props.findings, props.parties);
    performance.mark('truce:findings-prepared');
    layer.current!.setData(drawable);
    frame();
  }, [props.findings, props.parties]);

  useEffect(() => {
    const group = sensorLayer.current!;
    group.clearLayers();
    // DOM markers (a few hundred sensors at most), each shape an SVG with
    // its status and last-seen time as its accessible name; the legend
    // counts them per status. Out of the tab order: the list is the legend.
    for (const s of props.sensors) {
      const label = describeSensor(s);
      const marker = L.marker([s.position[1], s.position[0]], {
        icon: L.divIcon({
          className: 'sensor-mark',
          html: sensorSvg(s.health),
          iconSize: [14, 14],
        }),
        keyboard: false,
      })
        .bindTooltip(label)
        .addTo(group);
      const el = marker.getElement();
      if (el !== undefined) {
        el.setAttribute('role', 'img');
        el.setAttribute('aria-label', label);
        el.dataset['sensor'] = s.id;
        el.dataset['health'] = s.health;
      }
    }
    const el = element.current!;
    el.dataset['sensors'] = String(props.sensors.length);
    el.dataset['sensorHealth'] = countByHealth(props.sensors)
      .map(([status, n]) => `${status}:${n}`)
      .join(',');
  }, [props.sensors]);

  return (
    <div
      ref={element}
      class="map"
      data-testid="map"
      role="region"
      aria-label="Map of findings, sensors, the contact line and withdrawal lines"
    />
  );
}
