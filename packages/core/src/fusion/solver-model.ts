/*
 * The measurement model shared by the TDOA/bearing solver and the CRLB: each
 * row is one standardised residual (measured − predicted)/σ and its gradient
 * over the unknowns θ = [east, north, (up), t0, (c), (wind east, north)].
 * Plain numbers and typed arrays: this runs for every hypothesis the
 * association tries.
 */

import { float64Of } from './linalg.js';

/** How the source's height is modelled; `curvature` is 1/R for frames wider than a few km. */
export type AltitudeModel =
  | { mode: 'fixed'; up: number; curvature?: number }
  | { mode: 'prior'; up: number; sigma: number; curvature?: number }
  | { mode: 'free' };

/** How the propagation speed is modelled (m/s). */
export type SpeedModel =
  | { mode: 'fixed'; speed: number }
  | { mode: 'estimate'; prior: number; priorSigma: number };

export type SolverModel = {
  /** Arrivals: sensor east/north/up (m), time (s from a reference), 1/σ (1/s), on/off. */
  readonly na: number;
  readonly ax: Float64Array;
  readonly ay: Float64Array;
  readonly az: Float64Array;
  readonly at: Float64Array;
  readonly aw: Float64Array;
  readonly aOn: Uint8Array;
  /** Bearings: sensor east/north (m), bearing (rad), 1/σ (1/rad), on/off. */
  readonly nb: number;
  readonly bx: Float64Array;
  readonly by: Float64Array;
  readonly bBearing: Float64Array;
  readonly bw: Float64Array;
  readonly bOn: Uint8Array;
  readonly altitude: AltitudeModel;
  readonly speed: SpeedModel;
  /** The wind (m/s): the given one, or the prior mean when `iw` ≥ 0. */
  readonly windEast: number;
  readonly windNorth: number;
  /** 1σ of each wind component's prior when the wind is an unknown, else 0. */
  readonly windSigma: number;
  /**
   * Index of up, t0, c and the wind's east component (north follows) in θ
   * (−1 when not an unknown; t0, c and the wind are not without arrivals);
   * p = number of unknowns.
   */
  readonly iz: number;
  readonly it: number;
  readonly ic: number;
  readonly iw: number;
  readonly p: number;
  /**
   * Rows: arrivals, then bearings, then the altitude prior, the speed prior
   * and the two wind priors.
   */
  readonly rows: number;
};

export type ModelMeasurements = {
  arrivals: {
    east: number;
    north: number;
    up: number;
    time: number;
    sigma: number;
  }[];
  bearings: {
    east: number;
    north: number;
    bearingRad: number;
    sigmaRad: number;
  }[];
};

/**
 * Builds the model for these measurements; every measurement starts on.
 * With `windSigma` > 0 (and arrivals) the wind is an unknown too, held to
 * `wind` by a prior of that σ per component.
 */
export function buildSolverModel(
  m: ModelMeasurements,
  altitude: AltitudeModel,
  speed: SpeedModel,
  wind: { east: number; north: number } = { east: 0, north: 0 },
  windSigma = 0
): SolverModel {
  const na = m.arrivals.length;
  const nb = m.bearings.length;
  const iz = altitude.mode === 'fixed' ? -1 : 2;
  // Without arrivals there is no emission time, speed or wind to estimate.
  const it = na === 0 ? -1 : iz < 0 ? 2 : 3;
  const ic = na > 0 && speed.mode === 'estimate' ? it + 1 : -1;
  const last = ic >= 0 ? ic + 1 : it >= 0 ? it + 1 : iz >= 0 ? 3 : 2;
  const iw = na > 0 && windSigma > 0 ? last : -1;
  const p = iw >= 0 ? last + 2 : last;
  const priors =
    (altitude.mode === 'prior' ? 1 : 0) + (ic >= 0 ? 1 : 0) + (iw >= 0 ? 2 : 0);
  const model: SolverModel = {
    na,
    ax: float64Of(m.arrivals, (a) => a.east),
    ay: float64Of(m.arrivals, (a) => a.north),
    az: float64Of(m.arrivals, (a) => a.up),
    at: float64Of(m.arrivals, (a) => a.time),
    aw: float64Of(m.arrivals, (a) => 1 / a.sigma),
    aOn: new Uint8Array(na).fill(1),
    nb,
    bx: float64Of(m.bearings, (b) => b.east),
    by: float64Of(m.bearings, (b) => b.north),
    bBearing: float64Of(m.bearings, (b) => b.bearingRad),
    bw: float64Of(m.bearings, (b) => 1 / b.sigmaRad),
    bOn: new Uint8Array(nb).fill(1),
    altitude,
    speed,
    windEast: wind.east,
    windNorth: wind.north,
    windSigma: iw >= 0 ? windSigma : 0,
    iz,
    it,
    ic,
    iw,
    p,
    rows: na + nb + priors,
  };
  return model;
}

/** The source's up coordinate for parameters θ. */
export function modelUp(m: SolverModel, theta: Float64Array): number {
  const alt = m.altitude;
  if (alt.mode !== 'fixed') return theta[m.iz]!;
  const x = theta[0]!;
  const y = theta[1]!;
  return alt.up - ((alt.curvature ?? 0) * (x * x + y * y)) / 2;
}

