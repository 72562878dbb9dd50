import { CoreError } from '../errors.js';
import { bearingIntersection } from './bearing.js';
import { solveLevenbergMarquardt } from './lm.js';
import { rejectOutliers } from './outliers.js';
import {
  buildSolverModel,
  isRowOn,
  modelTravelTime,
  type AltitudeModel,
  type SolverModel,
  type SpeedModel,
} from './solver-model.js';
import {
  finishSolution,
  type CovarianceScaling,
  type LocateResult,
} from './solution.js';
import type { WindVector } from './sound-speed.js';
import { median } from './stats.js';
import { tdoaClosedForm, type HorizontalGuess } from './tdoa.js';
import {
  radiansFromDegrees,
  type Degrees,
  type EnuPoint,
  type Seconds,
} from './units.js';

export type { CovarianceScaling, LocateResult } from './solution.js';
export type { AltitudeModel, SpeedModel } from './solver-model.js';

/** One pulse arrival: sensor position, time from a reference instant, 1σ. */
export type ArrivalInput = { sensor: EnuPoint; time: Seconds; sigma: Seconds };
/** One bearing: sensor position, direction clockwise from north, 1σ. */
export type BearingInput = {
  sensor: EnuPoint;
  bearing: Degrees;
  sigma: Degrees;
};

export type LocateInput = {
  arrivals: readonly ArrivalInput[];
  bearings?: readonly BearingInput[];
};

export type LocateOptions = {
  speed: SpeedModel;
  altitude: AltitudeModel;
  wind?: WindVector;
  /**
   * 1σ (m/s) of each component of `wind`: above 0 the fit estimates the
   * wind too, held to `wind` by this prior (`LocateResult.windFit`); 0 or
   * absent, the wind is taken as exact.
   */
  windSigma?: number;
  /** Huber threshold in σ (default 2). */
  huberK?: number;
  /** A measurement is rejected beyond this many (robust) σ (default 4). */
  outlierK?: number;
  /** At most this many measurements are rejected (default: half the spare ones). */
  maxOutliers?: number;
  /**
   * With at most this many measurements (default 12), also test each one by
   * leaving it out (their residuals alone cannot single out a bad one).
   */
  leaveOneOutMax?: number;
  /** Scale the covariance by the a-posteriori variance factor (default when χ² fails at 99 %). */
  covarianceScaling?: CovarianceScaling;
  /** An extra starting point, tried first. */
  initial?: HorizontalGuess;
  /** Also start from the closed-form TDOA and bearing solutions (default true). */
  closedFormStarts?: boolean;
  maxIterations?: number;
};

function invalid(message: string): never {
  throw new CoreError('FUSION_INPUT_INVALID', message);
}

function checkInput(input: LocateInput): void {
  const finite = (p: EnuPoint): boolean =>
    Number.isFinite(p.east) &&
    Number.isFinite(p.north) &&
    Number.isFinite(p.up);
  for (const a of input.arrivals) {
    if (!finite(a.sensor) || !Number.isFinite(a.time))
      invalid('arrival not finite');
    if (!(a.sigma > 0) || !Number.isFinite(a.sigma))
      invalid('arrival sigma must be > 0');
  }
  for (const b of input.bearings ?? []) {
    if (!finite(b.sensor) || !Number.isFinite(b.bearing))
      invalid('bearing not finite');
    if (!(b.sigma > 0) || !Number.isFinite(b.sigma))
      invalid('bearing sigma must be > 0');
  }
}

/** Builds the solver model for an input (exported for the CRLB and association). */
export function modelFromInput(
  input: LocateInput,
  options: LocateOptions
): SolverModel {
  return buildSolverModel(
    {
      arrivals: input.arrivals.map((a) => ({
        east: a.sensor.east,
        north: a.sensor.north,
        up: a.sensor.up,
        time: a.time,
        sigma: a.sigma,
      })),
      bearings: (input.bearings ?? []).map((b) => ({
        east: b.sensor.east,
        north: b.sensor.north,
        bearingRad: radiansFromDegrees(b.bearing),
        sigmaRad: radiansFromDegrees(b.sigma),
      })),
    },
    options.altitude,
    options.speed,
    options.wind,
    options.windSigma ?? 0
  );
}

function planeUp(m: SolverModel): number {
  const alt = m.altitude;
  if (alt.mode !== 'free') return alt.up;
  let s = 0;
  for (let i = 0; i < m.na; i++) s += m.az[i]!;
  return m.na === 0 ? 0 : s / m.na;
}

