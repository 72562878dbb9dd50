import type { AssociationContext, PulseGroup } from './association-types.js';
import { groupIndexAt } from './mirror-echo.js';
import { lowerBound } from './seed-search.js';

/*
 * A gun, mortar or launcher fires again and again from one place: a source
 * within a minute of a known site is likelier to be at that site than
 * anywhere else in reach. scoreGroup's Occam term is the Laplace marginal
 * of the position under a uniform prior over the reach, area_g / A (the
 * Occam factor, MacKay, Information Theory, Inference and Learning
 * Algorithms, ch. 28). Under a mixture prior, (1 − π) uniform and π shared
 * equally by the K recent sites (each a Gaussian about its estimate), the
 * marginal is
 *   area_g · [(1 − π)/A + (π/K) Σ_k N(x̂; x_k, Σ_g + Σ_k + s²I)]
 * (the Gaussian integral of the group's likelihood against each site's),
 * so the score gains log[(1 − π) + (π/K) Σ_k A·N(x̂; x_k, …)]: a group that
 * lands on a site pays the position prior once for the site rather than
 * once per emission, and one elsewhere pays log(1 − π). Two faint groups
 * may lift each other the same way (pairPendingGroups). Groups in a pulse
 * train get no such help (inPulseTrain), unless they are a later emission
 * of an accepted group, their pulses each that group's shifted by one
 * delay (repeatsAcceptedEmission).
 */

/**
 * How far apart in emission time (s) an earlier group's site counts as one
 * a source may repeat from: a rocket salvo or a battery fires again and
 * again from one place within a minute or so.
 */
export const REPEAT_WINDOW_S = 60;

/** π: the prior share of a repeat from a recent site, when there is one. */
const REPEAT_SHARE = 0.5;

/**
 * s: 1σ (m) of a repeat's position about the site's: a gun or launcher
 * does not move between rounds (a battery's others, hundreds of metres
 * off, are sites of their own).
 */
const SITE_SPREAD_M = 30;

/**
 * A pulse this soon (s) after another at its sensor is in a pulse train:
 * a salvo's rockets come under a second apart, a gun's or mortar's rounds
 * (and the echoes of the last) seconds apart.
 */
const TRAIN_GAP_S = 2;

/**
 * Per pulse of one sensor's stream (`times` ascending): seconds since the
 * first pulse of the train it is in (TRAIN_GAP_S or less from one to the
 * next), 0 for the first of a train or a pulse alone.
 */
export function trainOffsets(times: Float64Array): Float64Array {
  const out = new Float64Array(times.length);
  let start = 0;
  for (let i = 1; i < times.length; i++) {
    if (times[i]! - times[i - 1]! > TRAIN_GAP_S) start = i;
    out[i] = times[i]! - times[start]!;
  }
  return out;
}

/** What is read of a located source (a `LocateResult`'s fields). */
type LocatedSource = {
  position: { east: number; north: number };
  /** East, east-north and north (co)variance, m². */
  covariance: readonly [number, number, number];
  time: number;
  timeSigma: number;
};

/** Whether two emissions are one instant (then not a repeat), as mirror echoes are judged. */
function sameInstant(
  ctx: Pick<AssociationContext, 'params'>,
  x: LocatedSource,
  y: LocatedSource
): boolean {
  return (
    Math.abs(x.time - y.time) <=
    3 * Math.hypot(x.timeSigma, y.timeSigma) + ctx.params.echoTimeToleranceS
  );
}

/** χ²(2) at 0.999: two sites closer than this, in their joint σ, are one. */
const ONE_SITE_CHI2 = 13.8;

/**
 * A·N(x̂; x_k, Σ_g + Σ_k + s²I), A = π·maxRange² the uniform prior's area,
 * and m², the squared Mahalanobis distance in that N.
 */
function siteDensityRatio(
  ctx: Pick<AssociationContext, 'params'>,
  g: LocatedSource,
  k: LocatedSource
): { ratio: number; m2: number } {
  const s2 = SITE_SPREAD_M * SITE_SPREAD_M;
  const a = g.covariance[0] + k.covariance[0] + s2;
  const b = g.covariance[1] + k.covariance[1];
  const d = g.covariance[2] + k.covariance[2] + s2;
  const det = Math.max(a * d - b * b, 1e-12);
  const de = g.position.east - k.position.east;
  const dn = g.position.north - k.position.north;
  const m2 = (d * de * de - 2 * b * de * dn + a * dn * dn) / det;
  const r = ctx.params.maxRangeM;
  return { ratio: ((r * r) / (2 * Math.sqrt(det))) * Math.exp(-m2 / 2), m2 };
}

