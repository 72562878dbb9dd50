import { describe, expect, it } from 'vitest';
import { buildLineIndex, type LineIndex } from '../geo/line-index.js';
import { unprojectAeqd, type GeoPoint } from '../geo/wgs84.js';
import { sideProbabilities } from './attribution.js';
import { km } from './vector-fixture.js';

// Reference: P(left) for an isotropic error σ by brute force, the side of
// every point of a polar grid asked of the line itself (no rays, no
// crossings), each ring weighted by its share of the normal's mass.
function referenceLeft(line: LineIndex, p: GeoPoint, sigma: number): number {
  const ANGLES = 360;
  const RINGS = 240;
  const MAX_R = 6;
  let left = 0;
  for (let k = 0; k < RINGS; k++) {
    const r0 = (k * MAX_R) / RINGS;
    const r1 = ((k + 1) * MAX_R) / RINGS;
    const mass = Math.exp((-r0 * r0) / 2) - Math.exp((-r1 * r1) / 2);
    const r = ((r0 + r1) / 2) * sigma;
    let on = 0;
    for (let m = 0; m < ANGLES; m++) {
      const t = (2 * Math.PI * (m + 0.5)) / ANGLES;
      const q = unprojectAeqd(p, [r * Math.cos(t), r * Math.sin(t)]);
      if (line.sideOf(q) === 'left') on++;
    }
    left += (mass * on) / ANGLES;
  }
  // Beyond 6 σ: the side of the far field, a straight line's.
  return left + Math.exp((-MAX_R * MAX_R) / 2) * 0.5;
}

const iso = (s: number) => [s * s, 0, s * s] as const;

describe('sideProbabilities near bends and ends (numeric integration)', () => {
  const cases: [string, GeoPoint[][], GeoPoint, number][] = [
    // Rays past the line's end change side with no segment crossed.
    [
      'a line that ends 100 m north of the event',
      [[km(0, -200), km(0, 0.1)]],
      km(-0.05, 0),
      100,
    ],
    // A spike narrower than one step of a ray: two crossings in a step.
    [
      'a spike 300 m long and 100 m wide pointing at the event',
      [[km(0, -200), km(0, -0.05), km(0.3, 0), km(0, 0.05), km(0, 200)]],
      km(0.5, 0),
      1000,
    ],
    // A comb of three teeth: rays going north cross its six edges 20 m
    // apart, several of them within one step of a ray.
    [
      'a comb of three teeth crossed side to side',
      [
        [
          km(0, -200),
          km(0, -0.06),
          km(0.3, -0.04),
          km(0, -0.02),
          km(0.3, 0),
          km(0, 0.02),
          km(0.3, 0.04),
          km(0, 0.06),
          km(0, 200),
        ],
      ],
      km(0.15, -0.5),
      1000,
    ],
    [
      'a line with a repeated vertex beside the event',
      [[km(0, -200), km(0, -0.1), km(0, -0.1), km(0.2, 0.1), km(0, 200)]],
      km(-0.05, 0),
      150,
    ],
  ];

  it.each(cases)('%s matches brute force', (_name, parts, p, sigma) => {
    const line = buildLineIndex(parts);
    const got = sideProbabilities(line, p, iso(sigma));
    expect(got.left + got.right).toBe(1);
    expect(Math.abs(got.left - referenceLeft(line, p, sigma))).toBeLessThan(
      0.01
    );
  });
});
