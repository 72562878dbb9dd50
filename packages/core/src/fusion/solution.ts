import { ellipseFromCovariance } from './ellipse.js';
import type { EnuCovariance, ErrorEllipse } from './located-event.js';
import { arrayOf, symmetricInverse } from './linalg.js';
import {
  evaluateModel,
  evaluateWindGradient,
  isRowOn,
  modelSpeed,
  modelTime,
  modelUp,
  modelWindEast,
  modelWindNorth,
  type SolverModel,
} from './solver-model.js';
import { chiSquareQuantile } from './stats.js';
import {
  enuPoint,
  meters,
  metersPerSecond,
  seconds,
  type EnuPoint,
  type Meters,
  type MetersPerSecond,
  type Seconds,
} from './units.js';

/** How much one arrival steers the fit (see `LocateResult.arrivalInfluence`). */
export type ArrivalInfluence = {
  leverage: number;
  east: number;
  north: number;
};

/**
 * How the solution moves per m/s of error in the wind it took as known:
 * each entry is (∂/∂wind east, ∂/∂wind north) of east and north (m per
 * m/s) and of the emission time (s per m/s).
 */
export type WindSensitivity = {
  east: readonly [number, number];
  north: readonly [number, number];
  time: readonly [number, number];
};

/**
 * What a fit says about the wind it took as known, its own parameters
 * profiled out (whitened rows): with D = ∂r/∂wind and P the projector off
 * the fit's Jacobian, `normal` is DᵀPD (east-east, east-north, north-north,
 * per (m/s)²) and `gradient` is DᵀPr (per m/s). Summed over fits that
 * share the air, −(ΣDᵀPD + Σ_w⁻¹)⁻¹ ΣDᵀPr is the wind correction they
 * jointly suggest (one Gauss–Newton step; `calibrateWind`).
 */
export type WindInformation = {
  normal: readonly [number, number, number];
  gradient: readonly [number, number];
};

/**
 * The wind a fit estimated (`LocateOptions.windSigma` > 0), m/s, with what
 * a score needs of it: `misfit` is its prior's χ², |ŵ − w₀|²/σ², and
 * `logShrink` is −½ log(det Σ_w / σ⁴), Σ_w the wind's block of the fit's
 * posterior covariance: the nats by which the data narrow the wind's
 * prior. With the position and time's volume at that wind (`covariance`,
 * `timeSigma`), it completes the Occam factor of a Laplace approximation
 * of the marginal likelihood (MacKay 2003, ch. 28): det Σ = det Σ_w ·
 * det Σ_{position, time | wind}.
 */
export type WindFit = {
  east: number;
  north: number;
  /** Σ_w: east, east-north and north (co)variance, (m/s)². */
  covariance: readonly [number, number, number];
  misfit: number;
  logShrink: number;
};

export type CovarianceScaling = 'never' | 'always' | 'when-inconsistent';

export type LocateResult = {
  position: EnuPoint;
  /** Emission time, on the arrivals' time axis. */
  time: Seconds;
  timeSigma: Seconds;
  speed: MetersPerSecond;
  speedSigma?: MetersPerSecond;
  upSigma?: Meters;
  /** East/north covariance (m²), scaled when `covarianceScaled`. */
  covariance: EnuCovariance;
  ellipse: ErrorEllipse;
  /** Measured − predicted arrival time (s) per arrival, at the solution. */
  arrivalResiduals: number[];
  arrivalInliers: boolean[];
  /**
   * Per arrival, its leverage hᵢᵢ (the share of its own time the fit takes
   * from it) and how far east/north (m) the source would move were it left
   * out (the linearised deleted-case shift); zeros for rejected arrivals.
   */
  arrivalInfluence: ArrivalInfluence[];
  /**
   * Linearised response to the wind (see `withWindUncertainty`), at the
   * wind the fit took or estimated.
   */
  windSensitivity: WindSensitivity;
  /**
   * What the kept arrivals say about the wind (see `WindInformation`), at
   * the wind the fit took or estimated, its other unknowns profiled out.
   */
  windInformation: WindInformation;
  /** The wind the fit estimated, when it did (`LocateOptions.windSigma`). */
  windFit?: WindFit;
  /** Measured − predicted bearing (degrees) per bearing. */
  bearingResiduals: number[];
  bearingInliers: boolean[];
  /** Σ of squared standardised residuals of the kept rows, and its degrees of freedom. */
  chiSquare: number;
  dof: number;
  varianceFactor: number;
  covarianceScaled: boolean;
  iterations: number;
  converged: boolean;
};