/**
 * What a located source's score gains from the repeat-site prior over
 * the `sites` (by emission time) within REPEAT_WINDOW_S of it, plus
 * `extra` sites; 0 when there are none. Sites at the source's own instant
 * are not repeats and are left out; a source at one of them, at its
 * instant, is that emission over again (a part of its pulses left over)
 * and gains nothing.
 */
export function repeatSiteLogGain(
  ctx: Pick<AssociationContext, 'params'>,
  g: LocatedSource,
  sites: readonly PulseGroup[],
  extra: readonly LocatedSource[] = []
): number {
  let count = 0;
  let sum = 0;
  let again = false;
  const take = (k: LocatedSource) => {
    if (Math.abs(k.time - g.time) > REPEAT_WINDOW_S) return;
    const { ratio, m2 } = siteDensityRatio(ctx, g, k);
    if (sameInstant(ctx, g, k)) {
      if (m2 <= ONE_SITE_CHI2) again = true;
      return;
    }
    count++;
    sum += ratio;
  };
  for (
    let i = groupIndexAt(sites, g.time - REPEAT_WINDOW_S);
    i < sites.length && sites[i]!.solution.time <= g.time + REPEAT_WINDOW_S;
    i++
  )
    take(sites[i]!.solution);
  for (const k of extra) take(k);
  if (count === 0 || again) return 0;
  return Math.log(1 - REPEAT_SHARE + (REPEAT_SHARE / count) * sum);
}

/**
 * The most a source could gain from any one site, however placed and
 * precise: N(x̂; x_k, Σ_g + Σ_k + s²I) is at most 1/(2π√det(Σ_g + s²I)).
 */
export function repeatSiteLogGainBound(
  ctx: Pick<AssociationContext, 'params'>,
  g: LocatedSource
): number {
  const s2 = SITE_SPREAD_M * SITE_SPREAD_M;
  const a = g.covariance[0] + s2;
  const d = g.covariance[2] + s2;
  const det = Math.max(a * d - g.covariance[1] ** 2, 1e-12);
  const r = ctx.params.maxRangeM;
  return Math.log(
    1 - REPEAT_SHARE + (REPEAT_SHARE * r * r) / (2 * Math.sqrt(det))
  );
}

/**
 * Whether any of `members` comes within TRAIN_GAP_S after another pulse at
 * its sensor: then it is in a pulse train, where the prior's premise fails.
 * A train fired from one place at a steady rate has aliases (each sensor's
 * pulse taken from a round or a few off) that fit a ghost site, and the
 * same aliasing of the next round fits the same ghost site: there chance
 * groups do land on one point again and again (replay bundles 3 and 5 grew
 * 2 and 7 ghost events that way before trains were left out).
 */
export function inPulseTrain(
  ctx: Pick<AssociationContext, 'dets' | 'bySensorTimes' | 'params'>,
  members: readonly number[]
): boolean {
  return members.some((id) => {
    const d = ctx.dets[id]!;
    const times = ctx.bySensorTimes[d.sensor]!;
    const i = lowerBound(times, d.time) - 1;
    return i >= 0 && d.time - times[i]! <= TRAIN_GAP_S;
  });
}

/** A group below the threshold that a co-located partner might lift over it. */
export type PendingGroup = {
  group: PulseGroup;
  /** Its score without the repeat-site term. */
  base: number;
};

/**
 * Accepts pairs of pending groups that support each other: two emissions
 * at distinct instants within REPEAT_WINDOW_S whose sites agree. Each is
 * taken as a repeat of the other (and of the accepted sites near it), and
 * both must then clear the threshold: each pays the position prior with the
 * other's site in the mixture. The stronger groups pick first, each the
 * partner that leaves the weaker of the two best off; pulses are used once.
 * Returns the pairs' groups, with their scores given each other.
 */
