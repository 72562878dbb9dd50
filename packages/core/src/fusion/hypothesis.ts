import {
  arrivalSigma,
  type AssociationContext,
  type PulseGroup,
} from './association-types.js';
import {
  detectionProbability,
  detectionRangeFor,
  levelDetectionProbability,
  sensorLogLikelihoodRatio,
  snrLogLikelihoodRatio,
  transmissionLossDb,
  type LevelModel,
} from './detection-model.js';
import {
  multilaterate,
  type ArrivalInput,
  type BearingInput,
  type LocateResult,
} from './multilaterate.js';
import { echoDelay, isRepeatEmission } from './echo-delay.js';
import { dist3, pathSpeed, searchSeed } from './seed-hypothesis.js';
import { gatherCandidates, lowerBound, neighborsOf } from './seed-search.js';
import {
  inPulseTrain,
  repeatsAcceptedEmission,
  repeatSiteLogGain,
  repeatSiteLogGainBound,
  type PendingGroup,
} from './repeat-site.js';
import { median } from './stats.js';
import type { HorizontalGuess } from './tdoa.js';
import { degreesFromRadians, enuPoint, radians, seconds } from './units.js';

type SourceState = {
  e: number;
  n: number;
  u: number;
  t0: number;
  c: number;
  slack: number;
  /** The group's own wind and its covariance, once a fit has estimated it. */
  wind?: { east: number; north: number };
  windCovariance?: readonly [number, number, number];
};

/**
 * 1σ (m/s) of the prior on the wind a group's fit estimates as its own, or
 * 0 where the fit takes the air's wind as exact (`groupWindSigmaScale`).
 */
function groupWindSigma(ctx: AssociationContext, time: number): number {
  const p = ctx.params;
  const s = ctx.propagationAt(time).windSigmaMs;
  return s > 0 && s <= p.groupWindMaxSigmaMs ? s * p.groupWindSigmaScale : 0;
}

function gatherMembers(
  ctx: AssociationContext,
  a: number,
  sol: SourceState
): number[] {
  const p = ctx.params;
  const seed = ctx.dets[a]!;
  const out: number[] = [];
  const near = neighborsOf(ctx, seed.sensor);
  const dSeed = dist3(ctx, seed.sensor, sol.e, sol.n, sol.u);
  // Neighbours come nearest first; one more than maxRangeM + dSeed from the
  // seed's sensor is out of range of the source (the triangle inequality;
  // 1 µm for rounding), and so is every one after it.
  const reach = p.maxRangeM + dSeed + 1e-6;
  const prop = ctx.propagationAt(seed.time);
  const wind = sol.wind ?? { east: prop.windEast, north: prop.windNorth };
  // A group that estimated its wind gates each sensor by the arrival's
  // predictive σ: its timing's and d/c² times its wind's posterior σ along
  // the path (how the fit's other unknowns would follow is left out).
  const wc = sol.windCovariance;
  for (let k = -1; k < near.length; k++) {
    if (k >= 0 && near[k]!.distance > reach) break;
    const sensor = k < 0 ? seed.sensor : near[k]!.sensor;
    const d = dist3(ctx, sensor, sol.e, sol.n, sol.u);
    if (d > p.maxRangeM) continue;
    // Ignoring the wind here would gate out far sensors up and down wind.
    const pred =
      sol.t0 + d / pathSpeed(ctx, sensor, sol.e, sol.n, d, sol.c, wind);
    const timing = arrivalSigma(ctx, sensor, d);
    let fromWind = 0;
    if (wc !== undefined) {
      const de = ctx.sE[sensor]! - sol.e;
      const dn = ctx.sN[sensor]! - sol.n;
      const h = Math.hypot(de, dn) || 1;
      const [ue, un] = [de / h, dn / h];
      const along = ue * ue * wc[0] + 2 * ue * un * wc[1] + un * un * wc[2];
      fromWind = (d * Math.sqrt(Math.max(along, 0))) / (sol.c * sol.c);
    }
    const sigma = Math.sqrt(timing * timing + fromWind * fromWind);
    const gate =
      p.gateSigmas * sigma + (sol.slack * Math.abs(d - dSeed)) / sol.c;
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
    if (
      pick >= 0 &&
      (sol.slack > 0 || worthIncluding(ctx, pick, d, pred, sigma))
    )
      out.push(pick);
  }
  return out.sort((x, y) => x - y);
}

