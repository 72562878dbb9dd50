import type { AssociationContext, PulseGroup } from './association-types.js';
import type { GroupHeap } from './group-heap.js';
import { buildGroup } from './hypothesis.js';
import { groupIndexAt, isMirrorEcho } from './mirror-echo.js';
import type { PendingGroup } from './repeat-site.js';

/** Marks a group's pulses used and puts it among the accepted, by emission time. */
export function acceptGroup(ctx: AssociationContext, g: PulseGroup): void {
  for (const id of g.members) ctx.used[id] = 1;
  ctx.accepted.splice(groupIndexAt(ctx.accepted, g.solution.time), 0, g);
}

/**
 * Accepts groups from `heap` strongest first, each pulse at most once: a
 * group that lost pulses to one accepted before is built again from its
 * seed (unless the seed itself went); one that mirrors an accepted group
 * (echoSuppression) is not accepted and its pulses are marked in `echo`.
 * Returns the groups accepted, in order, and the pulses newly marked.
 */
export function acceptBestFirst(
  ctx: AssociationContext,
  heap: GroupHeap,
  echo: Uint8Array,
  pending?: PendingGroup[]
): { accepted: PulseGroup[]; echoed: number[] } {
  const accepted: PulseGroup[] = [];
  const echoed: number[] = [];
  while (heap.size > 0) {
    const g = heap.pop()!;
    if (g.members.some((id) => ctx.used[id] === 1)) {
      if (ctx.used[g.seed] === 1) continue;
      const again = buildGroup(ctx, g.seed, undefined, pending);
      if (again !== undefined) heap.push(again);
      continue;
    }
    if (ctx.params.echoSuppression && isMirrorEcho(ctx, g, ctx.accepted)) {
      for (const id of g.members) {
        if (echo[id] === 0) echoed.push(id);
        echo[id] = 1;
      }
      continue;
    }
    acceptGroup(ctx, g);
    accepted.push(g);
  }
  return { accepted, echoed };
}
