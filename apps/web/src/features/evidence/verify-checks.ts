import type {
  EvidenceErrorCode,
  EvidenceIssue,
  EvidenceReport,
} from '@truce/core';

/** The checks the Verify button shows, in the order verifyEvidence runs them. */
export const CHECK_IDS = [
  'format',
  'checkpoint',
  'quorum',
  'proofs',
  'signatures',
  'recompute',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export const CHECK_TITLES: Record<CheckId, string> = {
  format: 'Evidence file format',
  checkpoint: 'Checkpoint signature by the log key',
  quorum: 'Witness cosignatures meet the quorum',
  proofs: 'Inclusion proofs of every entry',
  signatures: 'Sensor signatures on the observations',
  recompute: 'Finding recomputed from its sources',
};

// Every reason code belongs to exactly one check (docs/evidence.md lists
// them); `satisfies` makes a new code fail to compile until it is placed.
const CHECK_OF_CODE = {
  EVIDENCE_MALFORMED: 'format',
  EVIDENCE_FORMAT_UNSUPPORTED: 'format',
  EVIDENCE_OPTIONS_INVALID: 'format',
  ENTRY_DECODE_FAILED: 'format',
  LOG_KEY_INVALID: 'checkpoint',
  LOG_KEY_UNTRUSTED: 'checkpoint',
  CHECKPOINT_MALFORMED: 'checkpoint',
  CHECKPOINT_SIGNATURE_INVALID: 'checkpoint',
  POLICY_INVALID: 'quorum',
  POLICY_LOG_MISMATCH: 'quorum',
  COSIGNATURE_INVALID: 'quorum',
  QUORUM_NOT_MET: 'quorum',
  CHECKPOINT_ROOT_MISMATCH: 'proofs',
  INCLUSION_PROOF_INVALID: 'proofs',
  SENSOR_PROOF_INVALID: 'proofs',
  SENSOR_ENTRY_UNEXPECTED: 'signatures',
  SENSOR_ENTRY_MISSING: 'signatures',
  SENSOR_HISTORY_INVALID: 'signatures',
  SENSOR_REVOKED_BEFORE_ENTRY: 'signatures',
  SENSOR_KEY_MISMATCH: 'signatures',
  OBSERVATION_SIGNATURE_INVALID: 'signatures',
  ENGINE_VERSION_UNSUPPORTED: 'recompute',
  FINDING_ENTRY_INVALID: 'recompute',
  ENGINE_PARAMS_MISMATCH: 'recompute',
  AGREEMENT_ENTRY_INVALID: 'recompute',
  SOURCE_ENTRY_MISSING: 'recompute',
  SOURCE_ENTRY_UNEXPECTED: 'recompute',
  FINDING_NOT_REPRODUCED: 'recompute',
  FINDING_RULE_MISMATCH: 'recompute',
  FINDING_LOCATION_MISMATCH: 'recompute',
  FINDING_ATTRIBUTION_MISMATCH: 'recompute',
} as const satisfies Record<EvidenceErrorCode, CheckId>;

/** The check a reason code belongs to. */
export function checkOfCode(code: EvidenceErrorCode): CheckId {
  return CHECK_OF_CODE[code];
}

export type CheckOutcome = {
  id: CheckId;
  title: string;
  result: 'pass' | 'fail' | 'not-checked';
  /** What passed (from the summary) or why it failed (the issues). */
  detail: string[];
};

export type VerifyView = {
  verdict: 'valid' | 'invalid' | 'unusable';
  checks: CheckOutcome[];
};

function describeIssue(issue: EvidenceIssue): string {
  const at = issue.path.length > 0 ? ` (at ${issue.path.join('.')})` : '';
  return `${issue.code}: ${issue.message}${at}`;
}

/**
 * Turns verifyEvidence's report into one row per check. An unusable file
 * (bad format, unknown version) was not examined further, so the checks
 * after the format are "not checked" rather than passed.
 */
export function checksOf(report: EvidenceReport): VerifyView {
  if (report.ok) {
    const s = report.summary;
    const f = s.finding;
    const pass: Record<CheckId, string[]> = {
      format: [`truce-evidence/v1, kind ${s.kind}`],
      checkpoint: [
        `${s.log.origin}, tree size ${s.log.size}, root ${s.log.rootHash}`,
      ],
      quorum: [
        `quorum ${s.quorum} met by ${s.cosigners.length === 0 ? 'no witness (the policy asks for none)' : s.cosigners.join(', ')}`,
      ],
      proofs: [
        f === undefined
          ? `entry ${s.entry.index} is in the tree`
          : `finding entry ${s.entry.index}, agreement entry ${f.agreement.index}, ${f.sources.length} sources and ${f.context.length} context entries are in the tree`,
      ],
      signatures: [
        f === undefined
          ? `the sensor ${s.sensor?.id ?? ''} signed the entry`
          : `every source observation is signed by its sensor's key in force`,
      ],
      recompute:
        f === undefined
          ? ['not a finding file']
          : [
              `${f.rule} (${f.kind}) recomputed ${f.recomputed.distanceM.toFixed(1)} m from the logged position, ${(f.recomputed.ellipseFraction * 100).toFixed(1)} % of the way to the ellipse edge`,
              `attribution ${f.recomputed.party ?? 'none'} at ${(f.recomputed.probability * 100).toFixed(1)} %, engine ${f.engine.rules} / ${f.engine.fusion}`,
            ],
    };
    return {
      verdict: 'valid',
      checks: CHECK_IDS.map((id) => ({
        id,
        title: CHECK_TITLES[id],
        result: 'pass',
        detail: pass[id],
      })),
    };
  }
  const failed = new Map<CheckId, string[]>();
  for (const issue of report.issues) {
    const id = CHECK_OF_CODE[issue.code];
    failed.set(id, [...(failed.get(id) ?? []), describeIssue(issue)]);
  }
  return {
    verdict: report.unusable ? 'unusable' : 'invalid',
    checks: CHECK_IDS.map((id) => {
      const problems = failed.get(id);
      if (problems !== undefined) {
        return {
          id,
          title: CHECK_TITLES[id],
          result: 'fail',
          detail: problems,
        };
      }
      return report.unusable
        ? {
            id,
            title: CHECK_TITLES[id],
            result: 'not-checked',
            detail: ['not examined: the file is unusable'],
          }
        : {
            id,
            title: CHECK_TITLES[id],
            result: 'pass',
            detail: ['no problem found'],
          };
    }),
  };
}
