import { describe, expect, it } from 'vitest';
import { buildHistogram, snapWindow } from './histogram.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 1);

describe('buildHistogram', () => {
  it('has nothing to show for no times', () => {
    expect(buildHistogram([])).toBeUndefined();
    expect(buildHistogram([NaN])).toBeUndefined();
  });

  it('bins a day into whole hours, aligned to the hour, counting every time once', () => {
    const times = [T0 + 5 * 60_000, T0 + 10 * 60_000, T0 + 23.5 * HOUR, NaN];
    const h = buildHistogram(times, 30)!;
    expect(h.binMs).toBe(HOUR);
    expect(h.start).toBe(T0);
    expect(h.counts.length).toBe(24);
    expect(h.counts[0]).toBe(2);
    expect(h.counts[23]).toBe(1);
    expect(h.counts.reduce((s, c) => s + c, 0)).toBe(3);
  });

  it('widens its bins to stay within maxBins', () => {
    const h = buildHistogram([T0, T0 + 40 * 86_400_000], 30)!;
    expect(h.counts.length).toBeLessThanOrEqual(30);
    expect(h.binMs % 86_400_000).toBe(0);
  });
});

describe('snapWindow', () => {
  it('snaps a brushed span outward to whole bins, in either direction', () => {
    const h = buildHistogram([T0, T0 + 10 * HOUR], 30)!;
    expect(snapWindow(h, T0 + 3.5 * HOUR, T0 + 1.2 * HOUR)).toEqual([
      T0 + HOUR,
      T0 + 4 * HOUR,
    ]);
  });

  it('stays within the histogram', () => {
    const h = buildHistogram([T0, T0 + 10 * HOUR], 30)!;
    expect(snapWindow(h, T0 - 5 * HOUR, T0 + 50 * HOUR)).toEqual([
      h.start,
      h.end,
    ]);
  });
});