/** The propagation speed for parameters θ. */
export function modelSpeed(m: SolverModel, theta: Float64Array): number {
  if (m.ic >= 0) return theta[m.ic]!;
  return m.speed.mode === 'estimate' ? m.speed.prior : m.speed.speed;
}

/** The wind's east and north components (m/s) for parameters θ. */
export function modelWindEast(m: SolverModel, theta: Float64Array): number {
  return m.iw >= 0 ? theta[m.iw]! : m.windEast;
}
export function modelWindNorth(m: SolverModel, theta: Float64Array): number {
  return m.iw >= 0 ? theta[m.iw + 1]! : m.windNorth;
}

/** The emission time for parameters θ (0 when there are no arrivals). */
export function modelTime(m: SolverModel, theta: Float64Array): number {
  return m.it >= 0 ? theta[m.it]! : 0;
}

/** Travel time (s) from the source at θ to arrival sensor i. */
export function modelTravelTime(
  m: SolverModel,
  theta: Float64Array,
  i: number
): number {
  const dx = m.ax[i]! - theta[0]!;
  const dy = m.ay[i]! - theta[1]!;
  const dz = m.az[i]! - modelUp(m, theta);
  const d = Math.sqrt(dx * dx + dy * dy + dz * dz);
  if (d === 0) return 0;
  const v =
    modelSpeed(m, theta) +
    (modelWindEast(m, theta) * dx + modelWindNorth(m, theta) * dy) / d;
  return d / v;
}

function wrapPi(a: number): number {
  const twoPi = 2 * Math.PI;
  const w = a - twoPi * Math.floor((a + Math.PI) / twoPi);
  return w;
}

/**
 * Fills the standardised residuals `r` (length rows) and, when `jac` is
 * given, their Jacobian (rows × p, row-major). Rows switched off are zero.
 */
export function evaluateModel(
  m: SolverModel,
  theta: Float64Array,
  r: Float64Array,
  jac: Float64Array | null
): void {
  const p = m.p;
  const x = theta[0]!;
  const y = theta[1]!;
  const z = modelUp(m, theta);
  const t0 = modelTime(m, theta);
  const c = modelSpeed(m, theta);
  const we = modelWindEast(m, theta);
  const wn = modelWindNorth(m, theta);
  const alt = m.altitude;
  const kappa = alt.mode === 'free' ? 0 : (alt.curvature ?? 0);
  const fixedZ = alt.mode === 'fixed';
  if (jac !== null) jac.fill(0);
  for (let i = 0; i < m.na; i++) {
    if (m.aOn[i] === 0) {
      r[i] = 0;
      continue;
    }
    const w = m.aw[i]!;
    const dx = m.ax[i]! - x;
    const dy = m.ay[i]! - y;
    const dz = m.az[i]! - z;
    const d = Math.sqrt(dx * dx + dy * dy + dz * dz);
    const inv = d > 0 ? 1 / d : 0;
    const ux = dx * inv;
    const uy = dy * inv;
    const uz = dz * inv;
    const wu = we * ux + wn * uy;
    const v = c + wu;
    r[i] = (m.at[i]! - t0 - d / v) * w;
    if (jac === null) continue;
    const v2 = v * v;
    const gx = -ux / v + (we - wu * ux) / v2;
    const gy = -uy / v + (wn - wu * uy) / v2;
    const gz = -uz / v - (wu * uz) / v2;
    const row = i * p;
    jac[row] = -w * (fixedZ ? gx - gz * kappa * x : gx);
    jac[row + 1] = -w * (fixedZ ? gy - gz * kappa * y : gy);
    if (!fixedZ) jac[row + m.iz] = -w * gz;
    jac[row + m.it] = -w;
    if (m.ic >= 0) jac[row + m.ic] = (w * d) / v2;
    // ∂r/∂wind = w·d·u/v² (v = c + wind·u).
    if (m.iw >= 0) {
      jac[row + m.iw] = (w * dx) / v2;
      jac[row + m.iw + 1] = (w * dy) / v2;
    }
  }
  for (let j = 0; j < m.nb; j++) {
    const row = m.na + j;
    if (m.bOn[j] === 0) {
      r[row] = 0;
      continue;
    }
    const w = m.bw[j]!;
    const de = x - m.bx[j]!;
    const dn = y - m.by[j]!;
    const rho2 = de * de + dn * dn;
    r[row] = wrapPi(m.bBearing[j]! - Math.atan2(de, dn)) * w;
    if (jac === null || rho2 === 0) continue;
    jac[row * p] = (-w * dn) / rho2;
    jac[row * p + 1] = (w * de) / rho2;
  }
  let row = m.na + m.nb;
  if (alt.mode === 'prior') {
    const s = 1 / alt.sigma;
    r[row] = (z - (alt.up - (kappa * (x * x + y * y)) / 2)) * s;
    if (jac !== null) {
      jac[row * p] = kappa * x * s;
      jac[row * p + 1] = kappa * y * s;
      jac[row * p + m.iz] = s;
    }
    row++;
  }
  if (m.ic >= 0 && m.speed.mode === 'estimate') {
    const s = 1 / m.speed.priorSigma;
    r[row] = (c - m.speed.prior) * s;
    if (jac !== null) jac[row * p + m.ic] = s;
    row++;
  }
  if (m.iw >= 0) {
    const s = 1 / m.windSigma;
    r[row] = (we - m.windEast) * s;
    r[row + 1] = (wn - m.windNorth) * s;
    if (jac !== null) {
      jac[row * p + m.iw] = s;
      jac[(row + 1) * p + m.iw + 1] = s;
    }
  }
}

