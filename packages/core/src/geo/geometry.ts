import { z } from 'zod';
import type { GeometryIssueCode, Issue } from '../errors.js';
import type { GeoPoint } from './wgs84.js';

const positionSchema = z.tuple([z.number(), z.number()]);

/** RFC 7946 §3.1.4 LineString, 2-D positions (ranges checked separately). */
export const lineStringSchema = z.strictObject({
  type: z.literal('LineString'),
  coordinates: z.array(positionSchema),
});

/** RFC 7946 §3.1.5 MultiLineString. */
export const multiLineStringSchema = z.strictObject({
  type: z.literal('MultiLineString'),
  coordinates: z.array(z.array(positionSchema)),
});

/** RFC 7946 §3.1.6 Polygon. */
export const polygonSchema = z.strictObject({
  type: z.literal('Polygon'),
  coordinates: z.array(z.array(positionSchema)),
});

/** RFC 7946 §3.1.7 MultiPolygon. */
export const multiPolygonSchema = z.strictObject({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(z.array(positionSchema))),
});

export const lineGeometrySchema = z.discriminatedUnion('type', [
  lineStringSchema,
  multiLineStringSchema,
]);
export const areaGeometrySchema = z.discriminatedUnion('type', [
  polygonSchema,
  multiPolygonSchema,
]);

export type LineGeometry = z.infer<typeof lineGeometrySchema>;
export type AreaGeometry = z.infer<typeof areaGeometrySchema>;

/** The parts of a (Multi)LineString as lists of points. */
export function linePartsOf(g: LineGeometry): GeoPoint[][] {
  return g.type === 'LineString' ? [g.coordinates] : g.coordinates;
}

/** The polygons of a (Multi)Polygon as lists of rings. */
export function polygonsOf(g: AreaGeometry): GeoPoint[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

type Path = (string | number)[];
type GeometryIssue = Issue<GeometryIssueCode>;

function checkPoints(
  points: readonly GeoPoint[],
  path: Path,
  minPoints: number,
  issues: GeometryIssue[]
): void {
  if (points.length < minPoints) {
    issues.push({
      code: 'GEOMETRY_TOO_FEW_POINTS',
      path,
      message: `needs at least ${minPoints} positions, has ${points.length}`,
    });
  }
  points.forEach(([lon, lat], i) => {
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
      issues.push({
        code: 'GEOMETRY_COORDINATE_OUT_OF_RANGE',
        path: [...path, i],
        message: `[${lon}, ${lat}] is not a WGS84 [lon, lat]`,
      });
    }
    const prev = points[i - 1];
    if (prev !== undefined && prev[0] === lon && prev[1] === lat) {
      issues.push({
        code: 'GEOMETRY_ZERO_LENGTH_SEGMENT',
        path: [...path, i],
        message: 'repeats the position before it',
      });
    }
  });
}

/** Every problem with a (Multi)LineString: short parts, ranges, repeats. */
export function checkLineGeometry(
  g: LineGeometry,
  path: Path
): GeometryIssue[] {
  const issues: GeometryIssue[] = [];
  const base = [...path, 'coordinates'];
  if (g.type === 'LineString') checkPoints(g.coordinates, base, 2, issues);
  else {
    if (g.coordinates.length === 0) {
      issues.push({
        code: 'GEOMETRY_TOO_FEW_POINTS',
        path: base,
        message: 'a MultiLineString needs at least one part',
      });
    }
    g.coordinates.forEach((part, i) =>
      checkPoints(part, [...base, i], 2, issues)
    );
  }
  return issues;
}

/** Every problem with a (Multi)Polygon: rings of 4+ positions, closed. */
export function checkAreaGeometry(
  g: AreaGeometry,
  path: Path
): GeometryIssue[] {
  const issues: GeometryIssue[] = [];
  const base = [...path, 'coordinates'];
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const prefix = (i: number): Path =>
    g.type === 'Polygon' ? base : [...base, i];
  if (polygons.length === 0 || polygons.some((rings) => rings.length === 0)) {
    issues.push({
      code: 'GEOMETRY_TOO_FEW_POINTS',
      path: base,
      message: 'every polygon needs an outer ring',
    });
  }
  polygons.forEach((rings, i) =>
    rings.forEach((ring, j) => {
      const path = [...prefix(i), j];
      checkPoints(ring, path, 4, issues);
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
        issues.push({
          code: 'GEOMETRY_RING_NOT_CLOSED',
          path,
          message: 'the last position must equal the first (RFC 7946 §3.1.6)',
        });
      }
    })
  );
  return issues;
}
