import { describe, expect, it } from 'vitest';
import { compareText, normalizeDeg, round } from './world.js';

describe('normalizeDeg', () => {
  const cases: [number, number][] = [
    [0, 0],
    [-90, 270],
    [360, 0],
    [725, 5],
    [-1e-15, 0],
    [359.5, 359.5],
  ];
  it.each(cases)('brings %f to %f', (x, want) => {
    expect(normalizeDeg(x)).toBe(want);
  });
});

describe('round', () => {
  const cases: [number, number, number][] = [
    [37.1234565, 6, 37.123457],
    [-0.04, 1, 0],
    [12.25, 1, 12.3],
    [1e-7, 6, 0],
  ];
  it.each(cases)('rounds %f to %i digits: %f', (x, digits, want) => {
    expect(Object.is(round(x, digits), want)).toBe(true);
  });
});

describe('compareText', () => {
  it('orders by code unit, the same in every locale', () => {
    expect(['b', 'B', 'a', 'ä'].sort(compareText)).toEqual([
      'B',
      'a',
      'b',
      'ä',
    ]);
  });
});
