import { choleskyInPlace, choleskySolveInPlace } from './linalg.js';
import {
  addArrivalCurvature,
  evaluateModel,
  isMeasurementRow,
  type SolverModel,
} from './solver-model.js';

/** Robust Levenberg–Marquardt settings. */
export type LmOptions = {
  /** Huber threshold in σ; Infinity for plain least squares. */
  huberK: number;
  maxIterations: number;
};

export type LmOutcome = {
  cost: number;
  iterations: number;
  converged: boolean;
};

/** Huber loss of a standardised residual. */
export function huberLoss(r: number, k: number): number {
  const a = Math.abs(r);
  return a <= k ? (r * r) / 2 : k * a - (k * k) / 2;
}

/** The robust cost Σρ(rᵢ): Huber on measurements, quadratic on priors. */
export function robustCost(m: SolverModel, r: Float64Array, k: number): number {
  let cost = 0;
  for (let i = 0; i < m.rows; i++) {
    const v = r[i]!;
    cost += isMeasurementRow(m, i) ? huberLoss(v, k) : (v * v) / 2;
  }
  return cost;
}

/** Scratch buffers reused across iterations of one solve. */
type Work = {
  r: Float64Array;
  rTry: Float64Array;
  jac: Float64Array;
  h: Float64Array;
  a: Float64Array;
  g: Float64Array;
  /** Diagonal of the Gauss–Newton part, the damping scale. */
  scale: Float64Array;
  thetaTry: Float64Array;
};

// Scratch buffers by shape; solves never nest, so one set per shape will do.
const works = new Map<number, Work>();

function workFor(m: SolverModel): Work {
  const p = m.p;
  const key = m.rows * 8 + p;
  let w = works.get(key);
  if (w === undefined) {
    w = {
      r: new Float64Array(m.rows),
      rTry: new Float64Array(m.rows),
      jac: new Float64Array(m.rows * p),
      h: new Float64Array(p * p),
      a: new Float64Array(p * p),
      g: new Float64Array(p),
      scale: new Float64Array(p),
      thetaTry: new Float64Array(p),
    };
    if (works.size > 256) works.clear();
    works.set(key, w);
  }
  return w;
}

/** Accumulates the IRLS normal equations H = JᵀΩJ, g = JᵀΩr. */
function normalEquations(m: SolverModel, w: Work, k: number): void {
  const p = m.p;
  w.h.fill(0);
  w.g.fill(0);
  for (let i = 0; i < m.rows; i++) {
    const ri = w.r[i]!;
    const a = Math.abs(ri);
    const omega = isMeasurementRow(m, i) && a > k ? k / a : 1;
    const row = i * p;
    for (let u = 0; u < p; u++) {
      const ju = w.jac[row + u]!;
      if (ju === 0) continue;
      const wju = omega * ju;
      w.g[u] = w.g[u]! + wju * ri;
      for (let v = 0; v <= u; v++)
        w.h[u * p + v] = w.h[u * p + v]! + wju * w.jac[row + v]!;
    }
  }
  for (let u = 0; u < p; u++) {
    for (let v = 0; v < u; v++) w.h[v * p + u] = w.h[u * p + v]!;
    w.scale[u] = w.h[u * p + u]!;
  }
}

// A step counts as converged when it moves the source less than this many
// metres and the time by less than this many seconds (noiseless data then
// reproduces the true point to about 1e-9 m), or when it lowers the cost
// by less than COST_TOL of itself. At 1e-12 (before fusion 1.11.0) 7 % of
// the field network's fits crawled to the 50-iteration cap, a quarter of
// all iterations; at 1e-9 the same events came out on hard seed 7001 (1 h)
// with no position moved by more than 0.11 mm (1e-5 of its σ), for a fifth
// less CPU. Noiseless data, whose cost falls by orders of magnitude per
// step, still stops on the step size.
const STEP_TOL_M = 1e-9;
const STEP_TOL_S = 1e-13;
const COST_TOL = 1e-9;

/**
 * Minimises the robust cost over θ in place by Levenberg–Marquardt with
 * Marquardt's diagonal scaling and Huber IRLS weights.
 */
export function solveLevenbergMarquardt(
  m: SolverModel,
  theta: Float64Array,
  opts: LmOptions
): LmOutcome {
  const p = m.p;
  const w = workFor(m);
  evaluateModel(m, theta, w.r, w.jac);
  let cost = robustCost(m, w.r, opts.huberK);
  let lambda = 1e-3;
  let iterations = 0;
  while (iterations < opts.maxIterations) {
    iterations++;
    normalEquations(m, w, opts.huberK);
    addArrivalCurvature(m, theta, w.r, opts.huberK, w.h);
    let accepted = false;
    let small = false;
    while (lambda < 1e12) {
      for (let u = 0; u < p * p; u++) w.a[u] = w.h[u]!;
      for (let u = 0; u < p; u++) {
        const d = w.scale[u]!;
        w.a[u * p + u] = w.h[u * p + u]! + lambda * d + 1e-12 * (1 + d);
      }
      if (!choleskyInPlace(w.a, p)) {
        lambda *= 10;
        continue;
      }
      for (let u = 0; u < p; u++) w.thetaTry[u] = -w.g[u]!;
      choleskySolveInPlace(w.a, p, w.thetaTry);
      small = true;
      for (let u = 0; u < p; u++) {
        const step = w.thetaTry[u]!;
        const tol =
          u === m.it && m.it >= 0
            ? STEP_TOL_S
            : STEP_TOL_M * (1 + Math.abs(theta[u]!));
        if (Math.abs(step) > tol) small = false;
        w.thetaTry[u] = theta[u]! + step;
      }
      evaluateModel(m, w.thetaTry, w.rTry, null);
      const next = robustCost(m, w.rTry, opts.huberK);
      if (next <= cost) {
        theta.set(w.thetaTry);
        // No relative progress left: noisy data has reached its minimum
        // (noiseless data keeps shrinking the cost until the step is tiny).
        if (cost - next <= COST_TOL * cost) small = true;
        accepted = true;
        cost = next;
        lambda = Math.max(lambda / 3, 1e-12);
        break;
      }
      if (small) break;
      lambda *= 4;
    }
    // A step too small to matter that still raises the cost: a minimum.
    if (small) return { cost, iterations, converged: true };
    if (!accepted) return { cost, iterations, converged: false };
    evaluateModel(m, theta, w.r, w.jac);
  }
  return { cost, iterations, converged: false };
}
