import type { AssociationContext } from './association-types.js';
import { sensorsWithin } from './sensor-grid.js';

/**
 * Candidate pulses for one seed, flattened: candidate sensor k owns
 * ids/times[start[k] .. start[k+1]), in time order. Buffers are reused
 * between seeds (the association is single-threaded and not re-entrant).
 */
export type SeedCandidates = {
  n: number;
  /**
   * Whether a pulse `gatherCandidates` was told was taken since the seed's
   * triples were last tried lies where the seed's group could draw on it;
   * true when it was told none.
   */
  touched: boolean;
  sensor: Int32Array;
  distance: Float64Array;
  start: Int32Array;
  ids: Int32Array;
  times: Float64Array;
};

const buffers: SeedCandidates = {
  n: 0,
  touched: true,
  sensor: new Int32Array(64),
  distance: new Float64Array(64),
  start: new Int32Array(65),
  ids: new Int32Array(256),
  times: new Float64Array(256),
};

function grow(need: number, pulses: number): void {
  if (buffers.sensor.length < need) {
    const size = Math.max(need, 2 * buffers.sensor.length);
    buffers.sensor = new Int32Array(size);
    buffers.distance = new Float64Array(size);
    buffers.start = new Int32Array(size + 1);
  }
  if (buffers.ids.length < pulses) {
    const size = Math.max(pulses, 2 * buffers.ids.length);
    const ids = new Int32Array(size);
    const times = new Float64Array(size);
    ids.set(buffers.ids);
    times.set(buffers.times);
    buffers.ids = ids;
    buffers.times = times;
  }
}

