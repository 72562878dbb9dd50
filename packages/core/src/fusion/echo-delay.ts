import type { AssociationContext } from './association-types.js';
import { lowerBound } from './seed-search.js';
import { median } from './stats.js';

/**
 * How long after a pulse at least as strong, at the same sensor and within
 * the echo window, pulse `id` came in (s); undefined when none did. An echo
 * is weaker than the sound it echoes, so only such a pulse makes `id` look
 * like one.
 */
export function echoDelay(
  ctx: AssociationContext,
  id: number
): number | undefined {
  const d = ctx.dets[id]!;
  const times = ctx.bySensorTimes[d.sensor]!;
  const ids = ctx.bySensorIds[d.sensor]!;
  for (let i = lowerBound(times, d.time) - 1; i >= 0; i--) {
    if (d.time - times[i]! > ctx.params.echoWindowS) return undefined;
    if (ctx.dets[ids[i]!]!.snrDb >= d.snrDb) return d.time - times[i]!;
  }
  return undefined;
}

/** Lags (s) of pulse `id` behind each earlier pulse at its sensor within the echo window, nearest first. */
function lagsBehind(ctx: AssociationContext, id: number): number[] {
  const d = ctx.dets[id]!;
  const times = ctx.bySensorTimes[d.sensor]!;
  const out: number[] = [];
  for (let i = lowerBound(times, d.time) - 1; i >= 0; i--) {
    const lag = d.time - times[i]!;
    if (lag > ctx.params.echoWindowS) break;
    out.push(lag);
  }
  return out;
}

/**
 * Whether the members that look like echoes all lag an earlier pulse at
 * their sensor by one delay, within timing noise: then they are a second
 * emission from the place of the first (a repeat shot), not echoes, whose
 * delays depend on each path's reflector and differ from sensor to sensor.
 * The earlier pulse need not be the stronger one a member seems to echo:
 * between two shots come the first one's own echoes, which may be louder
 * than its direct arrival. At least three such members are needed to tell.
 */
export function isRepeatEmission(
  ctx: AssociationContext,
  members: readonly number[]
): boolean {
  const lags: number[][] = [];
  let sigma = 0;
  for (const id of members) {
    if (echoDelay(ctx, id) === undefined) continue;
    lags.push(lagsBehind(ctx, id));
    sigma = Math.max(sigma, ctx.sSigma[ctx.dets[id]!.sensor]!);
  }
  if (lags.length < 3) return false;
  // The difference of two arrival times has σ√2; 3σ of it on either side.
  const tol = 3 * Math.SQRT2 * sigma;
  // A shared delay is within tol of one of the first member's lags.
  return lags[0]!.some((tau) => {
    const picks: number[] = [];
    for (const l of lags) {
      let best = Infinity;
      for (const x of l) if (Math.abs(x - tau) < Math.abs(best - tau)) best = x;
      if (!(Math.abs(best - tau) <= 2 * tol)) return false;
      picks.push(best);
    }
    const mid = median(picks);
    return picks.every((x) => Math.abs(x - mid) <= tol);
  });
}
