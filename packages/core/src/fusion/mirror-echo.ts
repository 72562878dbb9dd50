import type { AssociationContext, PulseGroup } from './association-types.js';
import { firstAtOrAfter } from './seed-search.js';

/** First position in `byTime` (sorted by emission time) at or after `t`. */
export function groupIndexAt(byTime: readonly PulseGroup[], t: number): number {
  return firstAtOrAfter(byTime, t, (g) => g.solution.time);
}

/**
 * Whether `g` looks like a mirror image of an accepted group: the same
 * emission instant and, at every shared sensor, a later arrival. A specular
 * echo off a large reflector is exactly that: a virtual source behind the
 * wall that "fired" when the real one did. `byTime` is sorted by emission time.
 */
export function isMirrorEcho(
  ctx: AssociationContext,
  g: PulseGroup,
  byTime: readonly PulseGroup[]
): boolean {
  const p = ctx.params;
  // Emission-time σ of a located group is far below a second.
  const span = p.echoTimeToleranceS + 1;
  for (
    let i = groupIndexAt(byTime, g.solution.time - span);
    i < byTime.length;
    i++
  ) {
    const f = byTime[i]!;
    if (f.solution.time > g.solution.time + span) break;
    const dt = Math.abs(f.solution.time - g.solution.time);
    const tol =
      p.echoTimeToleranceS +
      3 * Math.hypot(f.solution.timeSigma, g.solution.timeSigma);
    if (dt > tol) continue;
    const first = new Map<number, number>();
    for (const id of f.members)
      first.set(ctx.dets[id]!.sensor, ctx.dets[id]!.time);
    let shared = 0;
    let later = 0;
    for (const id of g.members) {
      const t = first.get(ctx.dets[id]!.sensor);
      if (t === undefined) continue;
      shared++;
      if (ctx.dets[id]!.time > t) later++;
    }
    if (shared >= 2 && later === shared) return true;
  }
  return false;
}
