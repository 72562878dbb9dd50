import type {
  AssociationContext,
  AssociationParams,
  Propagation,
  PulseDetection,
  PulseGroup,
  PulseSensor,
} from './association-types.js';
import { buildGroup } from './hypothesis.js';
import { buildSensorGrid } from './sensor-grid.js';

export type AssociationInput = {
  sensors: readonly PulseSensor[];
  detections: readonly PulseDetection[];
  propagationAt: (time: number) => Propagation;
};

export type AssociationResult = {
  groups: PulseGroup[];
  /** Ids (positions in the sorted detections) of pulses in no group, ascending. */
  unassociated: number[];
  /** Ids of pulses left out because their group looked like an echo. */
  echoes: number[];
  /** The detections sorted by (time, index): the id space of the above. */
  detections: readonly PulseDetection[];
};

/** Total order of groups: stronger first, then earlier seed, then lower seed id. */
function groupOrder(x: PulseGroup, y: PulseGroup): number {
  return y.logLikelihoodRatio - x.logLikelihoodRatio || x.seed - y.seed;
}

/** A binary max-heap under `groupOrder`, so the greedy loop is deterministic. */
class GroupHeap {
  private readonly items: PulseGroup[] = [];
  get size(): number {
    return this.items.length;
  }
  push(g: PulseGroup): void {
    const a = this.items;
    a.push(g);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (groupOrder(a[i]!, a[parent]!) >= 0) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }
  pop(): PulseGroup | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && groupOrder(a[l]!, a[m]!) < 0) m = l;
        if (r < a.length && groupOrder(a[r]!, a[m]!) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

function buildContext(
  input: AssociationInput,
  params: AssociationParams
): AssociationContext {
  const dets = [...input.detections].sort(
    (a, b) => a.time - b.time || a.index - b.index
  );
  const per: number[][] = input.sensors.map(() => []);
  dets.forEach((d, id) => per[d.sensor]!.push(id));
  const east = Float64Array.from(input.sensors, (s) => s.east);
  const north = Float64Array.from(input.sensors, (s) => s.north);
  return {
    dets,
    sensors: input.sensors,
    bySensorIds: per.map((ids) => Int32Array.from(ids)),
    bySensorTimes: per.map((ids) =>
      Float64Array.from(ids, (id) => dets[id]!.time)
    ),
    grid: buildSensorGrid(east, north, Math.max(1, params.maxRangeM)),
    sE: east,
    sN: north,
    sU: Float64Array.from(input.sensors, (s) => s.up),
    sSigma: Float64Array.from(input.sensors, (s) => s.sigmaS),
    neighbors: new Map(),
    used: new Uint8Array(dets.length),
    params,
    propagationAt: input.propagationAt,
  };
}

/** First position in `byTime` (sorted by emission time) at or after `t`. */
function groupIndexAt(byTime: readonly PulseGroup[], t: number): number {
  let lo = 0;
  let hi = byTime.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byTime[mid]!.solution.time < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether `g` looks like a mirror image of an accepted group: the same
 * emission instant and, at every shared sensor, a later arrival. A specular
 * echo off a large reflector is exactly that: a virtual source behind the
 * wall that "fired" when the real one did.
 */
function isEcho(
  ctx: AssociationContext,
  g: PulseGroup,
  accepted: readonly PulseGroup[]
): boolean {
  const p = ctx.params;
  for (const f of accepted) {
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

/**
 * Groups acoustic pulses from many sensors into located events: seeds from
 * each unused pulse taken as a first arrival, hypotheses from triples, scored
 * by the log-likelihood ratio against clutter, accepted greedily by score
 * (each pulse at most once), over a few passes for what is left.
 */
export function associatePulses(
  input: AssociationInput,
  params: AssociationParams
): AssociationResult {
  const ctx = buildContext(input, params);
  const n = ctx.dets.length;
  // Accepted groups in emission-time order (ties: insertion order, which
  // the greedy loop makes deterministic).
  const accepted: PulseGroup[] = [];
  const echo = new Uint8Array(n);
  for (let pass = 0; pass < params.passes; pass++) {
    const heap = new GroupHeap();
    const covered = new Uint8Array(n);
    for (let a = 0; a < n; a++) {
      if (ctx.used[a] === 1 || covered[a] === 1 || echo[a] === 1) continue;
      const g = buildGroup(ctx, a);
      if (g === undefined) continue;
      heap.push(g);
      for (const id of g.members) covered[id] = 1;
    }
    let added = 0;
    while (heap.size > 0) {
      const g = heap.pop()!;
      if (g.members.some((id) => ctx.used[id] === 1)) {
        if (ctx.used[g.seed] === 1) continue;
        const again = buildGroup(ctx, g.seed);
        if (again !== undefined) heap.push(again);
        continue;
      }
      if (params.echoSuppression && isEcho(ctx, g, accepted)) {
        for (const id of g.members) echo[id] = 1;
        continue;
      }
      for (const id of g.members) ctx.used[id] = 1;
      accepted.splice(groupIndexAt(accepted, g.solution.time), 0, g);
      added++;
    }
    if (added === 0) break;
  }
  const unassociated: number[] = [];
  const echoes: number[] = [];
  for (let id = 0; id < n; id++) {
    if (ctx.used[id] === 1) continue;
    unassociated.push(id);
    if (echo[id] === 1) echoes.push(id);
  }
  return { groups: accepted, unassociated, echoes, detections: ctx.dets };
}
