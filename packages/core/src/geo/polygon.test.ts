import { describe, expect, it } from 'vitest';
import {
  buildPolygonIndex,
  pointInMultiPolygon,
  pointInPolygon,
} from './polygon.js';
import type { GeoPoint } from './wgs84.js';

const square: GeoPoint[] = [
  [37, 48],
  [38, 48],
  [38, 49],
  [37, 49],
  [37, 48],
];
const hole: GeoPoint[] = [
  [37.4, 48.4],
  [37.6, 48.4],
  [37.6, 48.6],
  [37.4, 48.6],
  [37.4, 48.4],
];

describe('pointInPolygon', () => {
  const cases: [string, GeoPoint, boolean][] = [
    ['inside', [37.2, 48.2], true],
    ['outside', [38.2, 48.2], false],
    ['in the hole', [37.5, 48.5], false],
    ['between the hole and the edge', [37.3, 48.5], true],
  ];
  it.each(cases)('%s', (_d, p, want) => {
    expect(pointInPolygon(p, [square, hole])).toBe(want);
  });

  it('is true for any polygon of a MultiPolygon', () => {
    const other = square.map(([x, y]): GeoPoint => [x + 2, y]);
    expect(pointInMultiPolygon([39.5, 48.5], [[square], [other]])).toBe(true);
    expect(pointInMultiPolygon([38.5, 48.5], [[square], [other]])).toBe(false);
  });
});

describe('buildPolygonIndex', () => {
  const index = buildPolygonIndex([[square, hole]]);

  it('measures depth: positive inside, negative outside', () => {
    // 0.1° of latitude is about 11.1 km.
    expect(index.depthM([37.5, 48.1]) / 1000).toBeCloseTo(11.1, 0);
    expect(index.depthM([37.5, 47.9]) / 1000).toBeCloseTo(-11.1, 0);
    expect(index.depthM([37.5, 48.5]) / 1000).toBeCloseTo(-7.4, 0);
  });

  it('rejects a point outside the bounding box without a ring test', () => {
    expect(index.contains([40, 40])).toBe(false);
    // Edges run straight in lon/lat: 0.01° north of the 48°N edge is 1.1 km.
    expect(index.boundaryDistanceM([37.5, 48.01]) / 1000).toBeCloseTo(1.11, 1);
  });
});