/**
 * The log-odds that pulse `id`, `z` timing σ off a located source's
 * predicted arrival at range `d`, is that source's arrival rather than the
 * sensor having missed it while clutter (or, just after a stronger pulse,
 * an echo) landed there.
 */
function arrivalLogOdds(
  ctx: AssociationContext,
  id: number,
  d: number,
  z: number,
  sigma: number
): number {
  const p = ctx.params;
  const pd = Math.min(
    Math.max(detectionProbability(p.detection, d), 1e-3),
    1 - 1e-3
  );
  const lambda =
    p.detection.falseAlarmRatePerS +
    (followsPulse(ctx, id) ? p.echoRatePerS : 0);
  return (
    Math.log(pd / (1 - pd)) -
    Math.log(lambda * sigma * Math.sqrt(2 * Math.PI)) -
    (z * z) / 2
  );
}

/**
 * Once the source is located, a pulse joins only if it is likelier as this
 * source's arrival than the sensor having missed it while clutter (or an
 * echo) landed there: its log-odds (arrivalLogOdds) must be positive.
 */
function worthIncluding(
  ctx: AssociationContext,
  id: number,
  d: number,
  pred: number,
  sigma: number
): boolean {
  const z = (ctx.dets[id]!.time - pred) / sigma;
  return arrivalLogOdds(ctx, id, d, z, sigma) > 0;
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
    // Weights from the range to the guess: fixed through the fit, so the
    // fit cannot buy a smaller misfit by moving away.
    const range = Math.hypot(s.east - guess.east, s.north - guess.north);
    arrivals.push({
      sensor: pos,
      time: seconds(d.time - t),
      sigma: seconds(arrivalSigma(ctx, d.sensor, range)),
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
  const windSigma = groupWindSigma(ctx, t);
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
      ...(windSigma > 0 ? { windSigma } : {}),
      huberK: p.huberK,
      outlierK: p.outlierK,
      initial: guess,
      closedFormStarts: false,
      // A pulse that is not this source's can fit well enough to hide among
      // the residuals (the fit moves to meet it), whatever the group's size.
      leaveOneOutMax: Infinity,
    }
  );
  if (r === undefined) return undefined;
  return { ...r, time: seconds(r.time + t) };
}

function followsPulse(ctx: AssociationContext, id: number): boolean {
  return echoDelay(ctx, id) !== undefined;
}

/**
 * The source's level over the noise at 1 m from a group's inlier pulses
 * (their mean SNR plus loss over range), each sensor's chance to hear it
 * at that level, and the log-likelihood ratio of those levels: as one
 * source's, normal about the mean with the fading σ (one degree of freedom
 * goes to the mean), against clutter's, uniform over `clutterSpanDb`.
 * Undefined with fewer than two pulses.
 */