export function pairPendingGroups(
  ctx: AssociationContext,
  pending: readonly PendingGroup[],
  admissible: (g: PulseGroup) => boolean
): PulseGroup[] {
  const thr = ctx.params.minLogLikelihoodRatio;
  const strongest = pending
    .map((_, i) => i)
    .sort(
      (x, y) =>
        pending[y]!.group.logLikelihoodRatio -
          pending[x]!.group.logLikelihoodRatio ||
        pending[x]!.group.seed - pending[y]!.group.seed
    );
  const timeOf = (i: number) => pending[i]!.group.solution.time;
  const byTime = pending
    .map((_, i) => i)
    .sort((x, y) => timeOf(x) - timeOf(y) || x - y);
  const times = byTime.map(timeOf);
  const taken = new Uint8Array(pending.length);
  const free = (i: number) =>
    taken[i] === 0 &&
    pending[i]!.group.members.every((id) => ctx.used[id] === 0);
  const out: PulseGroup[] = [];
  for (const i of strongest) {
    if (!free(i)) continue;
    const p = pending[i]!;
    const ps = p.group.solution;
    let best = -1;
    let bestScores: [number, number] = [-Infinity, -Infinity];
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! < ps.time - REPEAT_WINDOW_S) lo = mid + 1;
      else hi = mid;
    }
    for (
      let t = lo;
      t < times.length && times[t]! <= ps.time + REPEAT_WINDOW_S;
      t++
    ) {
      const j = byTime[t]!;
      if (j === i || !free(j)) continue;
      const q = pending[j]!;
      const qs = q.group.solution;
      if (sameInstant(ctx, ps, qs)) continue;
      if (q.group.members.some((id) => p.group.members.includes(id))) continue;
      const sp = p.base + repeatSiteLogGain(ctx, ps, ctx.accepted, [qs]);
      const sq = q.base + repeatSiteLogGain(ctx, qs, ctx.accepted, [ps]);
      const low = Math.min(sp, sq);
      // Ties go to the earlier partner in time order: deterministic.
      if (low >= thr && low > Math.min(...bestScores)) {
        best = j;
        bestScores = [sp, sq];
      }
    }
    if (best < 0) continue;
    const pair = [
      { ...p.group, logLikelihoodRatio: bestScores[0] },
      { ...pending[best]!.group, logLikelihoodRatio: bestScores[1] },
    ];
    if (!pair.every(admissible)) continue;
    taken[i] = 1;
    taken[best] = 1;
    for (const g of pair) for (const id of g.members) ctx.used[id] = 1;
    out.push(...pair);
  }
  return out;
}

/**
 * Whether a group in a pulse train is a later emission of an accepted
 * group: at least three of its members each lag that group's pulse at the
 * same sensor by one delay, within timing noise (3σ√2 of a difference of
 * two arrivals), every member it shares sensors with does, and that group
 * is within REPEAT_WINDOW_S before it.
 */
export function repeatsAcceptedEmission(
  ctx: Pick<AssociationContext, 'dets' | 'sSigma' | 'accepted'>,
  members: readonly number[]
): boolean {
  // Called for every group in a pulse train, against every accepted group
  // of the last two minutes: a sensor-indexed buffer, not a Map or arrays.
  const at = arrivalBuffer(ctx.sSigma.length);
  let first = Infinity;
  let sigma = 0;
  for (const id of members) {
    const d = ctx.dets[id]!;
    first = Math.min(first, d.time);
    at[d.sensor] = d.time;
    sigma = Math.max(sigma, ctx.sSigma[d.sensor]!);
  }
  const tol = 3 * Math.SQRT2 * sigma;
  const sites = ctx.accepted;
  let found = false;
  for (
    let i = groupIndexAt(sites, first - 2 * REPEAT_WINDOW_S);
    i < sites.length && sites[i]!.solution.time < first && !found;
    i++
  ) {
    let shared = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (const id of sites[i]!.members) {
      const d = ctx.dets[id]!;
      const t = at[d.sensor]!;
      if (Number.isNaN(t)) continue;
      const lag = t - d.time;
      if (!(lag > 0)) {
        shared = 0;
        break;
      }
      shared++;
      lo = Math.min(lo, lag);
      hi = Math.max(hi, lag);
    }
    found = shared >= 3 && hi - lo <= 2 * tol && hi <= REPEAT_WINDOW_S;
  }
  for (const id of members) at[ctx.dets[id]!.sensor] = NaN;
  return found;
}

/** Each sensor's arrival in the group at hand, NaN where it has none. */
let arrivals = new Float64Array(0);
function arrivalBuffer(sensors: number): Float64Array {
  if (arrivals.length < sensors) arrivals = new Float64Array(sensors).fill(NaN);
  return arrivals;
}
