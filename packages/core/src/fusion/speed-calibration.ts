import type {
  AssociationContext,
  Propagation,
  PulseGroup,
} from './association-types.js';
import { median } from './stats.js';

/** Runs the association on a context (the greedy loop of associatePulses). */
export type AssociationRunner = (ctx: AssociationContext) => PulseGroup[];

/** A context holding only the detections with sorted ids in [from, to). */
export type SubContext = (
  from: number,
  to: number,
  propagationAt: (t: number) => Propagation
) => AssociationContext;

/** How well a propagation explains pulses: the summed LLR of their groups. */
export function explained(groups: readonly PulseGroup[]): number {
  return groups.reduce((s, g) => s + Math.max(0, g.logLikelihoodRatio), 0);
}

/**
 * Calibrates the speed of sound where no weather fixes it. Sound speed is a
 * property of the air, shared by every event in a window: associated at the
 * right speed, a stretch of pulses falls into many strong events; at a wrong
 * one, into few and weak ones. So per window of `calibrationWindowS`, its
 * first `calibrationSamplePulses` pulses are associated at each speed of a
 * grid over ±2.5σ of the prior (steps of `seedSpeedTolerance`); around the
 * best, once more with the speed free in each event, and the median of
 * those events' speeds (σ from their spread) becomes the window's prior.
 */
export function calibratePropagation(
  ctx: AssociationContext,
  run: AssociationRunner,
  subContext: SubContext
): (time: number) => Propagation {
  const p = ctx.params;
  const base = ctx.propagationAt;
  const dets = ctx.dets;
  const step = p.seedSpeedTolerance;
  // Worth it only where the prior is looser than seeding tolerates.
  const loose = (prop: Propagation): boolean =>
    prop.speed.mode === 'estimate' &&
    2.5 * prop.speed.priorSigma > step * prop.speed.prior;
  if (!dets.some((d) => loose(base(d.time)))) return base;
  const first = dets[0]!.time;
  const windowOf = (t: number): number =>
    Math.floor((t - first) / p.calibrationWindowS);
  const speeds = new Map<number, { c: number; sigma: number }>();
  let a = 0;
  while (a < dets.length) {
    const w = windowOf(dets[a]!.time);
    const start = a;
    while (a < dets.length && windowOf(dets[a]!.time) === w) a++;
    const b = Math.min(a, start + p.calibrationSamplePulses);
    const prop = base(dets[start]!.time);
    if (
      prop.speed.mode !== 'estimate' ||
      !loose(prop) ||
      b - start < p.minDetections
    )
      continue;
    const { prior, priorSigma } = prop.speed;
    const k = Math.ceil((2.5 * priorSigma) / prior / step);
    let best: { c: number; score: number } | undefined;
    // From the prior outwards, so ties go to the speed nearer the prior.
    for (const i of Array.from({ length: 2 * k + 1 }, (_, j) =>
      j % 2 === 0 ? j / 2 : -(j + 1) / 2
    )) {
      const c = prior * (1 + i * step);
      const fixed = (): Propagation => ({
        ...prop,
        speed: { mode: 'fixed', speed: c },
      });
      const score = explained(run(subContext(start, b, fixed)));
      if (best === undefined || score > best.score) best = { c, score };
    }
    if (best === undefined || best.score <= 0) continue;
    const around = best.c;
    const free = (): Propagation => ({
      ...prop,
      speed: { mode: 'estimate', prior: around, priorSigma: step * around },
    });
    const found = run(subContext(start, b, free))
      .filter((g) => g.members.length >= p.minSpeedEstimateDetections)
      .map((g) => g.solution.speed);
    if (found.length < 3) {
      speeds.set(w, { c: around, sigma: (step * around) / 2 });
      continue;
    }
    const c = median(found);
    const mad = median(found.map((x) => Math.abs(x - c)));
    const sigma = Math.max((1.4826 * mad) / Math.sqrt(found.length), 0.001 * c);
    speeds.set(w, { c, sigma });
  }
  return (time: number): Propagation => {
    const prop = base(time);
    const s = speeds.get(windowOf(time));
    // Only where the prior is loose: a window calibrated before its first
    // weather report keeps the report's speed from then on.
    if (prop.speed.mode !== 'estimate' || !loose(prop) || s === undefined)
      return prop;
    return {
      ...prop,
      speed: { mode: 'estimate', prior: s.c, priorSigma: s.sigma },
    };
  };
}