/**
 * The consider-parameter sensitivity of a least-squares fit to the wind it
 * holds fixed, S = −(JᵀJ)⁻¹ Jᵀ ∂r/∂wind over the kept rows (consider
 * covariance analysis: Bierman 1977, Factorization Methods for Discrete
 * Sequential Estimation; Tapley, Schutz & Born 2004, Statistical Orbit
 * Determination, ch. 6): how far the fit moves, to first order, per m/s
 * the wind is off. Over the first `p` unknowns (the others, an estimated
 * wind's, taken as known), `cov` their p × p inverse information and `jac`
 * the Jacobian with rows of m.p.
 */
function windResponse(
  m: SolverModel,
  theta: Float64Array,
  jac: Float64Array,
  cov: Float64Array,
  r: Float64Array,
  p: number
): { sensitivity: WindSensitivity; information: WindInformation } {
  const g = new Float64Array(2 * m.na);
  evaluateWindGradient(m, theta, g);
  // Jᵀ ∂r/∂wind (p × 2), Jᵀr (p), Dᵀr and DᵀD over the kept arrival rows
  // (off rows have zero gradient and residual).
  const b = new Float64Array(2 * p);
  const jr = new Float64Array(p);
  let dre = 0;
  let drn = 0;
  let dee = 0;
  let den = 0;
  let dnn = 0;
  for (let i = 0; i < m.rows; i++) {
    if (!isRowOn(m, i)) continue;
    const ri = r[i]!;
    for (let u = 0; u < p; u++) jr[u] = jr[u]! + jac[i * m.p + u]! * ri;
  }
  for (let i = 0; i < m.na; i++) {
    const ge = g[2 * i]!;
    const gn = g[2 * i + 1]!;
    dre += ge * r[i]!;
    drn += gn * r[i]!;
    dee += ge * ge;
    den += ge * gn;
    dnn += gn * gn;
    for (let u = 0; u < p; u++) {
      const j = jac[i * m.p + u]!;
      b[2 * u] = b[2 * u]! + j * ge;
      b[2 * u + 1] = b[2 * u + 1]! + j * gn;
    }
  }
  // P = I − J(JᵀJ)⁻¹Jᵀ: DᵀPD = DᵀD − (JᵀD)ᵀC(JᵀD), DᵀPr = Dᵀr − (JᵀD)ᵀC(Jᵀr).
  let qee = 0;
  let qen = 0;
  let qnn = 0;
  let qre = 0;
  let qrn = 0;
  for (let u = 0; u < p; u++) {
    for (let v = 0; v < p; v++) {
      const c = cov[u * p + v]!;
      qee += b[2 * u]! * c * b[2 * v]!;
      qen += b[2 * u]! * c * b[2 * v + 1]!;
      qnn += b[2 * u + 1]! * c * b[2 * v + 1]!;
      qre += b[2 * u]! * c * jr[v]!;
      qrn += b[2 * u + 1]! * c * jr[v]!;
    }
  }
  const information: WindInformation = {
    normal: [Math.max(dee - qee, 0), den - qen, Math.max(dnn - qnn, 0)],
    gradient: [dre - qre, drn - qrn],
  };
  const row = (u: number): [number, number] => {
    let se = 0;
    let sn = 0;
    for (let v = 0; v < p; v++) {
      se -= cov[u * p + v]! * b[2 * v]!;
      sn -= cov[u * p + v]! * b[2 * v + 1]!;
    }
    return [se, sn];
  };
  return {
    sensitivity: {
      east: row(0),
      north: row(1),
      time: m.it >= 0 ? row(m.it) : [0, 0],
    },
    information,
  };
}

/**
 * The inverse information of the fit as if its wind were known (the first
 * `q` unknowns: the wind's two come last), for `windResponse`; undefined
 * when that information is singular.
 */
function withoutWind(
  m: SolverModel,
  h: Float64Array
): { cov: Float64Array; q: number } | undefined {
  const p = m.p;
  const q = p - 2;
  const hq = new Float64Array(q * q);
  for (let u = 0; u < q; u++)
    for (let v = 0; v < q; v++) hq[u * q + v] = h[u * p + v]!;
  const cq = new Float64Array(q * q);
  if (!symmetricInverse(hq, q, cq)) return undefined;
  return { cov: cq, q };
}

/** The estimated wind and its score terms (`WindFit`) at θ, `cov` the fit's inverse information. */
function windFitAt(
  m: SolverModel,
  theta: Float64Array,
  cov: Float64Array
): WindFit {
  const p = m.p;
  const i = m.iw;
  const east = modelWindEast(m, theta);
  const north = modelWindNorth(m, theta);
  const s2 = m.windSigma * m.windSigma;
  // The wind's posterior block, against its prior's σ⁴.
  const det =
    cov[i * p + i]! * cov[(i + 1) * p + i + 1]! - cov[i * p + i + 1]! ** 2;
  return {
    east,
    north,
    covariance: [
      cov[i * p + i]!,
      cov[i * p + i + 1]!,
      cov[(i + 1) * p + i + 1]!,
    ],
    misfit: ((east - m.windEast) ** 2 + (north - m.windNorth) ** 2) / s2,
    logShrink: Math.max(0, -Math.log(det / (s2 * s2)) / 2),
  };
}

