import { describe, expect, it } from 'vitest';
import { normalCdf } from './normal-cdf.js';

// Reference values of Φ from the exact relation Φ(x) = erfc(-x/√2)/2.
const TABLE: [number, number][] = [
  [0, 0.5],
  [0.5, 0.691462461274013],
  [1, 0.841344746068543],
  [1.959963984540054, 0.975],
  [2, 0.977249868051821],
  [-2, 0.0227501319481792],
  [-3, 0.00134989803163009],
  [-4.5, 3.39767312473006e-6],
  [-6, 9.86587645037698e-10],
  [-10, 7.61985302416053e-24],
];

describe('normalCdf', () => {
  it.each(TABLE)('Φ(%s) = %s', (x, want) => {
    const got = normalCdf(x);
    expect(Math.abs(got - want)).toBeLessThan(1e-14 + want * 1e-11);
  });

  it('is symmetric: Φ(-x) = 1 - Φ(x)', () => {
    for (let x = 0; x < 8; x += 0.173) {
      expect(normalCdf(-x) + normalCdf(x)).toBeCloseTo(1, 14);
    }
  });

  it('is non-decreasing, across the switch between methods too', () => {
    let prev = 0;
    for (let x = -9; x < 9; x += 0.001) {
      const p = normalCdf(x);
      expect(p).toBeGreaterThanOrEqual(prev);
      prev = p;
    }
  });

  it('handles the infinities and NaN', () => {
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(NaN)).toBeNaN();
  });
});
