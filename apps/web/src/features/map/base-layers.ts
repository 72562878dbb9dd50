import L from 'leaflet';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { FeatureCollection, Geometry } from 'geojson';
import countriesUrl from 'world-atlas/countries-50m.json?url';
import contactLineUrl from '../../../../../data/contact-line-2026-08-22.geojson?url';
import withdrawalUrl from '../../../../../data/withdrawal-lines-2026-08-22.geojson?url';
import { LINE_COLORS } from './colors.js';

/** The basemap's reach: countries outside this box are not drawn. */
const REGION: [[number, number], [number, number]] = [
  [40, 18],
  [58, 50],
];

async function fetchJson<T>(url: string): Promise<T | undefined> {
  try {
    const response = await fetch(url);
    return response.ok ? ((await response.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

// The map is made with preferCanvas, so the lines draw on its canvas.

/**
 * Natural Earth 1:50m countries (public domain, via the world-atlas npm
 * package) as an offline basemap: there is no tile server to ask.
 */
export async function addBasemap(map: L.Map): Promise<number> {
  // A pane of its own under every overlay: the land fill is opaque, and
  // it arrives last (the largest file), so it must not stack on top.
  const pane = map.createPane('basemapPane');
  pane.style.zIndex = '250';
  const renderer = L.canvas({ pane: 'basemapPane', padding: 0.5 });
  const topology = await fetchJson<Topology>(countriesUrl);
  if (topology === undefined) return 0;
  const countries = feature(
    topology,
    topology.objects['countries']!
  ) as FeatureCollection;
  const region = L.latLngBounds(REGION);
  const near = countries.features.filter((f) =>
    L.geoJSON(f).getBounds().intersects(region)
  );
  // GeoJSON hands its options to each path it makes; the types omit renderer.
  const options = {
    renderer,
    interactive: false,
    style: {
      color: '#8c8c8c',
      weight: 1,
      fillColor: '#f4f1ea',
      fillOpacity: 1,
    },
  } as L.GeoJSONOptions;
  L.geoJSON(near, options).addTo(map);
  return near.length;
}

export type LineLayers = {
  contactParts: number;
  withdrawalLines: number;
  /** The contact line's extent, to frame the map on. */
  bounds: L.LatLngBounds | undefined;
};

type LineFeature = { geometry: Geometry; properties?: Record<string, unknown> };

function partsOf(geometry: Geometry | undefined): number {
  if (geometry?.type === 'LineString') return 1;
  if (geometry?.type === 'MultiLineString') return geometry.coordinates.length;
  return 0;
}

/**
 * The contact line the agreement in force draws (else the shipped line of
 * 22 August 2026) and the shipped withdrawal lines at 15/50/70/140 km.
 */
export async function addLines(
  map: L.Map,
  agreementLine: Geometry | undefined
): Promise<LineLayers> {
  const [shipped, withdrawal] = await Promise.all([
    agreementLine === undefined
      ? fetchJson<{ features: LineFeature[] }>(contactLineUrl)
      : undefined,
    fetchJson<{ features: LineFeature[] }>(withdrawalUrl),
  ]);
  const withdrawalFeatures = withdrawal?.features ?? [];
  L.geoJSON(
    {
      type: 'FeatureCollection',
      features: withdrawalFeatures,
    } as FeatureCollection,
    {
      interactive: false,
      style: (f) => ({
        color: LINE_COLORS.withdrawal,
        weight: 1.5,
        opacity: 0.8,
        dashArray: dashFor(Number(f?.properties?.['distanceKm'])),
      }),
    }
  ).addTo(map);
  const contact = agreementLine ?? shipped?.features[0]?.geometry;
  let contactParts = 0;
  let bounds: L.LatLngBounds | undefined;
  if (contact !== undefined) {
    contactParts = partsOf(contact);
    bounds = L.geoJSON(contact, {
      interactive: false,
      style: { color: LINE_COLORS.contact, weight: 3, opacity: 1 },
    })
      .addTo(map)
      .getBounds();
  }
  return {
    bounds,
    contactParts,
    withdrawalLines: withdrawalFeatures.reduce(
      (n, f) => n + partsOf(f.geometry),
      0
    ),
  };
}

/** Farther lines get longer dashes, so the four distances read apart. */
function dashFor(km: number): string {
  if (km <= 15) return '2 4';
  if (km <= 50) return '6 4';
  if (km <= 70) return '10 4';
  return '16 4 2 4';
}
