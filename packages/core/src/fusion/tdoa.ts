import { choleskyInPlace, choleskySolveInPlace, solve2 } from './linalg.js';
import type { SolverModel } from './solver-model.js';

/** A horizontal starting point for the iterative solver. */
export type HorizontalGuess = { east: number; north: number };

/*
 * Closed-form TDOA position with the source on the plane up = zPlane and a
 * known speed c. With the earliest sensor k as reference and rᵢ the range to
 * sensor i, rᵢ = r_k + c·(tᵢ − t_k) and squaring gives, for each i ≠ k, the
 * linear equation 2(sᵢ − s_k)·p + 2c(tᵢ − t_k)·r_k = Kᵢ − K_k − c²(tᵢ − t_k)²
 * in the horizontal position p and r_k (Kᵢ = |sᵢ − s_k|²_horizontal +
 * (zᵢ − zPlane)²). Solving for p as an affine function of r_k and putting it
 * into r_k² = |p − s_k|² + (z_k − zPlane)² leaves a quadratic: its roots are
 * the candidates (a TDOA triple has up to two). With four or more sensors
 * the unconstrained least-squares solution of the linear system is added.
 */
export function tdoaClosedForm(
  m: SolverModel,
  c: number,
  zPlane: number
): HorizontalGuess[] {
  return tdoaClosedFormArrays(m, m.na, c, zPlane);
}

/** Sensor coordinates and arrival times as parallel arrays; `aOn` may switch some off. */
export type ArrivalArrays = {
  ax: ArrayLike<number>;
  ay: ArrayLike<number>;
  az: ArrayLike<number>;
  at: ArrayLike<number>;
  aOn?: ArrayLike<number>;
};

/** `tdoaClosedForm` on the first `n` entries of plain arrays. */
export function tdoaClosedFormArrays(
  m: ArrivalArrays,
  n: number,
  c: number,
  zPlane: number
): HorizontalGuess[] {
  const on = (i: number): boolean => m.aOn === undefined || m.aOn[i] !== 0;
  let k = -1;
  for (let i = 0; i < n; i++) {
    if (!on(i)) continue;
    if (k < 0 || m.at[i]! < m.at[k]!) k = i;
  }
  if (k < 0) return [];
  const xk = m.ax[k]!;
  const yk = m.ay[k]!;
  const zk = m.az[k]! - zPlane;
  const kk = zk * zk;
  // Normal equations of A·[x y] + 2d·r = rhs, and of the 3-unknown system.
  let n11 = 0;
  let n12 = 0;
  let n22 = 0;
  let b1 = 0;
  let b2 = 0;
  let d1 = 0;
  let d2 = 0;
  const n3 = new Float64Array(9);
  const b3 = new Float64Array(3);
  let rows = 0;
  for (let i = 0; i < n; i++) {
    if (i === k || !on(i)) continue;
    const x = m.ax[i]! - xk;
    const y = m.ay[i]! - yk;
    const z = m.az[i]! - zPlane;
    const di = c * (m.at[i]! - m.at[k]!);
    const a1 = 2 * x;
    const a2 = 2 * y;
    const a3 = 2 * di;
    const rhs = x * x + y * y + z * z - kk - di * di;
    n11 += a1 * a1;
    n12 += a1 * a2;
    n22 += a2 * a2;
    b1 += a1 * rhs;
    b2 += a2 * rhs;
    d1 += a1 * a3;
    d2 += a2 * a3;
    const row = [a1, a2, a3];
    for (let u = 0; u < 3; u++) {
      b3[u] = b3[u]! + row[u]! * rhs;
      for (let v = 0; v < 3; v++)
        n3[u * 3 + v] = n3[u * 3 + v]! + row[u]! * row[v]!;
    }
    rows++;
  }
  if (rows < 2) return [];
  const out: HorizontalGuess[] = [];
  const uSol = solve2(n11, n12, n12, n22, b1, b2);
  const vSol = solve2(n11, n12, n12, n22, -d1, -d2);
  if (uSol !== undefined && vSol !== undefined) {
    const [ux, uy] = uSol;
    const [vx, vy] = vSol;
    const qa = vx * vx + vy * vy - 1;
    const qb = 2 * (ux * vx + uy * vy);
    const qc = ux * ux + uy * uy + kk;
    const roots: number[] = [];
    if (Math.abs(qa) < 1e-12) {
      if (qb !== 0) roots.push(-qc / qb);
    } else {
      const disc = qb * qb - 4 * qa * qc;
      // A slightly negative discriminant is noise around a double root.
      const s = Math.sqrt(Math.max(0, disc));
      if (disc > -1e-6 * qb * qb)
        roots.push((-qb - s) / (2 * qa), (-qb + s) / (2 * qa));
    }
    for (const r of roots) {
      if (!(r >= 0) || !Number.isFinite(r)) continue;
      out.push({ east: xk + ux + vx * r, north: yk + uy + vy * r });
    }
  }
  if (rows >= 3 && choleskyInPlace(n3, 3)) {
    choleskySolveInPlace(n3, 3, b3);
    if (Number.isFinite(b3[0]!) && Number.isFinite(b3[1]!)) {
      out.push({ east: xk + b3[0]!, north: yk + b3[1]! });
    }
  }
  return out;
}
