import type { AssociationContext, PulseGroup } from './association-types.js';
import {
  detectionProbability,
  detectionRangeFor,
  sensorLogLikelihoodRatio,
} from './detection-model.js';
import {
  multilaterate,
  type ArrivalInput,
  type BearingInput,
  type LocateResult,
} from './multilaterate.js';
import {
  gatherCandidates,
  intersectBearings,
  lowerBound,
  neighborsOf,
  solveTriple,
  tripleOut,
  type SeedCandidates,
} from './seed-search.js';
import { median } from './stats.js';
import type { HorizontalGuess } from './tdoa.js';
import { degreesFromRadians, enuPoint, radians, seconds } from './units.js';

type Guess = HorizontalGuess & {
  up: number;
  t0: number;
  count: number;
  sse: number;
};

/** Result of the last `scoreGuess` (no allocation per guess). */
const scored = { count: 0, sse: 0, t0: 0 };

function dist3(
  ctx: AssociationContext,
  s: number,
  e: number,
  n: number,
  u: number
): number {
  const de = ctx.sE[s]! - e;
  const dn = ctx.sN[s]! - n;
  const du = ctx.sU[s]! - u;
  return Math.sqrt(de * de + dn * dn + du * du);
}

/**
 * Counts candidate sensors with a pulse within the seeding gate of a
 * hypothesised source at (e, n, up); false when the seed is out of range.
 */
function scoreGuess(
  ctx: AssociationContext,
  a: number,
  cand: SeedCandidates,
  e: number,
  n: number,
  up: number,
  c: number
): boolean {
  const p = ctx.params;
  const seed = ctx.dets[a]!;
  const da = dist3(ctx, seed.sensor, e, n, up);
  const range2 = p.maxRangeM * p.maxRangeM;
  if (da > p.maxRangeM) return false;
  const t0 = seed.time - da / c;
  let count = 1;
  let sse = 0;
  for (let k = 0; k < cand.n; k++) {
    const s = cand.sensor[k]!;
    const de = ctx.sE[s]! - e;
    const dn = ctx.sN[s]! - n;
    const du = ctx.sU[s]! - up;
    const d2 = de * de + dn * dn + du * du;
    if (d2 > range2) continue;
    const d = Math.sqrt(d2);
    const pred = t0 + d / c;
    const gate = p.gateSigmas * ctx.sSigma[s]! + (p.seedSpeedTolerance * d) / c;
    const lo = cand.start[k]!;
    const hi = cand.start[k + 1]!;
    const i = lowerBound(cand.times, pred, lo, hi);
    let r = Infinity;
    if (i < hi) r = cand.times[i]! - pred;
    if (i > lo) r = Math.min(r, pred - cand.times[i - 1]!);
    if (r <= gate) {
      count++;
      sse += (r / gate) ** 2;
    }
  }
  scored.count = count;
  scored.sse = sse;
  scored.t0 = t0;
  return true;
}

/** Expected number of detections (seed included) for a source at (e, n, up). */
function expectedDetections(
  ctx: AssociationContext,
  a: number,
  cand: SeedCandidates,
  e: number,
  n: number,
  up: number
): number {
  const det = ctx.params.detection;
  let sum = detectionProbability(
    det,
    dist3(ctx, ctx.dets[a]!.sensor, e, n, up)
  );
  for (let k = 0; k < cand.n; k++)
    sum += detectionProbability(det, dist3(ctx, cand.sensor[k]!, e, n, up));
  return sum;
}

