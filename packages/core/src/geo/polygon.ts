import { buildLineIndex, type LineIndex } from './line-index.js';
import type { GeoPoint } from './wgs84.js';

/** A polygon as GeoJSON writes it: an outer ring, then holes; rings closed. */
export type PolygonRings = readonly (readonly GeoPoint[])[];

/**
 * Whether `p` is inside a polygon (even-odd over all rings, edges straight
 * in lon/lat). A point exactly on an edge may fall either way; callers that
 * care use the distance to the boundary.
 */
export function pointInPolygon(p: GeoPoint, rings: PolygonRings): boolean {
  const [x, y] = p;
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) {
        inside = !inside;
      }
    }
  }
  return inside;
}

/** Whether `p` is inside any polygon of a MultiPolygon. */
export function pointInMultiPolygon(
  p: GeoPoint,
  polygons: readonly PolygonRings[]
): boolean {
  return polygons.some((rings) => pointInPolygon(p, rings));
}

/** A (Multi)Polygon indexed for containment and distance to its boundary. */
export type PolygonIndex = {
  contains(p: GeoPoint): boolean;
  /** Distance to the nearest edge, metres. */
  boundaryDistanceM(p: GeoPoint): number;
  /** Distance to the boundary, positive inside, negative outside. */
  depthM(p: GeoPoint): number;
  readonly boundary: LineIndex;
};

// Edges are straight in lon/lat for containment; the distance index works
// on great circles, which bulge poleward (about 120 m on a 1° edge at 48°N).
// Splitting edges into pieces of at most this many degrees keeps the two
// within a metre.
const MAX_EDGE_DEG = 0.05;

function densify(ring: readonly GeoPoint[]): GeoPoint[] {
  const out: GeoPoint[] = [];
  ring.forEach((b, i) => {
    const a = ring[i - 1];
    if (a !== undefined) {
      const span = Math.max(Math.abs(b[0] - a[0]), Math.abs(b[1] - a[1]));
      const pieces = Math.ceil(span / MAX_EDGE_DEG);
      for (let k = 1; k < pieces; k++) {
        const t = k / pieces;
        out.push([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]);
      }
    }
    out.push(b);
  });
  return out;
}

/**
 * Indexes a (Multi)Polygon: containment by pointInPolygon, distances to
 * its edges (taken straight in lon/lat, as for containment) by a line index.
 */
export function buildPolygonIndex(
  polygons: readonly PolygonRings[]
): PolygonIndex {
  const boundary = buildLineIndex(polygons.flat().map(densify));
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rings of polygons) {
    for (const [lon, lat] of rings[0] ?? []) {
      box[0] = Math.min(box[0]!, lon);
      box[1] = Math.min(box[1]!, lat);
      box[2] = Math.max(box[2]!, lon);
      box[3] = Math.max(box[3]!, lat);
    }
  }
  const contains = (p: GeoPoint): boolean =>
    p[0] >= box[0]! &&
    p[0] <= box[2]! &&
    p[1] >= box[1]! &&
    p[1] <= box[3]! &&
    pointInMultiPolygon(p, polygons);
  const boundaryDistanceM = (p: GeoPoint): number => boundary.distanceM(p);
  return {
    boundary,
    contains,
    boundaryDistanceM,
    depthM: (p) => (contains(p) ? 1 : -1) * boundaryDistanceM(p),
  };
}
