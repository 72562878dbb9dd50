import { z } from 'zod';
import {
  areaGeometrySchema,
  checkAreaGeometry,
  polygonsOf,
} from '../geo/geometry.js';
import type { LineIndex } from '../geo/line-index.js';
import { buildPolygonIndex } from '../geo/polygon.js';
import type { GeoPoint } from '../geo/wgs84.js';
import type { RuleIssue } from './term.js';

/**
 * Where a zone rule applies: a band of `withinKm` on both sides of the
 * contact line, or a polygon.
 */
export const zoneSchema = z.union([
  z.strictObject({ withinKm: z.number().positive().max(1000) }),
  z.strictObject({ polygon: areaGeometrySchema }),
]);

export type Zone = z.infer<typeof zoneSchema>;

/** Geometry issues of a polygon zone (a band has none beyond its schema). */
export function checkZone(zone: Zone, path: (string | number)[]): RuleIssue[] {
  return 'polygon' in zone
    ? checkAreaGeometry(zone.polygon, [...path, 'polygon'])
    : [];
}

/** How deep inside a zone a point is, and toward which boundary point. */
export type ZoneDepth = {
  /** Metres to the zone's edge: positive inside, negative outside. */
  depthM: number;
  /** The nearest point of the edge (or of the line for a band). */
  toward: GeoPoint | undefined;
};

export type ZoneIndex = (p: GeoPoint) => ZoneDepth;

/** Builds the depth function of a zone; a band measures from `line`. */
export function buildZoneIndex(zone: Zone, line: LineIndex): ZoneIndex {
  if ('withinKm' in zone) {
    const widthM = zone.withinKm * 1000;
    return (p) => {
      const n = line.nearest(p);
      return n === undefined
        ? { depthM: -Infinity, toward: undefined }
        : { depthM: widthM - n.distanceM, toward: n.point };
    };
  }
  const index = buildPolygonIndex(polygonsOf(zone.polygon));
  return (p) => {
    const n = index.boundary.nearest(p);
    const d = n?.distanceM ?? Infinity;
    return { depthM: index.contains(p) ? d : -d, toward: n?.point };
  };
}

/** "within 15 km of the contact line" / "inside the zone's polygon". */
export function describeZone(zone: Zone): string {
  return 'withinKm' in zone
    ? `within ${zone.withinKm} km of either side of the contact line`
    : 'inside the zone drawn in the agreement';
}
