import type { LineIndex } from '../geo/line-index.js';
import { buildLineIndex } from '../geo/line-index.js';
import type { EnuFrame } from '../fusion/geodesy.js';
import { chordDistance, enuFrameAt, enuFromWgs84 } from '../fusion/geodesy.js';
import type { EnuPoint, Wgs84Point } from '../fusion/units.js';
import { enuPoint, wgs84Point } from '../fusion/units.js';

// The stretch of the contact line a scenario plays on, in one local 3-D
// frame (for ranges and offsets), and the whole line indexed by geo's
// line index, the distance and side the rules engine reads too.

/** GeoJSON LineString or MultiLineString of [lon, lat(, alt)] (RFC 7946). */
export type ContactLine =
  | { type: 'LineString'; coordinates: readonly (readonly number[])[] }
  | {
      type: 'MultiLineString';
      coordinates: readonly (readonly (readonly number[])[])[];
    };

type Xy = readonly [number, number];

export type Sector = {
  readonly frame: EnuFrame;
  /** The whole line (every part), for distance and side of line. */
  readonly line: LineIndex;
  /** The sector's own stretch, from its start to its end. */
  readonly path: readonly Xy[];
  /** Arc length at each vertex of `path`, metres. */
  readonly along: readonly number[];
  readonly lengthM: number;
};

/** Where a point stands: metres to the line, and on which side as drawn. */
export type LinePlacement = { distanceM: number; side: 'left' | 'right' };

/** Distance to the whole line and the side the point is on; `on` counts as left. */
export function placeOnLine(
  sector: Sector,
  lon: number,
  lat: number
): LinePlacement {
  const nearest = sector.line.nearest([lon, lat]);
  return {
    distanceM: nearest?.distanceM ?? Infinity,
    side: nearest?.side === 'right' ? 'right' : 'left',
  };
}

function partsOf(line: ContactLine): Wgs84Point[][] {
  const parts =
    line.type === 'LineString' ? [line.coordinates] : line.coordinates;
  return parts.map((part) => part.map((c) => wgs84Point(c[0]!, c[1]!, 0)));
}

function cumulative(points: readonly Wgs84Point[]): number[] {
  const out = [0];
  for (let i = 1; i < points.length; i++) {
    out.push(out[i - 1]! + chordDistance(points[i - 1]!, points[i]!));
  }
  return out;
}

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

/** The index i with along[i] ≤ s < along[i+1], clamped to the path. */
function segmentAt(along: readonly number[], s: number): number {
  let lo = 0;
  let hi = along.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (along[mid]! <= s) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The sector of `lengthKm` on the longest part of `line`, starting
 * `offsetKm` along it (default: centred). Throws RangeError when the part
 * is shorter than the sector; callers check sizes first.
 */
export function buildSector(
  line: ContactLine,
  options: { lengthKm: number; offsetKm?: number }
): Sector {
  const parts = partsOf(line).filter((p) => p.length >= 2);
  const lengths = parts.map(cumulative);
  let best = 0;
  lengths.forEach((l, i) => {
    if (l[l.length - 1]! > lengths[best]![lengths[best]!.length - 1]!) best = i;
  });
  const part = parts[best]!;
  const along = lengths[best]!;
  const total = along[along.length - 1]!;
  const lengthM = options.lengthKm * 1000;
  const start =
    options.offsetKm === undefined
      ? (total - lengthM) / 2
      : options.offsetKm * 1000;
  if (!(start >= 0 && start + lengthM <= total + 1e-6)) {
    throw new RangeError('the sector does not fit on the contact line');
  }
  const mid = start + lengthM / 2;
  const k = segmentAt(along, mid);
  const t = (mid - along[k]!) / (along[k + 1]! - along[k]! || 1);
  const a = part[k]!;
  const b = part[k + 1]!;
  const frame = enuFrameAt(
    wgs84Point(lerp(a.lon, b.lon, t), lerp(a.lat, b.lat, t))
  );
  const toXy = (p: Wgs84Point): Xy => {
    const q = enuFromWgs84(frame, p);
    return [q.east, q.north];
  };
  const enuPart = part.map(toXy);
  const enuAlong = [0];
  for (let i = 1; i < enuPart.length; i++) {
    const [x0, y0] = enuPart[i - 1]!;
    const [x1, y1] = enuPart[i]!;
    enuAlong.push(enuAlong[i - 1]! + Math.hypot(x1 - x0, y1 - y0));
  }
  // Re-measure in the plane so that sector arc lengths match the frame.
  const scale = enuAlong[enuAlong.length - 1]! / total;
  const from = start * scale;
  const to = (start + lengthM) * scale;
  const path: Xy[] = [pointOnPath(enuPart, enuAlong, from)];
  for (let i = 0; i < enuPart.length; i++) {
    if (enuAlong[i]! > from && enuAlong[i]! < to) path.push(enuPart[i]!);
  }
  path.push(pointOnPath(enuPart, enuAlong, to));
  const sectorAlong = [0];
  for (let i = 1; i < path.length; i++) {
    const [x0, y0] = path[i - 1]!;
    const [x1, y1] = path[i]!;
    sectorAlong.push(sectorAlong[i - 1]! + Math.hypot(x1 - x0, y1 - y0));
  }
  return {
    frame,
    line: buildLineIndex(parts.map((p) => p.map((q) => [q.lon, q.lat]))),
    path,
    along: sectorAlong,
    lengthM: sectorAlong[sectorAlong.length - 1]!,
  };
}

function pointOnPath(
  path: readonly Xy[],
  along: readonly number[],
  s: number
): Xy {
  const k = segmentAt(along, s);
  const [x0, y0] = path[k]!;
  const [x1, y1] = path[k + 1]!;
  const t = (s - along[k]!) / (along[k + 1]! - along[k]! || 1);
  return [lerp(x0, x1, t), lerp(y0, y1, t)];
}

/** The point `s` metres along the sector and the unit tangent there. */
export function sectorPointAt(
  sector: Sector,
  s: number
): { point: Xy; tangent: Xy } {
  const clamped = Math.min(Math.max(s, 0), sector.lengthM);
  const k = segmentAt(sector.along, clamped);
  const [x0, y0] = sector.path[k]!;
  const [x1, y1] = sector.path[k + 1]!;
  const len = Math.hypot(x1 - x0, y1 - y0) || 1;
  return {
    point: pointOnPath(sector.path, sector.along, clamped),
    tangent: [(x1 - x0) / len, (y1 - y0) / len],
  };
}

/**
 * A point `distanceM` off the sector at arc length `s`, on `side` of the
 * line as drawn, before any check of where it really lands.
 */
export function sectorOffsetPoint(
  sector: Sector,
  s: number,
  side: 'left' | 'right',
  distanceM: number,
  upM = 0
): EnuPoint {
  const { point, tangent } = sectorPointAt(sector, s);
  const sign = side === 'left' ? 1 : -1;
  // The left normal of (te, tn) is (-tn, te).
  return enuPoint(
    point[0] - sign * tangent[1] * distanceM,
    point[1] + sign * tangent[0] * distanceM,
    upM
  );
}