/** The best source hypothesis from triples (and bearing pairs) through seed `a`. */
function searchSeed(
  ctx: AssociationContext,
  a: number,
  cand: SeedCandidates,
  c: number,
  up: number
): Guess | undefined {
  const p = ctx.params;
  const k = Math.min(p.maxSeedSensors, cand.n);
  const cMin = c * (1 - p.seedSpeedTolerance);
  let best: Guess | undefined;
  let tries = 0;
  // Scores every position in tripleOut; true once a hypothesis is good enough.
  const consider = (): boolean => {
    for (let j = 0; j < tripleOut.count; j++) {
      const e = tripleOut.east[j]!;
      const n = tripleOut.north[j]!;
      if (!scoreGuess(ctx, a, cand, e, n, up, c)) continue;
      if (
        best === undefined ||
        scored.count > best.count ||
        (scored.count === best.count && scored.sse < best.sse)
      ) {
        best = {
          east: e,
          north: n,
          up,
          t0: scored.t0,
          count: scored.count,
          sse: scored.sse,
        };
        if (
          scored.count >= p.minDetections &&
          scored.count >=
            p.earlyStopFraction * expectedDetections(ctx, a, cand, e, n, up)
        ) {
          return true;
        }
      }
    }
    return false;
  };
  for (let u = 0; u < k; u++) {
    for (let i = cand.start[u]!; i < cand.start[u + 1]!; i++) {
      if (intersectBearings(ctx, a, cand.ids[i]!) > 0 && consider())
        return best;
    }
  }
  for (let u = 0; u < k; u++) {
    const su = cand.sensor[u]!;
    for (let v = u + 1; v < k; v++) {
      const sv = cand.sensor[v]!;
      const duv = Math.hypot(
        ctx.sE[su]! - ctx.sE[sv]!,
        ctx.sN[su]! - ctx.sN[sv]!
      );
      const reach =
        duv / cMin + p.gateSigmas * Math.max(ctx.sSigma[su]!, ctx.sSigma[sv]!);
      const vLo = cand.start[v]!;
      const vHi = cand.start[v + 1]!;
      for (let i = cand.start[u]!; i < cand.start[u + 1]!; i++) {
        const tb = cand.times[i]!;
        for (
          let j = lowerBound(cand.times, tb - reach, vLo, vHi);
          j < vHi && cand.times[j]! <= tb + reach;
          j++
        ) {
          solveTriple(ctx, a, cand.ids[i]!, cand.ids[j]!, c, up);
          if (consider()) return best;
          if (++tries >= p.maxTriples) return best;
        }
      }
    }
  }
  return best;
}

type SourceState = {
  e: number;
  n: number;
  u: number;
  t0: number;
  c: number;
  inflate: number;
  slack: number;
};

function gatherMembers(
  ctx: AssociationContext,
  a: number,
  sol: SourceState
): number[] {
  const p = ctx.params;
  const seed = ctx.dets[a]!;
  const out: number[] = [];
  const sensors = [
    { sensor: seed.sensor, distance: 0 },
    ...neighborsOf(ctx, seed.sensor),
  ];
  for (const { sensor } of sensors) {
    const d = dist3(ctx, sensor, sol.e, sol.n, sol.u);
    if (d > p.maxRangeM) continue;
    const pred = sol.t0 + d / sol.c;
    const sigma = ctx.sensors[sensor]!.sigmaS * sol.inflate;
    const gate = p.gateSigmas * sigma + (sol.slack * d) / sol.c;
    const times = ctx.bySensorTimes[sensor]!;
    const ids = ctx.bySensorIds[sensor]!;
    let pick = -1;
    let pickR = Infinity;
    for (
      let i = lowerBound(times, pred - gate);
      i < times.length && times[i]! <= pred + gate;
      i++
    ) {
      const id = ids[i]!;
      if (ctx.used[id] === 1) continue;
      const r = Math.abs(times[i]! - pred);
      if (r <= p.earliestSigmas * sigma) {
        pick = id;
        break;
      }
      if (r < pickR) {
        pick = id;
        pickR = r;
      }
    }
    if (pick >= 0) out.push(pick);
  }
  return out.sort((x, y) => x - y);
}

function solveMembers(
  ctx: AssociationContext,
  members: number[],
  a: number,
  guess: HorizontalGuess
): LocateResult | undefined {
  const p = ctx.params;
  const t = ctx.dets[a]!.time;
  const arrivals: ArrivalInput[] = [];
  const bearings: BearingInput[] = [];
  const heights: number[] = [];
  for (const id of members) {
    const d = ctx.dets[id]!;
    const s = ctx.sensors[d.sensor]!;
    const pos = enuPoint(s.east, s.north, s.up);
    arrivals.push({
      sensor: pos,
      time: seconds(d.time - t),
      sigma: seconds(s.sigmaS),
    });
    heights.push(s.surfaceHeight);
    if (d.bearingRad !== undefined && d.bearingSigmaRad !== undefined) {
      bearings.push({
        sensor: pos,
        bearing: degreesFromRadians(radians(d.bearingRad)),
        sigma: degreesFromRadians(radians(d.bearingSigmaRad)),
      });
    }
  }
  const prop = ctx.propagationAt(t);
  const speed =
    prop.speed.mode === 'estimate' &&
    members.length < p.minSpeedEstimateDetections
      ? { mode: 'fixed' as const, speed: prop.speed.prior }
      : prop.speed;
  const r = multilaterate(
    { arrivals, bearings },
    {
      speed,
      altitude: {
        mode: 'prior',
        up: median(heights),
        sigma: p.altitudeSigmaM,
        curvature: p.curvature,
      },
      wind: { east: prop.windEast, north: prop.windNorth },
      huberK: p.huberK,
      outlierK: p.outlierK,
      initial: guess,
      closedFormStarts: false,
    }
  );
  if (r === undefined) return undefined;
  return { ...r, time: seconds(r.time + t) };
}

