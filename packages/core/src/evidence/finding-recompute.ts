import { evaluateAgreement } from '../engine/engine.js';
import type { Finding } from '../engine/finding.js';
import type { Agreement } from '../rules/agreement.js';
import type { EvidenceErrorCode } from '../errors.js';
import { fuseObservations } from '../fusion/fuse.js';
import { distanceM, projectAeqd } from '../geo/wgs84.js';
import { findingInputsFromEntries } from '../replay/finding-inputs.js';
import type { IndexedEntry } from '../replay/finding-inputs.js';
import type { FindingEngine } from './finding-evidence.js';

/**
 * How far a recomputed location may lie from the logged one, as a
 * fraction of the logged 95 % ellipse: inside the ellipse with both
 * semi-axes halved. A recomputation from the same entries lands within
 * centimetres; half the stated uncertainty leaves room for floating-point
 * differences between engines, never for a point moved by a meaningful
 * share of its error.
 */
export const FINDING_LOCATION_TOLERANCE = 0.5;

/** Smallest semi-axis the tolerance uses, metres (positions are rounded to 1e-7°). */
export const FINDING_LOCATION_FLOOR_M = 1;

/** Largest difference in attribution probability that still matches. */
export const FINDING_PROBABILITY_TOLERANCE = 0.01;

/** The offset of `b` from `a` in units of `a`'s 95 % ellipse (1 = on its edge). */
export function ellipseFraction(a: Finding, b: Finding): number {
  const [east, north] = projectAeqd(
    a.geometry.coordinates,
    b.geometry.coordinates
  );
  const e = a.properties.errorEllipse;
  const az = (e.azimuthDeg * Math.PI) / 180;
  const along = east * Math.sin(az) + north * Math.cos(az);
  const across = east * Math.cos(az) - north * Math.sin(az);
  const major = Math.max(e.semiMajorM, FINDING_LOCATION_FLOOR_M);
  const minor = Math.max(e.semiMinorM, FINDING_LOCATION_FLOOR_M);
  return Math.hypot(along / major, across / minor);
}

/** Reruns fusion and the rules on the entries of an evidence file. */
export function recomputeFindings(input: {
  entries: readonly IndexedEntry[];
  agreement: unknown;
  engine: FindingEngine;
}): Finding[] {
  const { observations } = findingInputsFromEntries(input.entries);
  const fused = fuseObservations({
    observations,
    params: input.engine.fusion.params,
  });
  return evaluateAgreement({
    agreement: input.agreement as Agreement,
    events: fused.events,
    gaps: fused.gaps,
    params: input.engine.rules.params,
  });
}

export type FindingComparison = {
  /** The recomputed finding with the same id (rule and sources), if any. */
  match?: Finding;
  distanceM: number;
  ellipseFraction: number;
  problems: { code: EvidenceErrorCode; message: string }[];
};

const sameList = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

function notReproduced(claimed: Finding, recomputed: readonly Finding[]) {
  const { rule, sources } = claimed.properties;
  const near = recomputed.find(
    (f) =>
      f.properties.rule === rule &&
      f.properties.sources.some((s) => sources.includes(s))
  );
  return {
    code: 'FINDING_NOT_REPRODUCED' as const,
    message:
      near === undefined
        ? `no recomputed ${rule} finding rests on sources ${sources.join(', ')}`
        : `recomputed, ${rule} rests on sources ${near.properties.sources.join(', ')}, not ${sources.join(', ')}`,
  };
}

/**
 * Finds the recomputed finding that stands for `claimed`, the one with its
 * id (the same rule on the same sources), and compares location and
 * attribution. With none, the same sources under another rule are
 * FINDING_RULE_MISMATCH, anything else FINDING_NOT_REPRODUCED.
 */
export function compareFinding(
  claimed: Finding,
  recomputed: readonly Finding[]
): FindingComparison {
  const { id, rule, sources } = claimed.properties;
  const match = recomputed.find((f) => f.properties.id === id);
  if (match === undefined) {
    const other = recomputed.find((f) =>
      sameList(f.properties.sources, sources)
    );
    return {
      distanceM: NaN,
      ellipseFraction: NaN,
      problems: [
        other === undefined
          ? notReproduced(claimed, recomputed)
          : {
              code: 'FINDING_RULE_MISMATCH',
              message: `recomputed from these sources it breaks ${other.properties.rule}, not ${rule}`,
            },
      ],
    };
  }
  const problems: FindingComparison['problems'] = [];
  const distance = distanceM(
    claimed.geometry.coordinates,
    match.geometry.coordinates
  );
  const fraction = ellipseFraction(claimed, match);
  if (!(fraction <= FINDING_LOCATION_TOLERANCE)) {
    problems.push({
      code: 'FINDING_LOCATION_MISMATCH',
      message: `recomputed at ${match.geometry.coordinates.join(', ')}, ${distance.toFixed(1)} m away: ${fraction.toFixed(2)} of the 95 % ellipse, more than ${FINDING_LOCATION_TOLERANCE}`,
    });
  }
  const got = match.properties.attribution;
  const want = claimed.properties.attribution;
  const dp = Math.abs(got.probability - want.probability);
  if (got.party !== want.party || !(dp <= FINDING_PROBABILITY_TOLERANCE)) {
    problems.push({
      code: 'FINDING_ATTRIBUTION_MISMATCH',
      message: `recomputed attribution is ${got.party ?? 'none'} at ${got.probability}, not ${want.party ?? 'none'} at ${want.probability}`,
    });
  }
  return { match, distanceM: distance, ellipseFraction: fraction, problems };
}
