/** A uniform pseudo-random source on [0, 1). Randomness is always a parameter (DESIGN 3). */
export type Prng = () => number;

/**
 * A seeded generator: Marsaglia's xorshift32 (shifts 13, 17, 5) plus a Weyl
 * sequence to break up its linear structure. For simulations and tests, not
 * for anything secret.
 */
export function createPrng(seed: number): Prng {
  let x = (seed ^ 0x9e3779b9) >>> 0 || 0x6d2b79f5;
  let w = seed >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    w = (w + 0x61c88647) >>> 0;
    return ((x + w) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller). */
export function gaussianDraw(rng: Prng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** `k` distinct items of `xs` chosen uniformly (partial Fisher–Yates), in draw order. */
export function sampleWithoutReplacement<T>(
  xs: readonly T[],
  k: number,
  rng: Prng
): T[] {
  const a = [...xs];
  const n = Math.min(k, a.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, n);
}
