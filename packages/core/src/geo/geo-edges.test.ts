import { describe, expect, it } from 'vitest';
import {
  checkAreaGeometry,
  checkLineGeometry,
  linePartsOf,
} from './geometry.js';
import { buildPolygonIndex } from './polygon.js';
import { segmentFrom, segmentNearest } from './segment.js';
import { projectAeqd, unitVectorOf, type GeoPoint } from './wgs84.js';

const square: [number, number][] = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
  [0, 0],
];

describe('checkLineGeometry and checkAreaGeometry on empty geometries', () => {
  it.each([
    [
      'a MultiLineString with no part',
      () => checkLineGeometry({ type: 'MultiLineString', coordinates: [] }, []),
    ],
    [
      'a MultiPolygon with no polygon',
      () => checkAreaGeometry({ type: 'MultiPolygon', coordinates: [] }, []),
    ],
    [
      'a Polygon with no ring',
      () => checkAreaGeometry({ type: 'Polygon', coordinates: [] }, []),
    ],
    [
      'a MultiPolygon whose second polygon has no ring',
      () =>
        checkAreaGeometry(
          { type: 'MultiPolygon', coordinates: [[square], []] },
          []
        ),
    ],
  ])('%s is GEOMETRY_TOO_FEW_POINTS', (_name, check) => {
    expect(check()).toEqual([
      expect.objectContaining({
        code: 'GEOMETRY_TOO_FEW_POINTS',
        path: ['coordinates'],
      }),
    ]);
  });

  it('accepts a MultiLineString of one good part', () => {
    const line = {
      type: 'MultiLineString' as const,
      coordinates: [
        [
          [0, 0],
          [1, 1],
        ],
      ] as [number, number][][],
    };
    expect(checkLineGeometry(line, [])).toEqual([]);
  });
});

describe('linePartsOf', () => {
  it('gives a LineString as one part and a MultiLineString as its parts', () => {
    const a: [number, number][] = [
      [0, 0],
      [1, 1],
    ];
    const b: [number, number][] = [
      [2, 2],
      [3, 3],
    ];
    expect(linePartsOf({ type: 'LineString', coordinates: a })).toEqual([a]);
    expect(
      linePartsOf({ type: 'MultiLineString', coordinates: [a, b] })
    ).toEqual([a, b]);
  });
});

describe('buildPolygonIndex', () => {
  it('lets a polygon with no ring enclose nothing', () => {
    const index = buildPolygonIndex([[], [square]]);
    expect(index.contains([0.5, 0.5])).toBe(true);
    expect(index.contains([5, 5])).toBe(false);
    expect(buildPolygonIndex([[]]).contains([0, 0])).toBe(false);
  });
});

describe('segmentNearest', () => {
  const at = (p: GeoPoint) => unitVectorOf(p);
  // Poles with a zero first, or first and second, component take the
  // other components' tests; a point segment has no pole at all.
  it.each<[string, GeoPoint, GeoPoint, GeoPoint, 0 | 1 | 'interior']>([
    ['on the prime meridian, beside it', [0, 10], [0, 20], [1, 15], 'interior'],
    ['on the equator, north of it', [10, 0], [20, 0], [15, 1], 'interior'],
    ['on the equator, past its end', [10, 0], [20, 0], [25, 1], 1],
    ['on the equator, before its start', [10, 0], [20, 0], [5, -1], 0],
    ['of one point', [10, 5], [10, 5], [11, 5], 0],
  ])('finds the nearest point of a segment %s', (_name, a, b, p, want) => {
    const s = segmentFrom(at(a), at(b));
    const got = segmentNearest(s, at(p));
    expect(got.at).toBe(want);
    const nearest = want === 'interior' ? undefined : want === 0 ? a : b;
    if (nearest !== undefined) {
      expect(got.angle).toBeCloseTo(
        Math.acos(Math.min(1, dot(at(p), at(nearest)))),
        12
      );
    }
  });

  it('gives a point segment a zero pole, so no side', () => {
    const s = segmentFrom(at([10, 5]), at([10, 5]));
    expect(s.pole).toEqual([0, 0, 0]);
    expect(segmentNearest(s, at([11, 6])).crossTrack).toBe(0);
  });
});

const dot = (x: readonly number[], y: readonly number[]) =>
  x[0]! * y[0]! + x[1]! * y[1]! + x[2]! * y[2]!;

describe('projectAeqd', () => {
  it('puts a point that rounds onto the origin at [0, 0], not NaN', () => {
    // 5e-324 degrees is 0 radians once scaled: the same n-vector.
    expect(projectAeqd([0, 0], [0, 5e-324])).toEqual([0, 0]);
  });
});
