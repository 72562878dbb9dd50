import type { FindingFeature } from '../../api/types.js';
import { partyColor, statusStyle } from './colors.js';
import type { StatusStyle } from './colors.js';

/**
 * Findings as typed arrays for the canvas layer: Web Mercator world
 * coordinates at zoom 0 (256 px per world, as Leaflet's EPSG:3857), the
 * 95 % ellipse, and one draw bucket per colour and style, so a redraw is
 * one path per bucket however many findings there are.
 */
export type DrawableFindings = {
  count: number;
  ids: readonly string[];
  x: Float64Array;
  y: Float64Array;
  lat: Float64Array;
  semiMajorM: Float32Array;
  semiMinorM: Float32Array;
  azimuthDeg: Float32Array;
  buckets: readonly DrawBucket[];
};

export type DrawBucket = {
  color: string;
  style: StatusStyle;
  members: Int32Array;
};

/** Leaflet's spherical Mercator clamps latitude here (EPSG:3857). */
const MAX_LATITUDE = 85.0511287798;

export function mercatorX(lon: number): number {
  return ((lon + 180) / 360) * 256;
}

export function mercatorY(lat: number): number {
  const clamped = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat));
  const s = Math.sin((clamped * Math.PI) / 180);
  return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 256;
}

const STYLES: readonly StatusStyle[] = ['faint', 'ring', 'filled'];

export function toDrawable(
  findings: readonly FindingFeature[],
  parties: readonly string[]
): DrawableFindings {
  const n = findings.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const lat = new Float64Array(n);
  const semiMajorM = new Float32Array(n);
  const semiMinorM = new Float32Array(n);
  const azimuthDeg = new Float32Array(n);
  const ids: string[] = new Array<string>(n);
  // Bucket = style rank * (parties + 1) + colour slot; numbers, not strings,
  // since this runs over every finding on each update.
  const colors = [
    ...parties.map((p) => partyColor(parties, p)),
    partyColor(parties, null),
  ];
  const slots = colors.length;
  const bucketOf = new Uint8Array(n);
  const sizes = new Int32Array(STYLES.length * slots);
  for (let i = 0; i < n; i++) {
    const f = findings[i]!;
    const [lon, la] = f.geometry.coordinates;
    const p = f.properties;
    ids[i] = f.id;
    x[i] = mercatorX(lon);
    y[i] = mercatorY(la);
    lat[i] = la;
    semiMajorM[i] = p.errorEllipse.semiMajorM;
    semiMinorM[i] = p.errorEllipse.semiMinorM;
    azimuthDeg[i] = p.errorEllipse.azimuthDeg;
    const party = p.attribution.party;
    const slot = party === null ? slots - 1 : parties.indexOf(party);
    const b =
      STYLES.indexOf(statusStyle(p.status)) * slots +
      (slot < 0 ? slots - 1 : slot);
    bucketOf[i] = b;
    sizes[b]!++;
  }
  const members = Array.from(sizes, (size) => new Int32Array(size));
  const filled = new Int32Array(sizes.length);
  for (let i = 0; i < n; i++) {
    const b = bucketOf[i]!;
    members[b]![filled[b]!++] = i;
  }
  // STYLES is ordered faint, ring, filled: rejected findings are drawn
  // first, so live ones lie on top.
  const buckets = members.flatMap((m, b) =>
    m.length === 0
      ? []
      : [
          {
            color: colors[b % slots]!,
            style: STYLES[Math.floor(b / slots)]!,
            members: m,
          },
        ]
  );
  return {
    count: n,
    ids,
    x,
    y,
    lat,
    semiMajorM,
    semiMinorM,
    azimuthDeg,
    buckets,
  };
}
