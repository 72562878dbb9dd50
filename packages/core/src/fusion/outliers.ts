import { solveLevenbergMarquardt, type LmOptions } from './lm.js';
import { evaluateModel, isRowOn, type SolverModel } from './solver-model.js';
import { chiSquareQuantile, median } from './stats.js';

export type OutlierOptions = {
  /** Reject beyond this many robust σ. */
  outlierK: number;
  maxOutliers: number;
  /** Leave-one-out testing up to this many measurements. */
  leaveOneOutMax: number;
};

function setRow(m: SolverModel, i: number, on: 0 | 1): void {
  if (i < m.na) m.aOn[i] = on;
  else m.bOn[i - m.na] = on;
}

function chiSquare(
  m: SolverModel,
  theta: Float64Array,
  r: Float64Array
): number {
  evaluateModel(m, theta, r, null);
  let s = 0;
  for (let i = 0; i < m.rows; i++) if (isRowOn(m, i)) s += r[i]! * r[i]!;
  return s;
}

function activeMeasurements(m: SolverModel): number[] {
  const out: number[] = [];
  for (let i = 0; i < m.na + m.nb; i++) if (isRowOn(m, i)) out.push(i);
  return out;
}

/**
 * Rejects measurements one at a time, refitting after each: first the
 * largest residual beyond `outlierK` robust σ; then, for small sets, the
 * measurement whose removal lowers χ² by more than a deleted-residual test
 * allows (χ²(1) at 1 % over all n, Bonferroni) while leaving at least two
 * degrees of freedom to judge by; last, where the fit still fails χ², a
 * pair (see leaveTwoOut). θ is updated in place.
 */
export function rejectOutliers(
  m: SolverModel,
  theta: Float64Array,
  lm: LmOptions,
  o: OutlierOptions
): { iterations: number; converged: boolean } {
  let iterations = 0;
  let converged = true;
  let removed = 0;
  const r = new Float64Array(m.rows);
  while (removed < o.maxOutliers) {
    evaluateModel(m, theta, r, null);
    const on = activeMeasurements(m);
    let worst = -1;
    for (const i of on)
      if (worst < 0 || Math.abs(r[i]!) > Math.abs(r[worst]!)) worst = i;
    const scale = Math.max(1, median(on.map((i) => Math.abs(r[i]!))) / 0.6745);
    if (worst < 0 || Math.abs(r[worst]!) <= o.outlierK * scale) break;
    setRow(m, worst, 0);
    const s = solveLevenbergMarquardt(m, theta, lm);
    iterations += s.iterations;
    converged = s.converged;
    removed++;
  }
  const priors = m.rows - m.na - m.nb;
  while (removed < o.maxOutliers) {
    const on = activeMeasurements(m);
    if (on.length > o.leaveOneOutMax || on.length + priors - m.p < 3) break;
    const full = chiSquare(m, theta, r);
    // Leaving one out can lower χ² by at most χ² itself.
    const threshold = chiSquareQuantile(1 - 0.01 / on.length, 1);
    if (full <= threshold) break;
    let best: { i: number; chi2: number; theta: Float64Array } | undefined;
    for (const i of on) {
      setRow(m, i, 0);
      const t = Float64Array.from(theta);
      iterations += solveLevenbergMarquardt(m, t, lm).iterations;
      const chi2 = chiSquare(m, t, r);
      setRow(m, i, 1);
      if (best === undefined || chi2 < best.chi2) best = { i, chi2, theta: t };
    }
    if (best === undefined || full - best.chi2 <= threshold) break;
    setRow(m, best.i, 0);
    theta.set(best.theta);
    removed++;
  }
  if (removed + 2 <= o.maxOutliers)
    iterations += leaveTwoOut(m, theta, lm, r, priors);
  return { iterations, converged };
}

/** Pairs are tried among at most this many measurements (66 refits). */
const LEAVE_TWO_OUT_MAX = 12;

/**
 * Two bad measurements share the blame, so that leaving out either alone
 * lowers χ² too little: where the fit still fails χ² at 1 %, the pair whose
 * removal lowers χ² most goes if it lowers it by more than χ²(2) at 1 %
 * over all pairs (Bonferroni), leaving at least three degrees of freedom.
 * Returns the LM iterations spent; θ is updated in place.
 */
function leaveTwoOut(
  m: SolverModel,
  theta: Float64Array,
  lm: LmOptions,
  r: Float64Array,
  priors: number
): number {
  const on = activeMeasurements(m);
  const dof = on.length + priors - m.p;
  if (on.length > LEAVE_TWO_OUT_MAX || dof - 2 < 3) return 0;
  const full = chiSquare(m, theta, r);
  if (full <= chiSquareQuantile(0.99, dof)) return 0;
  const threshold = chiSquareQuantile(
    1 - 0.01 / ((on.length * (on.length - 1)) / 2),
    2
  );
  let iterations = 0;
  let best: { i: number; j: number; chi2: number; theta: Float64Array } = {
    i: -1,
    j: -1,
    chi2: Infinity,
    theta,
  };
  for (let x = 0; x < on.length; x++) {
    for (let y = x + 1; y < on.length; y++) {
      const i = on[x]!;
      const j = on[y]!;
      setRow(m, i, 0);
      setRow(m, j, 0);
      const t = Float64Array.from(theta);
      iterations += solveLevenbergMarquardt(m, t, lm).iterations;
      const chi2 = chiSquare(m, t, r);
      setRow(m, i, 1);
      setRow(m, j, 1);
      if (chi2 < best.chi2) best = { i, j, chi2, theta: t };
    }
  }
  if (full - best.chi2 > threshold) {
    setRow(m, best.i, 0);
    setRow(m, best.j, 0);
    theta.set(best.theta);
  }
  return iterations;
}
