import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from './retry-schedule.js';

const policy = { baseMs: 1000, factor: 2, maxMs: 10_000, maxAttempts: 6 };

describe('retryDelayMs', () => {
  it('grows exponentially, half fixed and half jitter', () => {
    expect([1, 2, 3].map((n) => retryDelayMs(n, policy, () => 0))).toEqual([
      500, 1000, 2000,
    ]);
    expect(
      [1, 2, 3].map((n) => retryDelayMs(n, policy, () => 0.999999))
    ).toEqual([1000, 2000, 4000]);
  });

  it('never waits less than the wait before, whatever the jitter', () => {
    const draws = [0.99, 0, 0.99, 0, 0.5];
    let k = 0;
    const random = () => draws[k++ % draws.length]!;
    const delays = [1, 2, 3, 4, 5].map((n) => retryDelayMs(n, policy, random)!);
    for (let i = 1; i < delays.length; i++) {
      expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]!);
    }
  });

  it('caps each wait at maxMs', () => {
    expect(retryDelayMs(5, policy, () => 0.999999)).toBe(10_000);
  });

  it('has no wait after the last attempt', () => {
    expect(retryDelayMs(6, policy, () => 0)).toBeUndefined();
    expect(
      retryDelayMs(
        DEFAULT_RETRY_POLICY.maxAttempts,
        DEFAULT_RETRY_POLICY,
        () => 0
      )
    ).toBeUndefined();
  });

  it('clamps a random source outside [0, 1)', () => {
    expect(retryDelayMs(1, policy, () => 7)).toBe(1000);
    expect(retryDelayMs(1, policy, () => -1)).toBe(500);
  });

  it('refuses an attempt number that is not a positive integer', () => {
    expect(() => retryDelayMs(0, policy, () => 0)).toThrow(RangeError);
    expect(() => retryDelayMs(1.5, policy, () => 0)).toThrow(RangeError);
  });
});