/** First index of `items`, sorted by `timeOf`, whose time is ≥ t. */
export function firstAtOrAfter<T>(
  items: readonly T[],
  t: number,
  timeOf: (item: T) => number
): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (timeOf(items[mid]!) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i in [lo, hi) with times[i] ≥ t. */
export function lowerBound(
  times: Float64Array,
  t: number,
  lo = 0,
  hi = times.length
): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sensors within twice the hearing range of sensor `s`, nearest first (cached). */
export function neighborsOf(
  ctx: AssociationContext,
  s: number
): { sensor: number; distance: number }[] {
  let n = ctx.neighbors.get(s);
  if (n === undefined) {
    n = sensorsWithin(
      ctx.grid,
      ctx.sE[s]!,
      ctx.sN[s]!,
      2 * ctx.params.maxRangeM
    ).filter((x) => x.sensor !== s);
    ctx.neighbors.set(s, n);
  }
  return n;
}

/**
 * Pulses that can share a source with seed pulse `a` if `a` is the first
 * arrival: on another sensor j, later than `a` by at most d(a, j)/c.
 * Given `taken` (pulses groups took since the seed's triples were last
 * tried), also says whether any of those lies where the seed's group could
 * draw on it (`touched`): at the seed's sensor or one within twice the
 * range, from maxRangeM/c before the seed (a source in range emits no
 * earlier) to the candidates' end.
 */
export function gatherCandidates(
  ctx: AssociationContext,
  a: number,
  c: number,
  tol: number,
  taken?: Uint8Array
): SeedCandidates {
  const p = ctx.params;
  const seed = ctx.dets[a]!;
  const sigmaA = ctx.sSigma[seed.sensor]!;
  const cMin = c * (1 - tol);
  const near = neighborsOf(ctx, seed.sensor);
  grow(near.length, 0);
  const b = buffers;
  b.n = 0;
  b.touched =
    taken === undefined ||
    takenNear(
      ctx,
      seed.sensor,
      seed.time,
      seed.time + p.maxRangeM / cMin,
      cMin,
      taken
    );
  let m = 0;
  for (const { sensor, distance } of near) {
    const eps = p.gateSigmas * Math.max(sigmaA, ctx.sSigma[sensor]!);
    const times = ctx.bySensorTimes[sensor]!;
    const ids = ctx.bySensorIds[sensor]!;
    const loT = seed.time - eps;
    const hiT = seed.time + distance / cMin + eps;
    const from = m;
    // One scan for both: while untouched, from where `touched` looks.
    for (
      let i = lowerBound(
        times,
        b.touched ? loT : Math.min(loT, seed.time - p.maxRangeM / cMin)
      );
      i < times.length && times[i]! <= hiT;
      i++
    ) {
      // A taken pulse is a used one.
      if (ctx.used[ids[i]!] !== 0) {
        if (taken?.[ids[i]!] === 1) b.touched = true;
        continue;
      }
      if (times[i]! < loT) continue;
      grow(0, m + 1);
      b.ids[m] = ids[i]!;
      b.times[m] = times[i]!;
      m++;
    }
    if (m === from) continue;
    b.sensor[b.n] = sensor;
    b.distance[b.n] = distance;
    b.start[b.n] = from;
    b.n++;
  }
  b.start[b.n] = m;
  return b;
}

/**
 * Whether a pulse in `taken` came to `sensor` between maxRangeM/cMin before
 * `time` and `until`.
 */
function takenNear(
  ctx: AssociationContext,
  sensor: number,
  time: number,
  until: number,
  cMin: number,
  taken: Uint8Array
): boolean {
  const times = ctx.bySensorTimes[sensor]!;
  const ids = ctx.bySensorIds[sensor]!;
  for (
    let i = lowerBound(times, time - ctx.params.maxRangeM / cMin);
    i < times.length && times[i]! <= until;
    i++
  ) {
    if (taken[ids[i]!] === 1) return true;
  }
  return false;
}

/** Output of `solveTriple`: up to two horizontal positions. */
export const tripleOut = {
  count: 0,
  east: new Float64Array(2),
  north: new Float64Array(2),
};

/**
 * Closed-form source positions (up to two) on the plane up = zPlane for
 * three pulses, the first of them the earliest: the TDOA equations of
 * `tdoaClosedForm`, exactly determined, so a 2×2 solve and a quadratic.
 */
export function solveTriple(
  ctx: AssociationContext,
  a: number,
  b: number,
  q: number,
  c: number,
  zPlane: number
): number {
  const da = ctx.dets[a]!;
  const xk = ctx.sE[da.sensor]!;
  const yk = ctx.sN[da.sensor]!;
  const zk = ctx.sU[da.sensor]! - zPlane;
  const kk = zk * zk;
  const db = ctx.dets[b]!;
  const dq = ctx.dets[q]!;
  const x1 = ctx.sE[db.sensor]! - xk;
  const y1 = ctx.sN[db.sensor]! - yk;
  const z1 = ctx.sU[db.sensor]! - zPlane;
  const x2 = ctx.sE[dq.sensor]! - xk;
  const y2 = ctx.sN[dq.sensor]! - yk;
  const z2 = ctx.sU[dq.sensor]! - zPlane;
  const d1 = c * (db.time - da.time);
  const d2 = c * (dq.time - da.time);
  const r1 = x1 * x1 + y1 * y1 + z1 * z1 - kk - d1 * d1;
  const r2 = x2 * x2 + y2 * y2 + z2 * z2 - kk - d2 * d2;
  // 2x·xi + 2y·yi = ri − 2di·r, solved for (x, y) = u + v·r.
  const det = 4 * (x1 * y2 - x2 * y1);
  tripleOut.count = 0;
  if (Math.abs(det) < 1e-9 * (x1 * x1 + y1 * y1 + x2 * x2 + y2 * y2)) return 0;
  const ux = (2 * (r1 * y2 - r2 * y1)) / det;
  const uy = (2 * (x1 * r2 - x2 * r1)) / det;
  const vx = (-4 * (d1 * y2 - d2 * y1)) / det;
  const vy = (-4 * (x1 * d2 - x2 * d1)) / det;
  const qa = vx * vx + vy * vy - 1;
  const qb = 2 * (ux * vx + uy * vy);
  const qc = ux * ux + uy * uy + kk;
  let root0 = NaN;
  let root1 = NaN;
  if (Math.abs(qa) < 1e-12) {
    if (qb !== 0) root0 = -qc / qb;
  } else {
    const disc = qb * qb - 4 * qa * qc;
    if (disc >= -1e-6 * qb * qb) {
      const s = Math.sqrt(Math.max(0, disc));
      root0 = (-qb - s) / (2 * qa);
      root1 = (-qb + s) / (2 * qa);
    }
  }
  for (const r of [root0, root1]) {
    if (!(r >= 0) || !Number.isFinite(r)) continue;
    tripleOut.east[tripleOut.count] = xk + ux + vx * r;
    tripleOut.north[tripleOut.count] = yk + uy + vy * r;
    tripleOut.count++;
  }
  return tripleOut.count;
}

/** Intersection of two bearing rays into `tripleOut`; 0 when they do not meet ahead of both. */
export function intersectBearings(
  ctx: AssociationContext,
  a: number,
  b: number
): number {
  tripleOut.count = 0;
  const da = ctx.dets[a]!;
  const db = ctx.dets[b]!;
  if (da.bearingRad === undefined || db.bearingRad === undefined) return 0;
  const ua0 = Math.sin(da.bearingRad);
  const ua1 = Math.cos(da.bearingRad);
  const ub0 = Math.sin(db.bearingRad);
  const ub1 = Math.cos(db.bearingRad);
  const det = -ua0 * ub1 + ub0 * ua1;
  if (Math.abs(det) < 1e-6) return 0;
  const dx = ctx.sE[db.sensor]! - ctx.sE[da.sensor]!;
  const dy = ctx.sN[db.sensor]! - ctx.sN[da.sensor]!;
  const ta = (-dx * ub1 + ub0 * dy) / det;
  const tb = (ua0 * dy - ua1 * dx) / det;
  if (!(ta > 0 && tb > 0)) return 0;
  tripleOut.east[0] = ctx.sE[da.sensor]! + ta * ua0;
  tripleOut.north[0] = ctx.sN[da.sensor]! + ta * ua1;
  tripleOut.count = 1;
  return 1;
}
