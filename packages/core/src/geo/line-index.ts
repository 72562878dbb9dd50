import { type Segment, segmentFrom, segmentNearest } from './segment.js';
import {
  localRadiusM,
  type UnitVector,
  unitVectorOf,
  vectorDot,
  type GeoPoint,
} from './wgs84.js';

/** Closer than this to the line, in metres, a point is `on` it. */
export const ON_LINE_M = 1e-3;

const RAD = Math.PI / 180;
// Margin on a segment's lon/lat box for the bulge of its great circle.
const PAD_DEG = 0.002;

/** Which side of a line, as drawn, a point lies on. */
export type Side = 'left' | 'right' | 'on';

/** One segment of an indexed line: vertex `index` to `index + 1` of `part`. */
export type LineSegment = {
  id: number;
  part: number;
  index: number;
  a: GeoPoint;
  b: GeoPoint;
  /** Ids of the segments before and after it in its part, or -1. */
  prev: number;
  next: number;
};

export type LineNearest = {
  distanceM: number;
  segment: LineSegment;
  /** The nearest point on the line. */
  point: GeoPoint;
  side: Side;
};

/** A (Multi)LineString indexed for distance and side queries. */
export type LineIndex = {
  readonly segments: readonly LineSegment[];
  /** The nearest point of the line; undefined only for an empty line. */
  nearest(p: GeoPoint): LineNearest | undefined;
  /** Distance to the line in metres (Infinity for an empty line). */
  distanceM(p: GeoPoint): number;
  sideOf(p: GeoPoint): Side;
  /** Distance to the line, positive on its left, negative on its right. */
  signedDistanceM(p: GeoPoint): number;
  /** Segments closer than `radiusM` to `p`, by id. */
  segmentsWithin(p: GeoPoint, radiusM: number): LineSegment[];
};

export type LineIndexOptions = {
  /** Grid cell size in degrees (default 0.05, about 5 km). */
  cellDeg?: number;
};

function pointOf(v: UnitVector): GeoPoint {
  const lat = Math.atan2(v[2], Math.hypot(v[0], v[1])) / RAD;
  return [Math.atan2(v[1], v[0]) / RAD, lat];
}

function buildSegments(parts: readonly (readonly GeoPoint[])[]) {
  const segments: LineSegment[] = [];
  const arcs: Segment[] = [];
  parts.forEach((part, partIndex) => {
    let prev = -1;
    for (let i = 0; i + 1 < part.length; i++) {
      const a = part[i]!;
      const b = part[i + 1]!;
      if (a[0] === b[0] && a[1] === b[1]) continue;
      const id = segments.length;
      if (prev >= 0) segments[prev]!.next = id;
      segments.push({ id, part: partIndex, index: i, a, b, prev, next: -1 });
      arcs.push(segmentFrom(unitVectorOf(a), unitVectorOf(b)));
      prev = id;
    }
  });
  return { segments, arcs };
}

/**
 * Indexes the segments of a (Multi)LineString in a lon/lat grid, so a
 * query near a 3,000-vertex line looks at a few dozen segments. Lines must
 * not cross the antimeridian or reach the poles.
 */
