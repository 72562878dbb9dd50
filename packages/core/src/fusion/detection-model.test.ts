import { describe, expect, it } from 'vitest';
import { snrLogLikelihoodRatio } from './detection-model.js';

describe('snrLogLikelihoodRatio', () => {
  // Exponential SNRs with means 5 and 20 dB: the ratio is
  // ln(5/20) + x (1/5 - 1/20), zero at x = ln 4 / 0.15 ≈ 9.24 dB.
  it.each([
    { desc: 'SNR not modelled (clutter mean 0)', c: 0, s: 20, x: 30, want: 0 },
    { desc: 'SNR not modelled (source mean 0)', c: 5, s: 0, x: 30, want: 0 },
    {
      desc: 'a loud pulse favours a source',
      c: 5,
      s: 20,
      x: 25,
      want: Math.log(0.25) + 25 * 0.15,
    },
    {
      desc: 'a quiet pulse favours clutter',
      c: 5,
      s: 20,
      x: 2,
      want: Math.log(0.25) + 2 * 0.15,
    },
    {
      desc: 'at the crossing the SNR says nothing',
      c: 5,
      s: 20,
      x: Math.log(4) / 0.15,
      want: 0,
    },
    {
      desc: 'below 0 dB counts as 0 dB',
      c: 5,
      s: 20,
      x: -6,
      want: Math.log(0.25),
    },
  ])('$desc', ({ c, s, x, want }) => {
    expect(snrLogLikelihoodRatio(c, s, x)).toBeCloseTo(want, 12);
  });
});
