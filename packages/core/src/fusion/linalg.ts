/*
 * Small dense linear algebra for the solvers: n ≤ 6, row-major Float64Array,
 * no allocation in the hot path. Only what normal equations need, and the
 * loops that fill the solver's arrays (float64Of, arrayOf).
 */

/**
 * Cholesky factorisation A = L·Lᵀ of a symmetric n×n matrix, in place (the
 * lower triangle becomes L). False when A is not numerically positive definite.
 */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const diag = a[j * n + j]!;
    let d = diag;
    for (let k = 0; k < j; k++) d -= a[j * n + k]! ** 2;
    // A pivot that lost all but ~1e-12 of its diagonal is rank deficiency
    // hidden by round-off, not information.
    if (!(d > 1e-12 * diag) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / ljj;
    }
  }
  return true;
}

/** Solves L·Lᵀ·x = b in place, given the factor from `choleskyInPlace`. */
export function choleskySolveInPlace(
  l: Float64Array,
  n: number,
  b: Float64Array
): void {
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
}

/**
 * The inverse of a symmetric positive-definite n×n matrix into `out`, or
 * false when it is singular. `a` is left unchanged.
 */
export function symmetricInverse(
  a: Float64Array,
  n: number,
  out: Float64Array
): boolean {
  const l = Float64Array.from(a.subarray(0, n * n));
  if (!choleskyInPlace(l, n)) return false;
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    col.fill(0);
    col[j] = 1;
    choleskySolveInPlace(l, n, col);
    for (let i = 0; i < n; i++) out[i * n + j] = col[i]!;
  }
  // Symmetrise away round-off so covariances are exactly symmetric.
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const m = (out[i * n + j]! + out[j * n + i]!) / 2;
      out[i * n + j] = m;
      out[j * n + i] = m;
    }
  }
  return true;
}

/** Solves the 2×2 system [a b; c d]·x = [e f]; undefined when singular. */
export function solve2(
  a: number,
  b: number,
  c: number,
  d: number,
  e: number,
  f: number
): [number, number] | undefined {
  const det = a * d - b * c;
  const scale = Math.abs(a * d) + Math.abs(b * c);
  if (!(Math.abs(det) > 1e-12 * scale)) return undefined;
  return [(e * d - b * f) / det, (a * f - c * e) / det];
}

/**
 * `Float64Array.from(items, f)` by a plain loop: the built-in with a
 * mapping function costs about a microsecond a call in Node 20, which the
 * solver, building a model per fit, pays hundreds of thousands of times.
 */
export function float64Of<T>(
  items: readonly T[],
  f: (item: T) => number
): Float64Array {
  const out = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) out[i] = f(items[i]!);
  return out;
}

/** `Array.from({ length: n }, (_, i) => f(i))` by a plain loop (see float64Of). */
export function arrayOf<T>(n: number, f: (i: number) => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(f(i));
  return out;
}