/** Whether another pulse came in at the same sensor within the echo window before `id`. */
function followsPulse(ctx: AssociationContext, id: number): boolean {
  const d = ctx.dets[id]!;
  const times = ctx.bySensorTimes[d.sensor]!;
  const i = lowerBound(times, d.time);
  return i > 0 && d.time - times[i - 1]! <= ctx.params.echoWindowS;
}

/** Log-likelihood ratio of a located group against clutter, with an Occam term for its fit. */
function scoreGroup(
  ctx: AssociationContext,
  a: number,
  members: number[],
  sol: LocateResult
): number {
  const p = ctx.params;
  const det = p.detection;
  const reach = Math.min(p.maxRangeM, detectionRangeFor(det, 0.02));
  const bySensor = new Map<number, number>();
  members.forEach((id, k) => {
    if (sol.arrivalInliers[k]) bySensor.set(ctx.dets[id]!.sensor, k);
  });
  const seed = ctx.dets[a]!.sensor;
  const echoPenalty = Math.log1p(p.echoRatePerS / det.falseAlarmRatePerS);
  let llr = 0;
  for (const { sensor } of [{ sensor: seed }, ...neighborsOf(ctx, seed)]) {
    const d = dist3(
      ctx,
      sensor,
      sol.position.east,
      sol.position.north,
      sol.position.up
    );
    const k = bySensor.get(sensor);
    if (d > reach && k === undefined) continue;
    const pd = Math.max(detectionProbability(det, d), 1e-3);
    const sigma = ctx.sSigma[sensor]!;
    const z = k === undefined ? undefined : sol.arrivalResiduals[k]! / sigma;
    llr += sensorLogLikelihoodRatio(det, pd, z, sigma);
    if (k !== undefined && followsPulse(ctx, members[k]!)) llr -= echoPenalty;
  }
  // Laplace approximation of the marginal over position and time.
  const [ce, cen, cn] = sol.covariance;
  const area = 2 * Math.PI * Math.sqrt(Math.max(ce * cn - cen * cen, 1e-12));
  const span = Math.sqrt(2 * Math.PI) * Math.max(sol.timeSigma, 1e-9);
  const c = sol.speed;
  return (
    llr +
    Math.log(area / (Math.PI * p.maxRangeM ** 2)) +
    Math.log(span / (p.maxRangeM / c))
  );
}

/**
 * Builds the best located group through seed pulse `a` from pulses not yet
 * used: triple search, then two rounds of solve-and-regate. Undefined when
 * no hypothesis gathers enough pulses.
 */
export function buildGroup(
  ctx: AssociationContext,
  a: number
): PulseGroup | undefined {
  const p = ctx.params;
  const seed = ctx.dets[a]!;
  const prop = ctx.propagationAt(seed.time);
  const c = prop.speed.mode === 'fixed' ? prop.speed.speed : prop.speed.prior;
  const cand = gatherCandidates(ctx, a, c);
  if (cand.n + 1 < p.minDetections) return undefined;
  const up = ctx.sU[seed.sensor]!;
  const guess = searchSeed(ctx, a, cand, c, up);
  if (guess === undefined || guess.count < p.minDetections) return undefined;
  let state: SourceState = {
    e: guess.east,
    n: guess.north,
    u: guess.up,
    t0: guess.t0,
    c,
    inflate: 1,
    slack: p.seedSpeedTolerance,
  };
  let members: number[] = [];
  let sol: LocateResult | undefined;
  for (let round = 0; round < 2; round++) {
    members = gatherMembers(ctx, a, state);
    if (members.length < p.minDetections) return undefined;
    sol = solveMembers(ctx, members, a, { east: state.e, north: state.n });
    if (sol === undefined) return undefined;
    state = {
      e: sol.position.east,
      n: sol.position.north,
      u: sol.position.up,
      t0: sol.time,
      c: sol.speed,
      inflate: Math.min(2, Math.sqrt(Math.max(1, sol.varianceFactor))),
      slack: 0,
    };
  }
  if (sol === undefined) return undefined;
  const kept = members.filter((_, k) => sol.arrivalInliers[k]);
  if (kept.length < p.minDetections) return undefined;
  const llr = scoreGroup(ctx, a, members, sol);
  if (!(llr >= p.minLogLikelihoodRatio)) return undefined;
  const final =
    kept.length === members.length
      ? sol
      : solveMembers(ctx, kept, a, { east: state.e, north: state.n });
  if (final === undefined) return undefined;
  return { members: kept, seed: a, solution: final, logLikelihoodRatio: llr };
}
