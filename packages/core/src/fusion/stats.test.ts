import { describe, expect, it } from 'vitest';
import { createPrng, gaussianDraw, sampleWithoutReplacement } from './prng.js';
import { chiSquareQuantile, median, normalQuantile } from './stats.js';

describe('normalQuantile', () => {
  it('matches tabulated quantiles in the centre and both tails', () => {
    // Abramowitz & Stegun table 26.5.
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874, 8);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306, 8);
  });

  it('is ±∞ at 0 and 1 and NaN outside', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });
});

describe('chiSquareQuantile', () => {
  it('is exact for 1 and 2 degrees of freedom', () => {
    expect(chiSquareQuantile(0.95, 1)).toBeCloseTo(3.841458821, 7);
    expect(chiSquareQuantile(0.95, 2)).toBeCloseTo(5.991464547, 9);
  });

  it('is within 0.5 % of tabulated values for more (Wilson–Hilferty)', () => {
    for (const [p, dof, want] of [
      [0.99, 6, 16.811894],
      [0.95, 10, 18.307038],
      [0.01, 20, 8.260398],
    ] as const) {
      expect(Math.abs(chiSquareQuantile(p, dof) / want - 1)).toBeLessThan(
        0.005
      );
    }
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('looks at the first n values only, and is NaN for none', () => {
    expect(median(Float64Array.from([9, 1, 5, 100, 100]), 3)).toBe(5);
    expect(median([])).toBeNaN();
  });
});

describe('prng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const c = createPrng(43);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('draws standard normal values (mean 0, variance 1 within sampling error)', () => {
    const rng = createPrng(7);
    const n = 20000;
    const xs = Array.from({ length: n }, () => gaussianDraw(rng));
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
    // 5 standard errors: 5/√n for the mean, 5·√(2/n) for the variance.
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
  });

  it('samples k distinct items, or all of them when k is larger', () => {
    const rng = createPrng(1);
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];
    const some = sampleWithoutReplacement(items, 4, rng);
    expect(some).toHaveLength(4);
    expect(new Set(some).size).toBe(4);
    for (const x of some) expect(items).toContain(x);
    expect([...sampleWithoutReplacement(items, 10, rng)].sort()).toEqual(items);
    expect(items).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });
});
