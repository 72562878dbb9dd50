import type {
  AssociationContext,
  AssociationParams,
  Propagation,
  PulseGroup,
} from './association-types.js';
import { lowerBound } from './seed-search.js';

/**
 * One accepted group's say on the wind: at emission time `t`, the absolute
 * wind it points to in information form. With N = DᵀPD and b = DᵀPr
 * (`WindInformation`) at the wind w₀ its fit took, it contributes N to the
 * information and N·w₀ − b to the information vector (a measurement of the
 * wind N⁻¹(N·w₀ − b) = w₀ − N⁻¹b, however singular N is).
 */
type WindClue = {
  t: number;
  nee: number;
  nen: number;
  nnn: number;
  ve: number;
  vn: number;
};

/** Whether a group is one the wind is calibrated from (`windCalibrationMinMembers`). */
export function calibratesWind(
  p: Pick<AssociationParams, 'windCalibrationMinMembers'>,
  g: PulseGroup
): boolean {
  return (
    p.windCalibrationMinMembers > 0 &&
    g.members.length >= p.windCalibrationMinMembers
  );
}

/**
 * Calibrates the wind from the pulses: every event in a stretch of air
 * travels through the same wind, and one the weather report has wrong by
 * δw moves each arrival r km out by about r·δw/c² (90 ms at 10 km and 1 m/s,
 * against a few ms of timing σ), so far arrivals fall out of their gates
 * and fits. Each accepted group of at least `windCalibrationMinMembers`
 * pulses tells which wind would explain its arrivals, its own position,
 * time and speed profiled out (`WindInformation`); those within
 * `windCalibrationWindowS` / 2 of a time (half-open), added to the
 * report's wind as a prior of σ `windSigmaMs` per component, give the wind
 * there (the meteorological correction of sound ranging, here from the
 * events themselves). The calibrated wind's σ is the posterior's larger
 * axis and `windCalibrationSigmaMs` (what the posterior, taking groups as
 * independent and the wind as steady, does not see). Each group's clue is
 * taken about the air its fit used (`ctx.propagationAt`); the prior is the
 * reports' (`report`, the same air unless a calibrated association is
 * calibrated again). Undefined where nothing calibrates (no wind
 * uncertainty, or no group).
 */
export function calibrateWind(
  ctx: Pick<AssociationContext, 'params' | 'propagationAt'>,
  groups: readonly PulseGroup[],
  report: (time: number) => Propagation = ctx.propagationAt
): ((time: number) => Propagation) | undefined {
  const p = ctx.params;
  if (!(p.windCalibrationMinMembers > 0)) return undefined;
  const base = ctx.propagationAt;
  const clues: WindClue[] = [];
  for (const g of groups) {
    if (!calibratesWind(p, g)) continue;
    const sol = g.solution;
    const prop = base(sol.time);
    if (!(prop.windSigmaMs > 0)) continue;
    const [nee, nen, nnn] = sol.windInformation.normal;
    const [be, bn] = sol.windInformation.gradient;
    // The wind the fit took: its own estimate where it made one.
    const we = sol.windFit?.east ?? prop.windEast;
    const wn = sol.windFit?.north ?? prop.windNorth;
    clues.push({
      t: sol.time,
      nee,
      nen,
      nnn,
      ve: nee * we + nen * wn - be,
      vn: nen * we + nnn * wn - bn,
    });
  }
  if (clues.length === 0) return undefined;
  clues.sort((a, b) => a.t - b.t);
  const times = Float64Array.from(clues, (c) => c.t);
  // Prefix sums of the five terms, so a window's sum is two lookups.
  const sums = new Float64Array(5 * (clues.length + 1));
  clues.forEach((c, i) => {
    const o = 5 * i;
    sums[o + 5] = sums[o]! + c.nee;
    sums[o + 6] = sums[o + 1]! + c.nen;
    sums[o + 7] = sums[o + 2]! + c.nnn;
    sums[o + 8] = sums[o + 3]! + c.ve;
    sums[o + 9] = sums[o + 4]! + c.vn;
  });
  const half = p.windCalibrationWindowS / 2;
  return (time: number): Propagation => {
    const prop = report(time);
    const s = prop.windSigmaMs;
    if (!(s > 0)) return prop;
    const lo = 5 * lowerBound(times, time - half);
    const hi = 5 * lowerBound(times, time + half);
    if (hi === lo) return prop;
    const prior = 1 / (s * s);
    const a = sums[hi]! - sums[lo]! + prior;
    const b = sums[hi + 1]! - sums[lo + 1]!;
    const d = sums[hi + 2]! - sums[lo + 2]! + prior;
    const ve = sums[hi + 3]! - sums[lo + 3]! + prior * prop.windEast;
    const vn = sums[hi + 4]! - sums[lo + 4]! + prior * prop.windNorth;
    const det = a * d - b * b;
    // Posterior mean (the 2×2 information matrix inverted) and its larger
    // eigenvalue, the variance along the least-known direction.
    const windEast = (d * ve - b * vn) / det;
    const windNorth = (a * vn - b * ve) / det;
    const tr = (a + d) / det;
    const gap = Math.sqrt(((a - d) / det) ** 2 + (4 * b * b) / (det * det));
    return {
      ...prop,
      windEast,
      windNorth,
      windSigmaMs: Math.sqrt((tr + gap) / 2 + p.windCalibrationSigmaMs ** 2),
    };
  };
}
