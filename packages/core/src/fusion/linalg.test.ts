import { describe, expect, it } from 'vitest';
import { arrayOf, float64Of, symmetricInverse } from './linalg.js';

describe('float64Of and arrayOf', () => {
  const items = [{ v: 1.5 }, { v: -2 }, { v: 1e-300 }];
  it('give what Float64Array.from and Array.from give', () => {
    expect(float64Of(items, (x) => x.v * 3)).toEqual(
      Float64Array.from(items, (x) => x.v * 3)
    );
    expect(arrayOf(4, (i) => i * i)).toEqual(
      Array.from({ length: 4 }, (_, i) => i * i)
    );
  });
  it('give empty arrays for no items', () => {
    expect(float64Of([], () => 1)).toEqual(new Float64Array(0));
    expect(arrayOf(0, () => 1)).toEqual([]);
  });
});

describe('symmetricInverse', () => {
  it('inverts a positive definite matrix', () => {
    const a = Float64Array.from([4, 2, 2, 3]);
    const out = new Float64Array(4);
    expect(symmetricInverse(a, 2, out)).toBe(true);
    // [[4, 2], [2, 3]]⁻¹ = [[3, −2], [−2, 4]] / 8
    [3 / 8, -2 / 8, -2 / 8, 4 / 8].forEach((want, i) =>
      expect(out[i]).toBeCloseTo(want, 14)
    );
  });
  it('refuses a singular one', () => {
    const out = new Float64Array(4);
    expect(symmetricInverse(Float64Array.from([1, 1, 1, 1]), 2, out)).toBe(
      false
    );
  });
});
