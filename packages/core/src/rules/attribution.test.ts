/// <reference types="vite/client" />
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EnuCovariance } from '../fusion/located-event.js';
import { buildLineIndex } from '../geo/line-index.js';
import {
  ATTRIBUTION_RAYS,
  attributeSides,
  sideProbabilities,
} from './attribution.js';
import { normalCdf } from './normal-cdf.js';
import { km } from './vector-fixture.js';

/** One case of test-vectors/rules/attribution: a line, a position, its error. */
type AttributionVector = {
  desc: string;
  lineKm: [number, number][][];
  at: [number, number];
  sigmaM?: number;
  covariance?: EnuCovariance;
  want: { left?: number; leftMin?: number };
  tolerance: number;
};

const files = import.meta.glob<AttributionVector>(
  '../../test-vectors/rules/attribution/*.json',
  { eager: true, import: 'default' }
);

const lineOf = (parts: [number, number][][]) =>
  buildLineIndex(parts.map((part) => part.map(([e, n]) => km(e, n))));
const iso = (sigma: number): EnuCovariance => [sigma * sigma, 0, sigma * sigma];

describe('sideProbabilities vectors', () => {
  describe.each(Object.entries(files))('%s', (_path, v) => {
    it(v.desc, () => {
      const cov = v.covariance ?? iso(v.sigmaM ?? 100);
      const got = sideProbabilities(
        lineOf(v.lineKm),
        km(v.at[0], v.at[1]),
        cov
      );
      expect(got.left + got.right).toBeCloseTo(1, 12);
      if (v.want.left !== undefined) {
        expect(Math.abs(got.left - v.want.left)).toBeLessThanOrEqual(
          v.tolerance
        );
      }
      if (v.want.leftMin !== undefined) {
        expect(got.left).toBeGreaterThanOrEqual(v.want.leftMin);
      }
    });
  });
});

