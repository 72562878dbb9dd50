import {
  indexKnownSites,
  type AssociationContext,
  type AssociationParams,
  type KnownSite,
  type Propagation,
  type PulseDetection,
  type PulseGroup,
  type PulseSensor,
} from './association-types.js';
import { acceptBestFirst } from './best-first.js';
import { GroupHeap } from './group-heap.js';
import {
  withAssociationSpread,
  withResidualPrecision,
  withWindUncertainty,
} from './solution.js';
import { buildGroup, memberDoubt } from './hypothesis.js';
import { groupIndexAt, isMirrorEcho } from './mirror-echo.js';
import { regroupNeighbourhoods } from './regroup.js';
import {
  pairPendingGroups,
  trainOffsets,
  type PendingGroup,
} from './repeat-site.js';
import { lowerBound } from './seed-search.js';
import { buildSensorGrid } from './sensor-grid.js';
import { calibratePropagation, explained } from './speed-calibration.js';
import { calibrateWind, calibratesWind } from './wind-calibration.js';

export type AssociationInput = {
  sensors: readonly PulseSensor[];
  detections: readonly PulseDetection[];
  propagationAt: (time: number) => Propagation;
  /** Sites located before (`AssociationContext.knownSites`). */
  knownSites?: readonly KnownSite[];
  /**
   * Whether the detections are a selection of each sensor's pulses (the
   * live engine's pool, which lacks those of its open events) rather than
   * all of them over their span: a train with holes tells nothing of where
   * a pulse stands in it, so seeds then ignore trains (`searchSeed`).
   */
  partialStreams?: boolean;
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

/** The association's context for an input (exported for tests). */
export function buildContext(
  input: AssociationInput,
  params: AssociationParams,
  repeatSites: boolean
): AssociationContext {
  const dets = [...input.detections].sort(
    (a, b) => a.time - b.time || a.index - b.index
  );
  const per: number[][] = input.sensors.map(() => []);
  dets.forEach((d, id) => per[d.sensor]!.push(id));
  const bySensorTimes = per.map((ids) =>
    Float64Array.from(ids, (id) => dets[id]!.time)
  );
  const trainOffset = new Float64Array(dets.length);
  if (input.partialStreams !== true) {
    per.forEach((ids, s) => {
      const offsets = trainOffsets(bySensorTimes[s]!);
      ids.forEach((id, k) => (trainOffset[id] = offsets[k]!));
    });
  }
  const east = Float64Array.from(input.sensors, (s) => s.east);
  const north = Float64Array.from(input.sensors, (s) => s.north);
  return {
    dets,
    sensors: input.sensors,
    bySensorIds: per.map((ids) => Int32Array.from(ids)),
    bySensorTimes,
    trainOffset,
    grid: buildSensorGrid(east, north, Math.max(1, params.maxRangeM)),
    sE: east,
    sN: north,
    sU: Float64Array.from(input.sensors, (s) => s.up),
    sSigma: Float64Array.from(input.sensors, (s) => s.sigmaS),
    sHeard: Float64Array.from(
      input.sensors,
      (s) => s.heardUntil ?? Number.POSITIVE_INFINITY
    ),
    neighbors: new Map(),
    used: new Uint8Array(dets.length),
    accepted: [],
    ...(input.knownSites === undefined || input.knownSites.length === 0
      ? {}
      : {
          knownSites: indexKnownSites(
            input.knownSites,
            Math.max(1, params.maxRangeM)
          ),
        }),
    repeatSites,
    params,
    propagationAt: input.propagationAt,
  };
}

/** Whether the pulse before `a` at its sensor is grouped and within the echo window. */
function afterGrouped(
  ctx: AssociationContext,
  a: number,
  covered: Uint8Array
): boolean {
  const d = ctx.dets[a]!;
  const times = ctx.bySensorTimes[d.sensor]!;
  const ids = ctx.bySensorIds[d.sensor]!;
  const i = lowerBound(times, d.time) - 1;
  if (i < 0 || d.time - times[i]! > ctx.params.echoWindowS) return false;
  return covered[ids[i]!] === 1 || ctx.used[ids[i]!] === 1;
}

/** The greedy loop over seeding passes; returns the accepted groups by emission time and the echo marks. */
function runGreedy(ctx: AssociationContext): {
  accepted: PulseGroup[];
  echo: Uint8Array;
} {
  const params = ctx.params;
  const n = ctx.dets.length;
  // Accepted groups in emission-time order (ties: insertion order, which
  // the greedy loop makes deterministic); seeds read them as known sites.
  const accepted = ctx.accepted;
  const echo = new Uint8Array(n);
  // Seeds whose triples the last pass tried, and the pulses used then.
  let tried: Uint8Array | undefined;
  let usedBefore = ctx.used.slice();
  for (let pass = 0; pass < params.passes; pass++) {
    const heap = new GroupHeap();
    const covered = new Uint8Array(n);
    const pending: PendingGroup[] | undefined = ctx.repeatSites
      ? []
      : undefined;
    // A later pass seeds every pulse left free again, for the groups the
    // last one took pulses from may no longer be in the way. A seed none of
    // whose reach they touched has the candidates it had and would try the
    // same triples: only the sites are tried for it (the sites of the last
    // pass's groups are new). On the live engine's dense front
    // (`latency-profile.ts 1000 30`), 38 % of the later passes' seeds were
    // such, and skipping their triples spared 7 % of the CPU, the same
    // findings (the fusion README, "Later passes").
    let taken: Uint8Array | undefined;
    if (tried !== undefined) {
      taken = new Uint8Array(n);
      for (let i = 0; i < n; i++)
        if (ctx.used[i] === 1 && usedBefore[i] === 0) taken[i] = 1;
      usedBefore = ctx.used.slice();
    }
    const triedNow = new Uint8Array(n);
    for (let a = 0; a < n; a++) {
      if (ctx.used[a] === 1 || covered[a] === 1 || echo[a] === 1) continue;
      // In the first pass, a pulse just after one already grouped at its
      // sensor is most likely that pulse's echo: it may join, not seed.
      if (pass === 0 && afterGrouped(ctx, a, covered)) continue;
      const g = buildGroup(
        ctx,
        a,
        undefined,
        pending,
        tried?.[a] === 1 ? taken : undefined
      );
      triedNow[a] = 1;
      if (g === undefined) continue;
      heap.push(g);
      for (const id of g.members) covered[id] = 1;
    }
    let added = acceptBestFirst(ctx, heap, echo, pending).accepted.length;
    // Emissions too faint alone may stand together as repeats from one site.
    for (const g of pairPendingGroups(
      ctx,
      pending ?? [],
      (g) => !(params.echoSuppression && isMirrorEcho(ctx, g, accepted))
    )) {
      accepted.splice(groupIndexAt(accepted, g.solution.time), 0, g);
      added++;
    }
    if (added === 0) break;
    tried = triedNow;
  }
  return { accepted, echo };
}

/**
 * Groups acoustic pulses from many sensors into located events: seeds from
 * each unused pulse taken as a first arrival, hypotheses from triples, scored
 * by the log-likelihood ratio against clutter, accepted greedily by score
 * (each pulse at most once), over a few passes for what is left. Without
 * weather the speed of sound is calibrated first (calibratePropagation).
 */
export function associatePulses(
  input: AssociationInput,
  params: AssociationParams
): AssociationResult {
  const raw = buildContext(input, params, false);
  const sub = (
    from: number,
    to: number,
    propagationAt: AssociationInput['propagationAt']
  ) =>
    buildContext(
      {
        sensors: input.sensors,
        detections: raw.dets.slice(from, to),
        propagationAt,
        ...(input.partialStreams === true ? { partialStreams: true } : {}),
      },
      params,
      false
    );
  const propagationAt = calibratePropagation(
    raw,
    (c) => runGreedy(c).accepted,
    sub
  );
  // One whole association of the pulses in the air `at` describes.
  const inAir = (
    at: AssociationInput['propagationAt']
  ): AssociationContext => ({
    ...raw,
    used: new Uint8Array(raw.dets.length),
    accepted: [],
    repeatSites: true,
    propagationAt: at,
  });
  // The greedy association, then its local search.
  const associate = (c: AssociationContext) => {
    const r = runGreedy(c);
    regroupNeighbourhoods(c, r.echo);
    return r;
  };
  let ctx = inAir(propagationAt);
  let { accepted, echo } = associate(ctx);
  // The events found tell the wind the reports had wrong; with it, the
  // pulses are associated once more from scratch, and that is kept if it
  // explains them at least as well (a few weak groups can pull the wind
  // to where a speed or height error, not the wind, made their residuals).
  // A wind several m/s off is not found in one step: groups formed in it
  // keep only the near pulses that agree with it, so each step regains far
  // sensors that tell the next one more. The reports stay the prior of
  // every step; only the groups move on.
  // One group alone is calibrated once: stepped to convergence on its own
  // residuals, its wind would be free, which lets pulses of several sources
  // fit as one (see the fusion README).
  const calibrating = (groups: readonly PulseGroup[]) =>
    groups.filter((g) => calibratesWind(params, g)).length;
  for (let step = 0; step < params.windCalibrationSteps; step++) {
    if (step > 0 && calibrating(accepted) < 2) break;
    const windAt = calibrateWind(ctx, accepted, propagationAt);
    if (windAt === undefined) break;
    const again = inAir(windAt);
    const next = associate(again);
    const gain = explained(next.accepted) - explained(accepted);
    if (gain < 0) break;
    ctx = again;
    ({ accepted, echo } = next);
    if (gain === 0) break;
  }
  const n = ctx.dets.length;
  const unassociated: number[] = [];
  const echoes: number[] = [];
  for (let id = 0; id < n; id++) {
    if (ctx.used[id] === 1) continue;
    unassociated.push(id);
    if (echo[id] === 1) echoes.push(id);
  }
  // Groups were scored and accepted on the solver's precision; what they
  // report follows their residuals where those are wider than nominal, and
  // allows for the wind their solve took as exact (at its seed's time).
  const groups = accepted.map((g) => ({
    ...g,
    solution: withWindUncertainty(
      withAssociationSpread(
        withResidualPrecision(g.solution),
        memberDoubt(ctx, g.members, g.solution)
      ),
      ctx.propagationAt(ctx.dets[g.seed]!.time).windSigmaMs
    ),
  }));
  return { groups, unassociated, echoes, detections: ctx.dets };
}
