import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './rate-limit.js';

describe('TokenBuckets', () => {
  it('allows a burst, then refills at the rate', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 2, burst: 3 });
    const taken = [0, 0, 0, 0].map(() => buckets.take('s1', 1000));
    expect(taken).toEqual([true, true, true, false]);
    expect(buckets.retryAfterSeconds('s1')).toBe(1);
    expect(buckets.take('s1', 1400)).toBe(false);
    expect(buckets.take('s1', 1500)).toBe(true);
  });

  it('keeps keys apart', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 1 });
    expect(buckets.take('a', 0)).toBe(true);
    expect(buckets.take('a', 0)).toBe(false);
    expect(buckets.take('b', 0)).toBe(true);
  });

  it('ignores a clock that goes backwards', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 1 });
    expect(buckets.take('a', 5000)).toBe(true);
    expect(buckets.take('a', 1000)).toBe(false);
  });
});
