import {
  arrivalSigma,
  gridCellKey,
  type AssociationContext,
} from './association-types.js';
import { detectionProbability } from './detection-model.js';
import {
  firstAtOrAfter,
  intersectBearings,
  lowerBound,
  solveTriple,
  tripleOut,
  type SeedCandidates,
} from './seed-search.js';
import type { HorizontalGuess } from './tdoa.js';
import { groupIndexAt } from './mirror-echo.js';
import { REPEAT_WINDOW_S } from './repeat-site.js';

/**
 * How far apart in emission time (s) a known site (`knownSites`) is tried
 * for a seed: a launcher's rounds come within seconds of each other (a
 * salvo's half a second apart). REPEAT_WINDOW_S's minute, there for the
 * few groups one association accepts, would try every source located
 * near the seed in the last minute: on the latency bench's dense front at
 * 1,000 detections/s, 12-16 % more CPU against 6-12 % with 10 s, for the
 * same findings, and no more fires found on the field network.
 */
const KNOWN_SITE_WINDOW_S = 10;

/*
 * The seed search: source hypotheses from closed-form TDOA triples (and
 * bearing pairs) through one seed pulse, scored by how many candidate
 * sensors have a pulse near the predicted arrival.
 */

/** Candidates per seed sensor that triples are made from. */
const PULSES_PER_SENSOR = 8;

export type Guess = HorizontalGuess & {
  up: number;
  t0: number;
  count: number;
  sse: number;
};

/** Result of the last `scoreGuess` (no allocation per guess). */
const scored = { count: 0, sse: 0, t0: 0, inRange: 0 };