/** Covariance, residuals and the ellipse at a solution θ. */
export function finishSolution(
  m: SolverModel,
  theta: Float64Array,
  scaling: CovarianceScaling,
  iterations: number,
  converged: boolean
): LocateResult | undefined {
  const p = m.p;
  const r = new Float64Array(m.rows);
  const jac = new Float64Array(m.rows * p);
  evaluateModel(m, theta, r, jac);
  const h = new Float64Array(p * p);
  let chi2 = 0;
  let rows = 0;
  for (let i = 0; i < m.rows; i++) {
    if (!isRowOn(m, i)) continue;
    rows++;
    chi2 += r[i]! * r[i]!;
    for (let u = 0; u < p; u++) {
      for (let v = 0; v < p; v++)
        h[u * p + v] = h[u * p + v]! + jac[i * p + u]! * jac[i * p + v]!;
    }
  }
  const cov = new Float64Array(p * p);
  if (!symmetricInverse(h, p, cov)) return undefined;
  const dof = rows - p;
  const factor = dof > 0 ? chi2 / dof : 1;
  const scaled =
    dof > 0 &&
    factor > 1 &&
    (scaling === 'always' ||
      (scaling === 'when-inconsistent' && chi2 > chiSquareQuantile(0.99, dof)));
  const s = scaled ? factor : 1;
  // With the wind estimated, the precision reported is the fit's at its
  // wind, and the wind's own uncertainty is left to `withWindUncertainty`
  // (its consider covariance, as for a wind taken as exact): a group's own
  // arrivals narrow the wind only as far as its timing model holds, which
  // on turbulent paths it does not. Reporting the marginal instead, hard
  // seeds 7001-7002 had 78.8 % of launch points inside their 95 %
  // ellipses, against 92.4 % before 1.10.0 (a prior of the air's full σ).
  const fixed = m.iw >= 0 ? withoutWind(m, h) : undefined;
  if (m.iw >= 0 && fixed === undefined) return undefined;
  const q = fixed?.q ?? p;
  const pc = fixed?.cov ?? cov;
  const covariance: EnuCovariance = [pc[0]! * s, pc[1]! * s, pc[q + 1]! * s];
  // Deleted-case shift of a linear fit, θ₍₋ᵢ₎ − θ = C jᵢ rᵢ / (1 − hᵢᵢ) in
  // whitened rows (Cook & Weisberg 1982, Residuals and Influence in
  // Regression); taken at the solution, so a linearisation.
  const arrivalInfluence: ArrivalInfluence[] = [];
  for (let i = 0; i < m.na; i++) {
    if (m.aOn[i] === 0) {
      arrivalInfluence.push({ leverage: 0, east: 0, north: 0 });
      continue;
    }
    let ce = 0;
    let cn = 0;
    let lev = 0;
    for (let u = 0; u < p; u++) {
      let cj = 0;
      for (let v = 0; v < p; v++) cj += cov[u * p + v]! * jac[i * p + v]!;
      lev += jac[i * p + u]! * cj;
      if (u === 0) ce = cj;
      else if (u === 1) cn = cj;
    }
    const k = lev < 1 ? r[i]! / (1 - lev) : 0;
    arrivalInfluence.push({ leverage: lev, east: ce * k, north: cn * k });
  }
  // With the wind estimated, what the arrivals say of it and how the fit
  // moves with it are taken at its estimate as if it were known.
  const wind = windResponse(m, theta, jac, pc, r, q);
  // Residuals of rejected rows too, so callers can see how far off they were.
  const aOff = Uint8Array.from(m.aOn);
  const bOff = Uint8Array.from(m.bOn);
  m.aOn.fill(1);
  m.bOn.fill(1);
  evaluateModel(m, theta, r, null);
  m.aOn.set(aOff);
  m.bOn.set(bOff);
  const result: LocateResult = {
    position: enuPoint(theta[0]!, theta[1]!, modelUp(m, theta)),
    time: seconds(modelTime(m, theta)),
    timeSigma: seconds(m.it >= 0 ? Math.sqrt(pc[m.it * q + m.it]! * s) : NaN),
    speed: metersPerSecond(modelSpeed(m, theta)),
    covariance,
    ellipse: ellipseFromCovariance(covariance),
    arrivalResiduals: arrayOf(m.na, (i) => r[i]! / m.aw[i]!),
    arrivalInliers: arrayOf(m.na, (i) => m.aOn[i] === 1),
    arrivalInfluence,
    windSensitivity: wind.sensitivity,
    windInformation: wind.information,
    bearingResiduals: arrayOf(
      m.nb,
      (j) => (r[m.na + j]! / m.bw[j]!) * (180 / Math.PI)
    ),
    bearingInliers: arrayOf(m.nb, (j) => m.bOn[j] === 1),
    chiSquare: chi2,
    dof,
    varianceFactor: factor,
    covarianceScaled: scaled,
    iterations,
    converged,
  };
  if (m.ic >= 0)
    result.speedSigma = metersPerSecond(Math.sqrt(pc[m.ic * q + m.ic]! * s));
  if (m.iz >= 0) result.upSigma = meters(Math.sqrt(pc[m.iz * q + m.iz]! * s));
  if (m.iw >= 0) result.windFit = windFitAt(m, theta, cov);
  return result;
}