export function buildLineIndex(
  parts: readonly (readonly GeoPoint[])[],
  options: LineIndexOptions = {}
): LineIndex {
  const cell = options.cellDeg ?? 0.05;
  const { segments, arcs } = buildSegments(parts);
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const s of segments) {
    for (const [lon, lat] of [s.a, s.b]) {
      box[0] = Math.min(box[0]!, lon);
      box[1] = Math.min(box[1]!, lat);
      box[2] = Math.max(box[2]!, lon);
      box[3] = Math.max(box[3]!, lat);
    }
  }
  const [lon0, lat0, lon1, lat1] = box as [number, number, number, number];
  const nx = Math.floor((lon1 - lon0) / cell) + 1;
  const ny = Math.floor((lat1 - lat0) / cell) + 1;
  const cellX = (lon: number) => Math.floor((lon - lon0) / cell);
  const cellY = (lat: number) => Math.floor((lat - lat0) / cell);
  const grid = new Map<number, number[]>();
  for (const s of segments) {
    const pad =
      PAD_DEG +
      0.02 * Math.max(Math.abs(s.b[0] - s.a[0]), Math.abs(s.b[1] - s.a[1]));
    const x0 = Math.max(0, cellX(Math.min(s.a[0], s.b[0]) - pad));
    const x1 = Math.min(nx - 1, cellX(Math.max(s.a[0], s.b[0]) + pad));
    const y0 = Math.max(0, cellY(Math.min(s.a[1], s.b[1]) - pad));
    const y1 = Math.min(ny - 1, cellY(Math.max(s.a[1], s.b[1]) + pad));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const key = y * nx + x;
        const list = grid.get(key);
        if (list === undefined) grid.set(key, [s.id]);
        else list.push(s.id);
      }
    }
  }
  const stamps = new Int32Array(segments.length);
  let query = 0;

  // Visits the unseen segments of the cells in [x0, x1] x [y0, y1].
  function visit(
    x0: number,
    x1: number,
    y0: number,
    y1: number,
    f: (id: number) => void
  ): void {
    for (let y = Math.max(0, y0); y <= Math.min(ny - 1, y1); y++) {
      for (let x = Math.max(0, x0); x <= Math.min(nx - 1, x1); x++) {
        for (const id of grid.get(y * nx + x) ?? []) {
          if (stamps[id] === query) continue;
          stamps[id] = query;
          f(id);
        }
      }
    }
  }

  // Smallest cos(latitude) over the grid and the query point, for a lower
  // bound on the metres in a degree of longitude.
  function cosMin(lat: number): number {
    const worst = Math.max(Math.abs(lat0), Math.abs(lat1), Math.abs(lat));
    return Math.cos(Math.min(89, worst) * RAD);
  }

  function sideAt(
    p: UnitVector,
    id: number,
    at: 0 | 1 | 'interior',
    crossTrack: number
  ): number {
    const s = segments[id]!;
    const other = at === 0 ? s.prev : at === 1 ? s.next : -1;
    if (other < 0) return crossTrack;
    // At a shared vertex the sum of the two poles is the pseudo-normal: it
    // splits the plane where the two segments' half-planes disagree.
    const a = arcs[id]!.pole;
    const b = arcs[other]!.pole;
    return vectorDot(p, [a[0] + b[0], a[1] + b[1], a[2] + b[2]]);
  }

  function nearest(p: GeoPoint): LineNearest | undefined {
    if (segments.length === 0) return undefined;
    query++;
    const v = unitVectorOf(p);
    const radius = localRadiusM(p[1]);
    const cx = cellX(p[0]);
    const cy = cellY(p[1]);
    const outside = Math.max(0, -cx, cx - (nx - 1), -cy, cy - (ny - 1));
    const farthest = Math.max(
      Math.abs(cx),
      Math.abs(cx - nx + 1),
      Math.abs(cy),
      Math.abs(cy - ny + 1)
    );
    const metresPerCell = 0.95 * cell * RAD * radius * cosMin(p[1]);
    let best:
      | {
          angle: number;
          id: number;
          at: 0 | 1 | 'interior';
          crossTrack: number;
        }
      | undefined;
    const consider = (id: number) => {
      const n = segmentNearest(arcs[id]!, v);
      if (best === undefined || n.angle < best.angle) best = { ...n, id };
    };
    for (let k = outside; k <= farthest; k++) {
      visit(cx - k, cx + k, cy - k, cy - k, consider);
      visit(cx - k, cx + k, cy + k, cy + k, consider);
      visit(cx - k, cx - k, cy - k + 1, cy + k - 1, consider);
      visit(cx + k, cx + k, cy - k + 1, cy + k - 1, consider);
      if (best !== undefined && best.angle * radius <= k * metresPerCell) break;
    }
    const found = best!;
    const segment = segments[found.id]!;
    const distanceM = found.angle * radius;
    const arc = arcs[found.id]!;
    const point =
      found.at === 0
        ? segment.a
        : found.at === 1
          ? segment.b
          : pointOf([
              v[0] - found.crossTrack * arc.pole[0],
              v[1] - found.crossTrack * arc.pole[1],
              v[2] - found.crossTrack * arc.pole[2],
            ]);
    const sign = sideAt(v, found.id, found.at, found.crossTrack);
    const side: Side =
      distanceM <= ON_LINE_M || sign === 0 ? 'on' : sign > 0 ? 'left' : 'right';
    return { distanceM, segment, point, side };
  }

  function segmentsWithin(p: GeoPoint, radiusM: number): LineSegment[] {
    query++;
    const v = unitVectorOf(p);
    const radius = localRadiusM(p[1]);
    const dLat = radiusM / (radius * RAD) + PAD_DEG;
    const dLon = dLat / Math.cos(Math.min(89, Math.abs(p[1]) + dLat) * RAD);
    const found: LineSegment[] = [];
    visit(
      cellX(p[0] - dLon),
      cellX(p[0] + dLon),
      cellY(p[1] - dLat),
      cellY(p[1] + dLat),
      (id) => {
        if (segmentNearest(arcs[id]!, v).angle * radius < radiusM)
          found.push(segments[id]!);
      }
    );
    return found.sort((a, b) => a.id - b.id);
  }

  return {
    segments,
    nearest,
    segmentsWithin,
    distanceM: (p) => nearest(p)?.distanceM ?? Infinity,
    sideOf: (p) => nearest(p)?.side ?? 'on',
    signedDistanceM(p) {
      const n = nearest(p);
      if (n === undefined) return Infinity;
      return n.side === 'right' ? -n.distanceM : n.distanceM;
    },
  };
}
