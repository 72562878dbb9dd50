/** How failed webhook deliveries are retried. */
export type RetryPolicy = {
  /** Delay before the first retry (default 5 s). */
  baseMs: number;
  /** Each retry waits this many times longer than the one before (default 2). */
  factor: number;
  /** No single wait is longer (default 1 h). */
  maxMs: number;
  /** Attempts in all, the first included; then the delivery fails (default 12). */
  maxAttempts: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 5_000,
  factor: 2,
  maxMs: 3_600_000,
  maxAttempts: 12,
};

/**
 * The wait after failed attempt `attempt` (1-based) before the next, or
 * undefined when no attempt is left. Pure: `random` (uniform in [0, 1))
 * is a parameter. "Equal jitter": half the exponential step is fixed, half
 * random, so receivers that failed together do not all come back at once,
 * and each wait is still at least as long as the one before (the ranges
 * [s/2, s) and [s, 2s) never overlap) until the cap.
 */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number
): number | undefined {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt must be a positive integer, not ${attempt}`);
  }
  if (attempt >= policy.maxAttempts) return undefined;
  const step = Math.min(
    policy.maxMs,
    policy.baseMs * policy.factor ** (attempt - 1)
  );
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(step / 2 + (step / 2) * r);
}
