import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  distanceM,
  projectAeqd,
  localRadiusM,
  unprojectAeqd,
  type GeoPoint,
} from './wgs84.js';

// WGS84 meridian arc of one degree at 48°N from the radius of curvature
// M = a(1-e²)/(1-e² sin²φ)^1.5, and the parallel degree N cos φ.
const MERIDIAN_DEGREE_48_M = 111_189.6;
const PARALLEL_DEGREE_48_M = 74_625;

describe('distanceM', () => {
  it('is within 0.2 % of the WGS84 meridian degree at 48°N', () => {
    const d = distanceM([37, 47.5], [37, 48.5]);
    expect(Math.abs(d / MERIDIAN_DEGREE_48_M - 1)).toBeLessThan(0.002);
  });

  it('is within 0.2 % of the WGS84 parallel degree at 48°N', () => {
    const d = distanceM([36.5, 48], [37.5, 48]);
    expect(Math.abs(d / PARALLEL_DEGREE_48_M - 1)).toBeLessThan(0.002);
  });

  it('is zero from a point to itself and symmetric', () => {
    expect(distanceM([37, 48], [37, 48])).toBe(0);
    expect(distanceM([37, 48], [38, 49])).toBeCloseTo(
      distanceM([38, 49], [37, 48]),
      6
    );
  });
});

describe('localRadiusM', () => {
  it('lies between the polar and equatorial radii', () => {
    expect(localRadiusM(0)).toBeGreaterThan(6_356_752);
    expect(localRadiusM(90)).toBeLessThan(6_399_594);
    expect(localRadiusM(48)).toBeCloseTo(6_380_341, -1);
  });
});

describe('projectAeqd', () => {
  const origin: GeoPoint = [37, 48];

  it('puts a point north of the origin on the north axis', () => {
    const [e, n] = projectAeqd(origin, [37, 48.1]);
    expect(Math.abs(e)).toBeLessThan(1e-6);
    expect(n / distanceM(origin, [37, 48.1])).toBeCloseTo(1, 4);
  });

  it('keeps the distance from the origin', () => {
    const p: GeoPoint = [37.8, 47.3];
    const [e, n] = projectAeqd(origin, p);
    expect(Math.hypot(e, n) / distanceM(origin, p)).toBeCloseTo(1, 4);
  });

  it('is undone by unprojectAeqd', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -200_000, max: 200_000, noNaN: true }),
        fc.double({ min: -200_000, max: 200_000, noNaN: true }),
        (e, n) => {
          const p = unprojectAeqd(origin, [e, n]);
          const [e2, n2] = projectAeqd(origin, p);
          expect(Math.abs(e2 - e)).toBeLessThan(1e-6);
          expect(Math.abs(n2 - n)).toBeLessThan(1e-6);
        }
      )
    );
  });

  it('maps the origin to zero both ways', () => {
    expect(projectAeqd(origin, origin)).toEqual([0, 0]);
    expect(unprojectAeqd(origin, [0, 0])).toEqual(origin);
  });
});
