/**
 * A token bucket per key: `ratePerSecond` tokens flow in, up to `burst`
 * saved. Time comes in as a parameter, so tests need no real clock.
 */
export class TokenBuckets {
  readonly #rate: number;
  readonly #burst: number;
  readonly #buckets = new Map<string, { tokens: number; atMs: number }>();

  constructor(options: { ratePerSecond: number; burst: number }) {
    this.#rate = options.ratePerSecond;
    this.#burst = options.burst;
  }

  /** Takes one token for `key` if there is one. */
  take(key: string, nowMs: number): boolean {
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: this.#burst, atMs: nowMs };
      this.#buckets.set(key, bucket);
    }
    const elapsed = Math.max(0, nowMs - bucket.atMs) / 1000;
    bucket.tokens = Math.min(this.#burst, bucket.tokens + elapsed * this.#rate);
    bucket.atMs = nowMs;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Seconds until `key` has a token again (0 if it has one now). */
  retryAfterSeconds(key: string): number {
    const bucket = this.#buckets.get(key);
    if (bucket === undefined || bucket.tokens >= 1) return 0;
    return Math.ceil((1 - bucket.tokens) / this.#rate);
  }
}