/**
 * Fills `g` (na × 2, row-major) with each arrival row's derivative over the
 * wind (east, north): r = (t − t0 − d/v)·w with v = c + wind·u gives
 * ∂r/∂wind = w·d·u/v². Bearing and prior rows do not depend on the wind;
 * rows switched off are zero.
 */
export function evaluateWindGradient(
  m: SolverModel,
  theta: Float64Array,
  g: Float64Array
): void {
  const x = theta[0]!;
  const y = theta[1]!;
  const z = modelUp(m, theta);
  const c = modelSpeed(m, theta);
  const we = modelWindEast(m, theta);
  const wn = modelWindNorth(m, theta);
  for (let i = 0; i < m.na; i++) {
    g[2 * i] = 0;
    g[2 * i + 1] = 0;
    if (m.aOn[i] === 0) continue;
    const dx = m.ax[i]! - x;
    const dy = m.ay[i]! - y;
    const dz = m.az[i]! - z;
    const d = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (d === 0) continue;
    const v = c + (we * dx + wn * dy) / d;
    // d·u/v² with u = (dx, dy)/d.
    const k = m.aw[i]! / (v * v);
    g[2 * i] = k * dx;
    g[2 * i + 1] = k * dy;
  }
}

/** Whether row `k` is a measurement (robust loss applies) rather than a prior. */
export function isMeasurementRow(m: SolverModel, k: number): boolean {
  return k < m.na + m.nb;
}

/** Whether row `k` is switched on. */
export function isRowOn(m: SolverModel, k: number): boolean {
  if (k < m.na) return m.aOn[k] === 1;
  if (k < m.na + m.nb) return m.bOn[k - m.na] === 1;
  return true;
}

// addArrivalCurvature's scratch: the position unknowns' indices and the
// unit vector to a sensor (it runs for every iteration of every fit).
const curvatureIndex = new Int32Array([0, 1, -1]);
const curvatureUnit = new Float64Array(3);

/**
 * Adds Σ ψ(rᵢ)·∂²rᵢ/∂θ² over the arrival rows to `h` (p×p), ψ being the
 * Huber influence clamp(r, −k, k): the part of the Hessian Gauss–Newton
 * drops. It matters along the source height, which planar sensors see only
 * through a second-order effect, so Gauss–Newton alone crawls there. Wind
 * is left out of the second derivatives (a correction of order w/c).
 */
export function addArrivalCurvature(
  m: SolverModel,
  theta: Float64Array,
  r: Float64Array,
  k: number,
  h: Float64Array
): void {
  const p = m.p;
  const x = theta[0]!;
  const y = theta[1]!;
  const z = modelUp(m, theta);
  const c = modelSpeed(m, theta);
  const fixedZ = m.altitude.mode === 'fixed';
  const nPos = fixedZ ? 2 : 3;
  const idx = curvatureIndex;
  idx[2] = m.iz;
  const u = curvatureUnit;
  for (let i = 0; i < m.na; i++) {
    if (m.aOn[i] === 0) continue;
    const psi = Math.max(-k, Math.min(k, r[i]!));
    if (psi === 0) continue;
    const w = m.aw[i]!;
    const dx = m.ax[i]! - x;
    const dy = m.ay[i]! - y;
    const dz = m.az[i]! - z;
    const d = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (d === 0) continue;
    u[0] = dx / d;
    u[1] = dy / d;
    u[2] = dz / d;
    // ∂r/∂p = (w/c)·u, so ∂²r/∂p² = −(w/c)(I − uuᵀ)/d.
    const f = (-psi * w) / (c * d);
    for (let a = 0; a < nPos; a++) {
      for (let b = 0; b < nPos; b++) {
        const e = (a === b ? 1 : 0) - u[a]! * u[b]!;
        h[idx[a]! * p + idx[b]!] = h[idx[a]! * p + idx[b]!]! + f * e;
      }
    }
    if (m.ic < 0) continue;
    // ∂²r/∂p∂c = −(w/c²)·u and ∂²r/∂c² = −2wd/c³.
    for (let a = 0; a < nPos; a++) {
      const e = (-psi * w * u[a]!) / (c * c);
      h[idx[a]! * p + m.ic] = h[idx[a]! * p + m.ic]! + e;
      h[m.ic * p + idx[a]!] = h[m.ic * p + idx[a]!]! + e;
    }
    h[m.ic * p + m.ic] = h[m.ic * p + m.ic]! - (2 * psi * w * d) / (c * c * c);
  }
}