/** θ for a horizontal guess: up on the plane, c at its prior, t0 the median fit. */
export function thetaFromGuess(
  m: SolverModel,
  g: HorizontalGuess
): Float64Array {
  const theta = new Float64Array(m.p);
  theta[0] = g.east;
  theta[1] = g.north;
  if (m.iz >= 0) theta[m.iz] = planeUp(m);
  if (m.ic >= 0 && m.speed.mode === 'estimate') theta[m.ic] = m.speed.prior;
  if (m.iw >= 0) {
    theta[m.iw] = m.windEast;
    theta[m.iw + 1] = m.windNorth;
  }
  const offsets: number[] = [];
  for (let i = 0; i < m.na; i++) {
    if (m.aOn[i] === 1) offsets.push(m.at[i]! - modelTravelTime(m, theta, i));
  }
  if (m.it >= 0) theta[m.it] = offsets.length > 0 ? median(offsets) : 0;
  return theta;
}

function startingGuesses(
  m: SolverModel,
  options: LocateOptions
): HorizontalGuess[] {
  const c = m.speed.mode === 'fixed' ? m.speed.speed : m.speed.prior;
  const out: HorizontalGuess[] =
    options.initial === undefined ? [] : [options.initial];
  if (options.closedFormStarts ?? true) {
    out.push(...tdoaClosedForm(m, c, planeUp(m)));
    const b = bearingIntersection(m);
    if (b !== undefined) out.push(b);
  }
  if (out.length === 0) {
    // No closed form (too few or collinear sensors): start near the earliest.
    let k = -1;
    for (let i = 0; i < m.na; i++)
      if (m.aOn[i] === 1 && (k < 0 || m.at[i]! < m.at[k]!)) k = i;
    if (k >= 0) out.push({ east: m.ax[k]! + 1, north: m.ay[k]! + 1 });
    else if (m.nb > 0) out.push({ east: m.bx[0]! + 1, north: m.by[0]! + 1 });
  }
  return out;
}

/** Counts of kept measurement rows and of prior rows. */
function activeRows(m: SolverModel): { measurements: number; priors: number } {
  let meas = 0;
  for (let i = 0; i < m.na + m.nb; i++) if (isRowOn(m, i)) meas++;
  return { measurements: meas, priors: m.rows - m.na - m.nb };
}

/**
 * Locates a source from pulse arrival times (TDOA: the emission time is an
 * unknown) and/or bearings, by robust Levenberg–Marquardt from closed-form
 * starts, rejecting outliers one at a time. Undefined when the measurements
 * cannot determine a position.
 */
export function multilaterate(
  input: LocateInput,
  options: LocateOptions
): LocateResult | undefined {
  checkInput(input);
  const m = modelFromInput(input, options);
  return solveModel(m, options);
}

/** Solves a prepared model (its on/off flags are updated in place). */
export function solveModel(
  m: SolverModel,
  options: LocateOptions
): LocateResult | undefined {
  const { measurements, priors } = activeRows(m);
  if (measurements + priors < m.p || m.na + m.nb === 0) return undefined;
  const lm = {
    huberK: options.huberK ?? 2,
    maxIterations: options.maxIterations ?? 50,
  };
  let best:
    { theta: Float64Array; cost: number; it: number; ok: boolean } | undefined;
  for (const g of startingGuesses(m, options)) {
    const theta = thetaFromGuess(m, g);
    const o = solveLevenbergMarquardt(m, theta, lm);
    if (!Number.isFinite(o.cost)) continue;
    if (best === undefined || o.cost < best.cost) {
      best = { theta, cost: o.cost, it: o.iterations, ok: o.converged };
    }
  }
  if (best === undefined) return undefined;
  const spare = measurements + priors - m.p;
  const o = rejectOutliers(m, best.theta, lm, {
    outlierK: options.outlierK ?? 4,
    maxOutliers: options.maxOutliers ?? Math.floor(spare / 2),
    leaveOneOutMax: options.leaveOneOutMax ?? 12,
  });
  const iterations = best.it + o.iterations;
  const converged = o.iterations === 0 ? best.ok : o.converged;
  return finishSolution(
    m,
    best.theta,
    options.covarianceScaling ?? 'when-inconsistent',
    iterations,
    converged
  );
}
