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

/**
 * Whether the members that look like echoes all lag their stronger pulse
 * by one delay, within timing noise: then they are a second emission from
 * the place of the first (a repeat shot), not echoes, whose delays depend
 * on each path's reflector and differ from sensor to sensor. At least
 * three such members are needed to tell.
 */
export function isRepeatEmission(
  ctx: AssociationContext,
  members: readonly number[]
): boolean {
  const delays: number[] = [];
  let sigma = 0;
  for (const id of members) {
    const lag = echoDelay(ctx, id);
    if (lag === undefined) continue;
    delays.push(lag);
    sigma = Math.max(sigma, ctx.sSigma[ctx.dets[id]!.sensor]!);
  }
  if (delays.length < 3) return false;
  const mid = median(delays);
  // The difference of two arrival times has σ√2; 3σ of it on either side.
  const tol = 3 * Math.SQRT2 * sigma;
  return delays.every((x) => Math.abs(x - mid) <= tol);
}