/**
 * The solution as reported: its precision (covariance, ellipse, σ of time,
 * speed and height) scaled by the a-posteriori variance factor σ₀² = χ²/dof
 * where that exceeds 1, so it follows the fit's actual residuals when they
 * are wider than the nominal σ (least-squares adjustment's usual practice).
 * Never below the nominal; unchanged without spare rows (dof ≤ 0: χ² says
 * nothing) or when `finishSolution` has scaled it already (χ² failing at
 * 99 %). Association scores the solver's own solution; this is only for
 * what an accepted group reports.
 */
export function withResidualPrecision(sol: LocateResult): LocateResult {
  if (sol.covarianceScaled || sol.dof <= 0 || !(sol.varianceFactor > 1))
    return sol;
  const s = sol.varianceFactor;
  const k = Math.sqrt(s);
  const [ce, cen, cn] = sol.covariance;
  const covariance: EnuCovariance = [ce * s, cen * s, cn * s];
  const out: LocateResult = {
    ...sol,
    covariance,
    ellipse: ellipseFromCovariance(covariance),
    timeSigma: seconds(sol.timeSigma * k),
    covarianceScaled: true,
  };
  if (sol.speedSigma !== undefined)
    out.speedSigma = metersPerSecond(sol.speedSigma * k);
  if (sol.upSigma !== undefined) out.upSigma = meters(sol.upSigma * k);
  return out;
}

/**
 * The solution as reported when each of its arrivals may be another
 * sound's pulse (clutter, an echo) with probability `doubt[i]`: the
 * position is then a mixture over "arrival i is not this source's", each
 * moved by that arrival's deleted-case shift, and the covariance gains
 * the mixture's spread Σ qᵢ δᵢδᵢᵀ (the spread-of-means term of probabilistic
 * data association, Bar-Shalom & Tse 1975). A pulse the fit has pulled
 * itself towards keeps a small residual but not a small deleted residual,
 * which `doubt` is to be judged on. Unchanged when no doubt moves it.
 */
export function withAssociationSpread(
  sol: LocateResult,
  doubt: readonly number[]
): LocateResult {
  let ee = 0;
  let en = 0;
  let nn = 0;
  sol.arrivalInfluence.forEach((f, i) => {
    const q = doubt[i] ?? 0;
    ee += q * f.east * f.east;
    en += q * f.east * f.north;
    nn += q * f.north * f.north;
  });
  if (!(ee + nn > 0)) return sol;
  const [ce, cen, cn] = sol.covariance;
  const covariance: EnuCovariance = [ce + ee, cen + en, cn + nn];
  return { ...sol, covariance, ellipse: ellipseFromCovariance(covariance) };
}

/**
 * The solution as reported when the wind it took as known has an error of
 * `sigmaMs` (1σ, each horizontal component, independent): the covariance
 * of east/north gains S Σ_wind Sᵀ and the time σ its share, S being
 * `windSensitivity` (the consider covariance of a parameter held fixed,
 * see `windResponse`). Association scores the solver's own solution; this
 * is only for what an accepted group reports. Unchanged for a zero σ.
 */
export function withWindUncertainty(
  sol: LocateResult,
  sigmaMs: number
): LocateResult {
  const { east, north, time } = sol.windSensitivity;
  const s2 = sigmaMs * sigmaMs;
  const ee = s2 * (east[0] * east[0] + east[1] * east[1]);
  const nn = s2 * (north[0] * north[0] + north[1] * north[1]);
  if (!(ee + nn > 0)) return sol;
  const en = s2 * (east[0] * north[0] + east[1] * north[1]);
  const tt = s2 * (time[0] * time[0] + time[1] * time[1]);
  const [ce, cen, cn] = sol.covariance;
  const covariance: EnuCovariance = [ce + ee, cen + en, cn + nn];
  return {
    ...sol,
    covariance,
    ellipse: ellipseFromCovariance(covariance),
    timeSigma: seconds(Math.sqrt(sol.timeSigma * sol.timeSigma + tt)),
  };
}
