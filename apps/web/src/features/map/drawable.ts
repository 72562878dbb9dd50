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

export function toDrawable(
  findings: readonly FindingFeature[],
  parties: readonly string[]
): DrawableFindings {
  const n = findings.length;
  const out = {
    count: n,
    ids: findings.map((f) => f.id),
    x: new Float64Array(n),
    y: new Float64Array(n),
    lat: new Float64Array(n),
    semiMajorM: new Float32Array(n),
    semiMinorM: new Float32Array(n),
    azimuthDeg: new Float32Array(n),
  };
  const groups = new Map<
    string,
    { color: string; style: StatusStyle; members: number[] }
  >();
  findings.forEach((f, i) => {
    const [lon, lat] = f.geometry.coordinates;
    const p = f.properties;
    out.x[i] = mercatorX(lon);
    out.y[i] = mercatorY(lat);
    out.lat[i] = lat;
    out.semiMajorM[i] = p.errorEllipse.semiMajorM;
    out.semiMinorM[i] = p.errorEllipse.semiMinorM;
    out.azimuthDeg[i] = p.errorEllipse.azimuthDeg;
    const color = partyColor(parties, p.attribution.party);
    const style = statusStyle(p.status);
    const key = `${color} ${style}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { color, style, members: [] };
      groups.set(key, group);
    }
    group.members.push(i);
  });
  // Faint (rejected) first, so live findings are drawn over them.
  const order: Record<StatusStyle, number> = { faint: 0, ring: 1, filled: 2 };
  const buckets = [...groups.values()]
    .sort((a, b) => order[a.style] - order[b.style])
    .map((g) => ({
      color: g.color,
      style: g.style,
      members: Int32Array.from(g.members),
    }));
  return { ...out, buckets };
}
