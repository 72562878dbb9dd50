import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildLineIndex } from './line-index.js';
import { pointInPolygon } from './polygon.js';
import { segmentFrom, segmentNearest } from './segment.js';
import {
  localRadiusM,
  unitVectorOf,
  unprojectAeqd,
  type GeoPoint,
} from './wgs84.js';

const ORIGIN: GeoPoint = [37, 48];
const km = (east: number, north: number): GeoPoint =>
  unprojectAeqd(ORIGIN, [east * 1000, north * 1000]);

// Brute force: every segment, no grid.
function bruteDistanceM(parts: GeoPoint[][], p: GeoPoint): number {
  let best = Infinity;
  for (const part of parts) {
    for (let i = 0; i + 1 < part.length; i++) {
      const s = segmentFrom(unitVectorOf(part[i]!), unitVectorOf(part[i + 1]!));
      best = Math.min(best, segmentNearest(s, unitVectorOf(p)).angle);
    }
  }
  return best * localRadiusM(p[1]);
}

// A random walk eastwards, `n` vertices `stepKm` apart.
function walk(n: number, stepKm: number, seed: number): GeoPoint[] {
  const out: GeoPoint[] = [];
  let x = 0;
  let y = 0;
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const heading = ((s / 2147483648) * 2 - 1) * 1.2;
    x += stepKm * Math.cos(heading);
    y += stepKm * Math.sin(heading);
    out.push(km(x, y));
  }
  return out;
}

describe('buildLineIndex', () => {
  describe('distanceM', () => {
    it('equals the brute-force distance over every segment', () => {
      const parts = [
        walk(300, 2, 7),
        walk(50, 3, 11).map(([lon, lat]): GeoPoint => [lon, lat + 0.4]),
      ];
      const index = buildLineIndex(parts, { cellDeg: 0.02 });
      fc.assert(
        fc.property(
          fc.double({ min: -100, max: 800, noNaN: true }),
          fc.double({ min: -300, max: 300, noNaN: true }),
          (e, n) => {
            const p = km(e, n);
            expect(index.distanceM(p)).toBe(bruteDistanceM(parts, p));
          }
        ),
        { numRuns: 500 }
      );
    });

    it('finds the line from far outside its grid', () => {
      const parts = [[km(0, 0), km(10, 0)]];
      const index = buildLineIndex(parts);
      const p = km(5, 900);
      expect(index.distanceM(p)).toBe(bruteDistanceM(parts, p));
    });

    it('is Infinity for an empty line', () => {
      const index = buildLineIndex([]);
      expect(index.distanceM(ORIGIN)).toBe(Infinity);
      expect(index.nearest(ORIGIN)).toBeUndefined();
      expect(index.sideOf(ORIGIN)).toBe('on');
      expect(index.signedDistanceM(ORIGIN)).toBe(Infinity);
    });

    it('skips repeated positions', () => {
      const index = buildLineIndex([[km(0, 0), km(0, 0), km(0, 10)]]);
      expect(index.segments).toHaveLength(1);
      expect(index.distanceM(km(3, 5))).toBeCloseTo(3000, 0);
    });
  });

  describe('sideOf', () => {
    const northward = buildLineIndex([[km(0, -50), km(0, 50)]]);
    const cases: [string, GeoPoint, string][] = [
      ['west of a northward line', km(-1, 0), 'left'],
      ['east of a northward line', km(1, 0), 'right'],
      ['on the line', km(0, 10), 'on'],
      ['past its north end, to the west', km(-1, 80), 'left'],
    ];
    it.each(cases)('%s', (_d, p, side) => {
      expect(northward.sideOf(p)).toBe(side);
    });

    it('signs the distance: positive left, negative right', () => {
      expect(northward.signedDistanceM(km(-2, 0))).toBeCloseTo(2000, 0);
      expect(northward.signedDistanceM(km(2, 0))).toBeCloseTo(-2000, 0);
    });

    it('agrees with the region the line bounds, near every vertex', () => {
      // An eastward zig-zag with sharp corners, closed far to the south
      // into a polygon: near the zig-zag, right (south) means inside.
      const zig: GeoPoint[] = [];
      for (let i = 0; i <= 20; i++) zig.push(km(i * 3, i % 2 === 0 ? 0 : 4));
      const ring = [...zig, km(60, -200), km(0, -200), zig[0]!];
      const index = buildLineIndex([zig]);
      for (let e = 0.5; e < 59.5; e += 0.37) {
        for (let n = -3; n < 7; n += 0.29) {
          const p = km(e, n);
          const side = index.sideOf(p);
          if (side === 'on') continue;
          expect(side === 'right', `at ${e}, ${n}`).toBe(
            pointInPolygon(p, [ring])
          );
        }
      }
    });
  });

  describe('segmentsWithin', () => {
    it('returns the segments closer than the radius, by id', () => {
      const index = buildLineIndex([
        [km(0, 0), km(0, 10), km(0, 20), km(0, 30)],
      ]);
      const ids = index.segmentsWithin(km(1, 10), 2000).map((s) => s.id);
      expect(ids).toEqual([0, 1]);
      expect(index.segmentsWithin(km(5, 10), 2000)).toEqual([]);
    });

    it('links neighbours within a part and not across parts', () => {
      const index = buildLineIndex([
        [km(0, 0), km(0, 1), km(0, 2)],
        [km(5, 0), km(5, 1)],
      ]);
      expect(index.segments.map((s) => [s.prev, s.next])).toEqual([
        [-1, 1],
        [0, -1],
        [-1, -1],
      ]);
    });
  });

  // Speed is bench work (STYLE: no wall-clock limits in tests); here the
  // default grid must stay exact over a long line.
  it('answers like brute force near a 3,000-vertex line', () => {
    const line = walk(3000, 0.5, 3);
    const index = buildLineIndex([line]);
    for (let i = 0; i < 10_000; i += 97) {
      const p = km((i % 100) * 10, ((i / 100) | 0) - 50);
      expect(Math.abs(index.signedDistanceM(p))).toBeCloseTo(
        bruteDistanceM([line], p),
        6
      );
    }
  });
});