export function dist3(
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
 * The speed of sound from (e, n) to sensor `s`, `d` away: c plus the wind's
 * component along the path, the solver's model (DESIGN 2).
 */
export function pathSpeed(
  ctx: AssociationContext,
  s: number,
  e: number,
  n: number,
  d: number,
  c: number,
  wind: Wind
): number {
  // Still air (the short-range scenes): c + 0/d is c, without a division.
  if (d <= 0 || (wind.east === 0 && wind.north === 0)) return c;
  return c + (wind.east * (ctx.sE[s]! - e) + wind.north * (ctx.sN[s]! - n)) / d;
}

/** Wind, m/s toward east and north. */
export type Wind = { east: number; north: number };

/**
 * Counts candidate sensors with a pulse within the seeding gate of a
 * hypothesised source at (e, n, up); false when the seed is out of range,
 * or once the count can no longer reach `need` (the best hypothesis so
 * far's, which a lower count cannot replace).
 */
function scoreGuess(
  ctx: AssociationContext,
  a: number,
  cand: SeedCandidates,
  e: number,
  n: number,
  up: number,
  c: number,
  tol: number,
  wind: Wind,
  need: number
): boolean {
  const p = ctx.params;
  const seed = ctx.dets[a]!;
  const da = dist3(ctx, seed.sensor, e, n, up);
  const range2 = p.maxRangeM * p.maxRangeM;
  if (da > p.maxRangeM) return false;
  const t0 = seed.time - da / pathSpeed(ctx, seed.sensor, e, n, da, c, wind);
  let count = 1;
  let sse = 0;
  let inRange = 0;
  // Candidates come nearest the seed's sensor first, and one more than
  // maxRangeM + da from it is more than maxRangeM from (e, n, up) (the
  // triangle inequality; 1 µm for rounding): none from `end` on is in range.
  const end = firstBeyond(cand, p.maxRangeM + da + 1e-6);
  for (let k = 0; k < end; k++) {
    if (count + end - k < need) return false;
    const s = cand.sensor[k]!;
    const de = ctx.sE[s]! - e;
    const dn = ctx.sN[s]! - n;
    const du = ctx.sU[s]! - up;
    const d2 = de * de + dn * dn + du * du;
    if (d2 > range2) continue;
    inRange++;
    const d = Math.sqrt(d2);
    const pred = t0 + d / pathSpeed(ctx, s, e, n, d, c, wind);
    // A speed error of tol moves the prediction by tol·(d − da)/c.
    const gate =
      p.gateSigmas * arrivalSigma(ctx, s, d) + (tol * Math.abs(d - da)) / c;
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
  scored.inRange = inRange;
  scored.count = count;
  scored.sse = sse;
  scored.t0 = t0;
  return true;
}

/** The first candidate farther than `distance` from the seed's sensor. */
function firstBeyond(cand: SeedCandidates, distance: number): number {
  let lo = 0;
  let hi = cand.n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cand.distance[mid]! <= distance) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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

/**
 * Puts into `tripleOut`, one at a time, the sites of accepted groups that
 * could have emitted seed `a` within REPEAT_WINDOW_S of their own emission,
 * and scores each; true once one is good enough. In a salvo each sensor
 * hears a train of pulses 0.5 s apart, so nearly every triple mixes rockets
 * and the one through the seed's own rocket is rarely tried; the site of a
 * rocket already located is where the rest of its launcher's came from.
 * Then the sites located before this association (`ctx.knownSites`) the
 * seed could have come from, in its hearing range and within
 * KNOWN_SITE_WINDOW_S of its emission.
 */
function trySites(
  ctx: AssociationContext,
  a: number,
  c: number,
  up: number,
  consider: () => boolean
): boolean {
  const t = ctx.dets[a]!.time;
  const s = ctx.dets[a]!.sensor;
  const se = ctx.sE[s]!;
  const sn = ctx.sN[s]!;
  const sites = ctx.accepted;
  const farthest = ctx.params.maxRangeM / c;
  // A site beyond the hearing range of the seed's sensor is one scoreGuess
  // turns down at once. In a long stream most sites within the minute are
  // that far (on bench:fusion's throughput stream, 61 % of all hypotheses
  // scored were out of the seed's range), and skipping them here spares
  // the calls: some 2 % of the association's CPU there, the same groups.
  // The margin keeps every site that test could keep, rounding included.
  const dz2 = (ctx.sU[s]! - up) ** 2;
  const beyond2 = ctx.params.maxRangeM ** 2 * (1 + 1e-9);
  for (
    let i = groupIndexAt(sites, t - farthest - REPEAT_WINDOW_S);
    i < sites.length;
    i++
  ) {
    const g = sites[i]!;
    if (g.solution.time > t + REPEAT_WINDOW_S) break;
    const e = g.solution.position.east;
    const n = g.solution.position.north;
    if ((e - se) ** 2 + (n - sn) ** 2 + dz2 > beyond2) continue;
    tripleOut.count = 1;
    tripleOut.east[0] = e;
    tripleOut.north[0] = n;
    if (consider()) return true;
  }
  const known = ctx.knownSites;
  if (known === undefined) return false;
  const cx = Math.floor(se / known.cellM);
  const cy = Math.floor(sn / known.cellM);
  for (let dx = -1; dx <= 1; dx++) {
    for (let dy = -1; dy <= 1; dy++) {
      const cell = known.cells.get(gridCellKey(cx + dx, cy + dy));
      if (cell === undefined) continue;
      for (
        let i = firstAtOrAfter(
          cell,
          t - farthest - KNOWN_SITE_WINDOW_S,
          (k) => k.time
        );
        i < cell.length;
        i++
      ) {
        const k = cell[i]!;
        if (k.time > t + KNOWN_SITE_WINDOW_S) break;
        // Only a site the seed could have come from, at about its time.
        const d = Math.hypot(k.east - se, k.north - sn);
        if (
          d > ctx.params.maxRangeM ||
          Math.abs(t - d / c - k.time) > KNOWN_SITE_WINDOW_S
        )
          continue;
        tripleOut.count = 1;
        tripleOut.east[0] = k.east;
        tripleOut.north[0] = k.north;
        if (consider()) return true;
      }
    }
  }
  return false;
}

/**
 * How far (s) a candidate's place in its pulse train may be from the seed's
 * for it to lead its sensor's list. Where two sensors' trains begin with
 * the same round, a round's place agrees to the timing jitter; where one
 * missed the first round, or an impact's pulse began its train, it is off
 * by a round or more. On the simulator's medium scenes (seeds 7001-7002,
 * 1 h) 36 % of the pulses in trains lie within 10 ms of their round's
 * median place, 38 % within 30 ms, 44 % within 0.1 s. 0.1 s found 3 more
 * fires heard by 4+ there (120 against 117 of 152) but let more chance
 * agreements lead on the synthetic hard scenes (RMS/CRLB 1.33 against 1.26).
 */
const TRAIN_ALIGN_S = 0.03;

/**
 * The position in `ranked` (one sensor's candidates, strongest first) of
 * the strongest candidate whose offset in its pulse train is nearest the
 * seed's, within TRAIN_ALIGN_S; -1 if none. A salvo's rounds leave one
 * launcher at a steady rate, so each sensor hears them as a train with the
 * same spacing, and the seed's round stands as far into every sensor's
 * train as into its own. Taken by strength alone, a sensor's candidates
 * are rounds at random; a triple of two of them mixes rounds, which fit a
 * ghost site, and in a long salvo the triple of the seed's own round was
 * rarely tried (the simulator's medium scenes: batch fusion found 52 of
 * 98 fires heard by 4+ on seed 7001, nearly all missed were salvos' rounds
 * with every pulse left over). Where no train is about, every offset is
 * 0 and the strongest leads, as before.
 */
function trainAligned(
  ctx: AssociationContext,
  a: number,
  cand: SeedCandidates,
  ranked: readonly number[]
): number {
  const at = ctx.trainOffset[a]!;
  let best = -1;
  let bestOff = TRAIN_ALIGN_S;
  ranked.forEach((i, r) => {
    const off = Math.abs(ctx.trainOffset[cand.ids[i]!]! - at);
    if (off < bestOff || (best < 0 && off === bestOff)) {
      best = r;
      bestOff = off;
    }
  });
  return best;
}

/**
 * The best source hypothesis from known sites, bearing pairs and triples
 * through seed `a`; from the sites alone without `triples`.
 */
export function searchSeed(
  ctx: AssociationContext,
  a: number,
  cand: SeedCandidates,
  c: number,
  up: number,
  tol: number,
  triples = true
): Guess | undefined {
  const p = ctx.params;
  const k = Math.min(p.maxSeedSensors, cand.n);
  const cMin = c * (1 - tol);
  const prop = ctx.propagationAt(ctx.dets[a]!.time);
  const wind = { east: prop.windEast, north: prop.windNorth };
  let best: Guess | undefined;
  let tries = 0;
  // Scores every position in tripleOut; true once a hypothesis is good enough.
  const consider = (): boolean => {
    for (let j = 0; j < tripleOut.count; j++) {
      const e = tripleOut.east[j]!;
      const n = tripleOut.north[j]!;
      if (!scoreGuess(ctx, a, cand, e, n, up, c, tol, wind, best?.count ?? 0))
        continue;
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
        // Good enough to stop: every candidate sensor in range fits, or
        // many do and as many as the detection model expects.
        const perfect = scored.count >= scored.inRange + 1;
        if (
          scored.count >= p.minDetections &&
          (perfect ||
            (scored.count >= p.earlyStopMinCount &&
              scored.count >=
                p.earlyStopFraction *
                  expectedDetections(ctx, a, cand, e, n, up)))
        ) {
          return true;
        }
      }
    }
    return false;
  };
  if (trySites(ctx, a, c, up, consider)) return best;
  if (!triples) return best;
  for (let u = 0; u < k; u++) {
    for (let i = cand.start[u]!; i < cand.start[u + 1]!; i++) {
      if (intersectBearings(ctx, a, cand.ids[i]!) > 0 && consider())
        return best;
    }
  }
  // Per seed sensor, its candidates strongest first (echoes are weaker than
  // the direct arrival), at most PULSES_PER_SENSOR of them, led by the one
  // that stands where the seed stands in its pulse train (`trainAligned`).
  const ranked: number[][] = [];
  for (let u = 0; u < k; u++) {
    const idx: number[] = [];
    for (let i = cand.start[u]!; i < cand.start[u + 1]!; i++) idx.push(i);
    idx.sort(
      (x, y) =>
        ctx.dets[cand.ids[y]!]!.snrDb - ctx.dets[cand.ids[x]!]!.snrDb || x - y
    );
    // Only where the cut drops some: a sensor whose candidates are all
    // tried keeps strength's order (on the synthetic hard scenes, many
    // sources 0.5 s apart from all over, places in trains agree by chance).
    if (idx.length > PULSES_PER_SENSOR) {
      const lead = trainAligned(ctx, a, cand, idx);
      if (lead > 0) idx.unshift(...idx.splice(lead, 1));
    }
    ranked.push(idx.slice(0, PULSES_PER_SENSOR));
  }
  const reach: number[] = [];
  for (let u = 0; u < k; u++) {
    for (let v = u + 1; v < k; v++) {
      const su = cand.sensor[u]!;
      const sv = cand.sensor[v]!;
      const duv = Math.hypot(
        ctx.sE[su]! - ctx.sE[sv]!,
        ctx.sN[su]! - ctx.sN[sv]!
      );
      reach.push(
        duv / cMin + p.gateSigmas * Math.max(ctx.sSigma[su]!, ctx.sSigma[sv]!)
      );
    }
  }
  // Triples in order of combined strength rank over all sensor pairs, so
  // the budget of maxTriples goes to the likeliest combinations first.
  for (let rank = 0; rank <= 2 * (PULSES_PER_SENSOR - 1); rank++) {
    let pair = 0;
    for (let u = 0; u < k; u++) {
      for (let v = u + 1; v < k; v++, pair++) {
        const lu = ranked[u]!;
        const lv = ranked[v]!;
        for (
          let i = Math.max(0, rank - lv.length + 1);
          i <= Math.min(rank, lu.length - 1);
          i++
        ) {
          const bi = lu[i]!;
          const qi = lv[rank - i]!;
          if (Math.abs(cand.times[bi]! - cand.times[qi]!) > reach[pair]!)
            continue;
          solveTriple(ctx, a, cand.ids[bi]!, cand.ids[qi]!, c, up);
          if (consider()) return best;
          if (++tries >= p.maxTriples) return best;
        }
      }
    }
  }
  return best;
}
