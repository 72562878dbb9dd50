import type { AssociationContext, PulseGroup } from './association-types.js';
import { acceptBestFirst, acceptGroup } from './best-first.js';
import { GroupHeap } from './group-heap.js';
import { buildGroup } from './hypothesis.js';
import { lowerBound } from './seed-search.js';

/**
 * How far beyond a group's first and last pulse its neighbourhood reaches
 * (s): a burst's rounds come about a second apart, so groups that may have
 * traded pulses with it lie within a round or two.
 */
export const REGROUP_MARGIN_S = 2;

/**
 * How much more (nats, summed log-likelihood ratio) a neighbourhood's new
 * groups must explain than the old before they replace them, so that
 * rounding never swaps one grouping for an equal one.
 */
export const REGROUP_MIN_GAIN = 1;

const llrSum = (groups: readonly PulseGroup[]) =>
  groups.reduce((s, g) => s + g.logLikelihoodRatio, 0);

/**
 * Local search after the greedy association (`regroupMaxPulses`). The
 * greedy accepts the strongest group first and never revisits it; in a
 * burst from one place, a group that mixes two rounds' pulses can win
 * first and leave each round too few to stand. So, group by group in time
 * order, its neighbourhood (every accepted group with a pulse within
 * `REGROUP_MARGIN_S` of its pulses' span) is taken apart and its pulses,
 * with those unused in the span, are grouped again best-first, seeded
 * from each of them, with the sites of all other groups known. The new
 * groups replace the old where they explain the pulses better by at least
 * `REGROUP_MIN_GAIN`; else nothing changes. Spans holding more than
 * `regroupMaxPulses` pulses are left as they are (0 turns it off): the
 * work grows with a span's pulses squared. Updates `ctx.used`,
 * `ctx.accepted` and `echo` in place; deterministic.
 */
export function regroupNeighbourhoods(
  ctx: AssociationContext,
  echo: Uint8Array
): void {
  const max = ctx.params.regroupMaxPulses;
  if (max <= 0) return;
  const times = Float64Array.from(ctx.dets, (d) => d.time);
  // Which accepted group holds each pulse.
  const owner: (PulseGroup | undefined)[] = new Array(ctx.dets.length);
  const own = (groups: readonly PulseGroup[], on: boolean) => {
    for (const g of groups)
      for (const id of g.members) owner[id] = on ? g : undefined;
  };
  own(ctx.accepted, true);
  for (const g of [...ctx.accepted]) {
    if (owner[g.members[0]!] !== g) continue;
    let first = Infinity;
    let last = -Infinity;
    for (const id of g.members) {
      first = Math.min(first, times[id]!);
      last = Math.max(last, times[id]!);
    }
    const from = lowerBound(times, first - REGROUP_MARGIN_S);
    const to = lowerBound(times, last + REGROUP_MARGIN_S + 1e-9);
    if (to - from > max) continue;
    const near = new Set<PulseGroup>();
    for (let id = from; id < to; id++) {
      const h = owner[id];
      if (h !== undefined) near.add(h);
    }
    const old = [...near];
    setGroups(ctx, old, false);
    const heap = new GroupHeap();
    for (let a = from; a < to; a++) {
      if (ctx.used[a] === 1 || echo[a] === 1) continue;
      const h = buildGroup(ctx, a);
      if (h !== undefined) heap.push(h);
    }
    // Every pulse of the span seeds; the best-first pass is the greedy's.
    const { accepted: made, echoed } = acceptBestFirst(ctx, heap, echo);
    if (llrSum(made) > llrSum(old) + REGROUP_MIN_GAIN) {
      own(old, false);
      own(made, true);
      continue;
    }
    setGroups(ctx, made, false);
    setGroups(ctx, old, true);
    for (const id of echoed) echo[id] = 0;
  }
}

/** Takes groups out of (or puts them back into) `ctx.accepted` and `ctx.used`. */
function setGroups(
  ctx: AssociationContext,
  groups: readonly PulseGroup[],
  on: boolean
): void {
  for (const g of groups) {
    if (on) {
      acceptGroup(ctx, g);
    } else {
      for (const id of g.members) ctx.used[id] = 0;
      ctx.accepted.splice(ctx.accepted.indexOf(g), 1);
    }
  }
}