describe('sideProbabilities', () => {
  const straight = lineOf([
    [
      [0, -200],
      [0, 200],
    ],
  ]);
  // The same line with extra vertices near ORIGIN: integrated numerically.
  const jointed = lineOf([
    [
      [0, -200],
      [0, -0.2],
      [0, 0.3],
      [0, 200],
    ],
  ]);
  // A right-angle bend at ORIGIN, opening west: its left is the 90° wedge.
  const vee = lineOf([
    [
      [-30, -30],
      [0, 0],
      [-30, 30],
    ],
  ]);
  const covariance = fc
    .record({
      major: fc.double({ min: 20, max: 2000, noNaN: true }),
      ratio: fc.double({ min: 0.1, max: 1, noNaN: true }),
      angle: fc.double({ min: 0, max: Math.PI, noNaN: true }),
    })
    .map(({ major, ratio, angle }): EnuCovariance => {
      const a = major * major;
      const b = (major * ratio) ** 2;
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      return [a * c * c + b * s * s, (a - b) * c * s, a * s * s + b * c * c];
    });

  it('is Φ(distance / σ across the line) along a straight stretch', () => {
    fc.assert(
      fc.property(
        covariance,
        fc.double({ min: -3, max: 3, noNaN: true }),
        (cov, eastKm) => {
          const p = km(eastKm, 0);
          const got = sideProbabilities(straight, p, cov).left;
          const sigmaEast = Math.sqrt(cov[0]);
          // From the point km() gives, which it rounds to 1e-7° (some
          // 7 mm): at σ = 20 m the requested distance was up to 1.5e-4 off.
          const distance = straight.signedDistanceM(p);
          // Within the WGS84 sphere approximation of distances (0.2 %).
          const lo = normalCdf(
            (distance - Math.abs(distance) * 0.002) / sigmaEast
          );
          const hi = normalCdf(
            (distance + Math.abs(distance) * 0.002) / sigmaEast
          );
          // Within 1 mm a point is on the line (0.5): 2e-5 at most for σ ≥ 20 m.
          expect(got).toBeGreaterThanOrEqual(lo - 3e-5);
          expect(got).toBeLessThanOrEqual(hi + 3e-5);
        }
      )
    );
  });

  it('integrates numerically to the closed form (1e-3; 1/RAYS within σ/2)', () => {
    fc.assert(
      fc.property(
        covariance,
        fc.double({ min: -1, max: 1, noNaN: true }),
        (cov, eastKm) => {
          const p = km(eastKm, 0);
          const closed = sideProbabilities(straight, p, cov).left;
          const numeric = sideProbabilities(jointed, p, cov).left;
          const near = Math.abs(eastKm * 1000) < Math.sqrt(cov[0]) / 2;
          const tolerance = near ? 1 / ATTRIBUTION_RAYS : 1e-3;
          expect(Math.abs(numeric - closed)).toBeLessThan(tolerance);
        }
      ),
      { numRuns: 100 }
    );
  });

  it('is symmetric: a mirrored position swaps the sides', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: 10, max: 1000, noNaN: true }),
        (eastKm, sigma) => {
          const a = sideProbabilities(straight, km(eastKm, 0), iso(sigma));
          const b = sideProbabilities(straight, km(-eastKm, 0), iso(sigma));
          expect(a.left).toBeCloseTo(b.right, 9);
        }
      )
    );
  });

  describe('moving an event further from the line', () => {
    it('never lowers the probability of its side (straight line)', () => {
      fc.assert(
        fc.property(
          covariance,
          fc.double({ min: 0, max: 3, noNaN: true }),
          fc.double({ min: 0.001, max: 2, noNaN: true }),
          fc.boolean(),
          (cov, d, step, west) => {
            const s = west ? -1 : 1;
            const near = sideProbabilities(straight, km(s * d, 0), cov);
            const far = sideProbabilities(straight, km(s * (d + step), 0), cov);
            const side = west ? 'left' : 'right';
            expect(far[side]).toBeGreaterThanOrEqual(near[side]);
          }
        )
      );
    });

    it('never lowers it at a bend, moving into or out of the wedge (to 1e-4)', () => {
      fc.assert(
        fc.property(
          covariance,
          fc.double({ min: 0, max: 2, noNaN: true }),
          fc.double({ min: 0.01, max: 1, noNaN: true }),
          fc.double({
            min: -Math.PI / 4 + 0.1,
            max: Math.PI / 4 - 0.1,
            noNaN: true,
          }),
          fc.boolean(),
          (cov, d, step, angle, inside) => {
            // Directions strictly within 45° of due west lie inside the
            // wedge's cone: the wedge moved that way contains itself.
            const s = inside ? -1 : 1;
            const at = (r: number) =>
              km(s * r * Math.cos(angle), r * Math.sin(angle));
            const side = inside ? 'left' : 'right';
            const near = sideProbabilities(vee, at(d), cov)[side];
            const far = sideProbabilities(vee, at(d + step), cov)[side];
            expect(far).toBeGreaterThanOrEqual(near - 1e-4);
          }
        ),
        { numRuns: 60 }
      );
    });
  });

  it('treats a zero covariance as a point', () => {
    expect(sideProbabilities(straight, km(-0.01, 0), [0, 0, 0])).toEqual({
      left: 1,
      right: 0,
    });
    expect(sideProbabilities(straight, km(0, 0), [0, 0, 0])).toEqual({
      left: 0.5,
      right: 0.5,
    });
  });

  it('gives 0.5 each side for an empty line', () => {
    expect(sideProbabilities(buildLineIndex([]), km(0, 0), iso(10))).toEqual({
      left: 0.5,
      right: 0.5,
    });
  });
});

describe('attributeSides', () => {
  const parties = { leftParty: 'A', parties: [{ id: 'A' }, { id: 'B' }] };
  const cases: [string, number, number, string | null][] = [
    ['names the left party at the threshold', 0.9, 0.9, 'A'],
    ['names the right party when it is likelier', 0.02, 0.9, 'B'],
    ['names no party below the threshold', 0.85, 0.9, null],
    ['names no party on a tie, even at threshold 0.5', 0.5, 0.5, null],
  ];
  it.each(cases)('%s', (_d, left, threshold, party) => {
    const got = attributeSides({ left, right: 1 - left }, parties, threshold);
    expect(got).toEqual({ party, probability: Math.max(left, 1 - left) });
  });
});