function levelFit(
  ctx: AssociationContext,
  members: readonly number[],
  sol: LocateResult,
  rangeOf: (sensor: number) => number,
  m: LevelModel
): { llr: number; pDetect: (rangeM: number) => number } | undefined {
  const xs: number[] = [];
  members.forEach((id, k) => {
    if (!sol.arrivalInliers[k]) return;
    const det = ctx.dets[id]!;
    xs.push(det.snrDb + transmissionLossDb(m, rangeOf(det.sensor)));
  });
  if (xs.length < 2) return undefined;
  const levelDb = xs.reduce((a, b) => a + b, 0) / xs.length;
  let ss = 0;
  for (const x of xs) ss += ((x - levelDb) / m.fadingSigmaDb) ** 2;
  const perPulse = Math.log(
    m.clutterSpanDb / (m.fadingSigmaDb * Math.sqrt(2 * Math.PI))
  );
  return {
    llr: (xs.length - 1) * perPulse - ss / 2,
    pDetect: (rangeM) =>
      levelDetectionProbability(ctx.params.detection, m, levelDb, rangeM),
  };
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
  const echoPenalty = isRepeatEmission(
    ctx,
    members.filter((_, k) => sol.arrivalInliers[k])
  )
    ? 0
    : Math.log1p(p.echoRatePerS / det.falseAlarmRatePerS);
  const rangeOf = (sensor: number) =>
    dist3(ctx, sensor, sol.position.east, sol.position.north, sol.position.up);
  const levels =
    p.levels === null || p.levels === undefined
      ? undefined
      : levelFit(ctx, members, sol, rangeOf, p.levels);
  const pDetect =
    levels?.pDetect ?? ((d: number) => detectionProbability(det, d));
  let llr = levels?.llr ?? 0;
  for (const { sensor } of [{ sensor: seed }, ...neighborsOf(ctx, seed)]) {
    const d = rangeOf(sensor);
    const k = bySensor.get(sensor);
    if (d > (levels === undefined ? reach : p.maxRangeM) && k === undefined)
      continue;
    // A sensor whose pulses after its horizon are not in yet cannot have
    // missed a source that reaches it after that.
    if (k === undefined && sol.time + d / sol.speed > ctx.sHeard[sensor]!)
      continue;
    const pd = Math.max(pDetect(d), 1e-3);
    const sigma = arrivalSigma(ctx, sensor, d);
    const z = k === undefined ? undefined : sol.arrivalResiduals[k]! / sigma;
    llr += sensorLogLikelihoodRatio(det, pd, z, sigma);
    if (k === undefined) continue;
    // Direct arrivals are louder than clutter and echoes; where the network
    // reports SNR this tells apart groups whose timing alone cannot.
    llr += snrLogLikelihoodRatio(
      p.clutterSnrMeanDb,
      p.sourceSnrMeanDb,
      ctx.dets[members[k]!]!.snrDb
    );
    if (followsPulse(ctx, members[k]!)) llr -= echoPenalty;
  }
  // A wind the group estimated pays its prior's misfit and the Occam
  // factor of its two unknowns (`WindFit`).
  if (sol.windFit !== undefined)
    llr -= sol.windFit.misfit / 2 + sol.windFit.logShrink;
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
 * used: triple search, then two rounds of solve-and-regate. Its score counts
 * the accepted sites it may repeat from (repeatSiteLogGain). Undefined when
 * no hypothesis gathers enough pulses or scores below the threshold; a group
 * below it that a co-located partner could lift over it goes to `pending`.
 * `taken`, for a seed whose triples an earlier pass tried: the pulses groups
 * took since; where none of them lies in reach of its group, its triples
 * are what they were then and are not tried again (only the sites).
 */
export function buildGroup(
  ctx: AssociationContext,
  a: number,
  seedSpeed?: { c: number; tol: number },
  pending?: PendingGroup[],
  taken?: Uint8Array
): PulseGroup | undefined {
  const p = ctx.params;
  const seed = ctx.dets[a]!;
  const prop = ctx.propagationAt(seed.time);
  // Seeding allows for the speed's own uncertainty when it is estimated.
  const c =
    seedSpeed?.c ??
    (prop.speed.mode === 'fixed' ? prop.speed.speed : prop.speed.prior);
  const tol =
    seedSpeed?.tol ??
    (prop.speed.mode === 'estimate'
      ? Math.max(
          p.seedSpeedTolerance,
          (2 * prop.speed.priorSigma) / prop.speed.prior
        )
      : p.seedSpeedTolerance);
  const cand = gatherCandidates(ctx, a, c, tol, taken);
  if (cand.n + 1 < p.minDetections) return undefined;
  const up = ctx.sU[seed.sensor]!;
  const guess = searchSeed(ctx, a, cand, c, up, tol, cand.touched);
  if (guess === undefined || guess.count < p.minDetections) return undefined;
  let state: SourceState = {
    e: guess.east,
    n: guess.north,
    u: guess.up,
    t0: guess.t0,
    c,
    slack: tol,
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
      // Gates stay at the nominal σ (with the wind's, for a group that
      // estimates its own): a poor fit is no reason to widen them, as
      // widening lets in the very pulses that make fits poor.
      slack: 0,
      ...(sol.windFit === undefined
        ? {}
        : {
            wind: { east: sol.windFit.east, north: sol.windFit.north },
            windCovariance: sol.windFit.covariance,
          }),
    };
  }
  if (sol === undefined) return undefined;
  let kept = members.filter((_, k) => sol.arrivalInliers[k]);
  if (kept.length < p.minDetections) return undefined;
  const base = scoreGroup(ctx, a, members, sol);
  // In a pulse train the site prior helps only a later emission of an
  // accepted group (a repeat shot from its place), not any group there.
  const repeats =
    ctx.repeatSites &&
    (!inPulseTrain(ctx, kept) || repeatsAcceptedEmission(ctx, kept));
  const llr = base + (repeats ? repeatSiteLogGain(ctx, sol, ctx.accepted) : 0);
  const enough = llr >= p.minLogLikelihoodRatio;
  if (
    !enough &&
    !(
      repeats &&
      pending !== undefined &&
      base + repeatSiteLogGainBound(ctx, sol) >= p.minLogLikelihoodRatio
    )
  )
    return undefined;
  // The re-solve without the rejected may reject again (a pulse the others
  // no longer carry): a group holds only the pulses its solution keeps.
  let final = sol;
  let held = members;
  while (kept.length < held.length) {
    held = kept;
    const again = solveMembers(ctx, held, a, { east: state.e, north: state.n });
    if (again === undefined) return undefined;
    final = again;
    kept = held.filter((_, k) => again.arrivalInliers[k]);
    if (kept.length < p.minDetections) return undefined;
  }
  const group: PulseGroup = {
    members: kept,
    seed: a,
    solution: final,
    logLikelihoodRatio: llr,
    ...(llr === base ? {} : { ownLogLikelihoodRatio: base }),
  };
  if (enough) return group;
  pending?.push({ group, base });
  return undefined;
}

/**
 * Per member of an accepted group, the probability that it is not this
 * source's arrival but a pulse the sensor would have had anyway (clutter,
 * or an echo where it follows a stronger pulse) while missing the source:
 * `arrivalLogOdds`, judged on the member's deleted residual
 * (against the fit without it, whose prediction is less sure by 1/(1 − h)),
 * as a fit that moved to meet a pulse hides it in its own residual.
 */
export function memberDoubt(
  ctx: AssociationContext,
  members: readonly number[],
  sol: LocateResult
): number[] {
  return members.map((id, k) => {
    const f = sol.arrivalInfluence[k];
    if (f === undefined || !sol.arrivalInliers[k] || !(f.leverage < 1))
      return 0;
    const det = ctx.dets[id]!;
    const d = dist3(
      ctx,
      det.sensor,
      sol.position.east,
      sol.position.north,
      sol.position.up
    );
    const sigma = arrivalSigma(ctx, det.sensor, d) / Math.sqrt(1 - f.leverage);
    const z = sol.arrivalResiduals[k]! / (1 - f.leverage) / sigma;
    const llr = arrivalLogOdds(ctx, id, d, z, sigma);
    return 1 / (1 + Math.exp(llr));
  });
}
