import type { EvidenceErrorCode, Issue } from '../errors.js';
import type { LogEntry } from '../log/entry.js';
import type { Observation } from '../observation/payload.js';

/**
 * Every reason `verifyEvidence` gives, roughly in the order its checks run.
 * Issues come out sorted by this order, then by where they were found, so
 * a report is deterministic. The first four make a file unusable; the
 * rest make it invalid.
 */
export const EVIDENCE_ISSUE_CODES = [
  /** Not JSON, not I-JSON, truncated, or not the shape of a v1 file. */
  'EVIDENCE_MALFORMED',
  /** A `format` or `kind` this verifier does not know: upgrade to check it. */
  'EVIDENCE_FORMAT_UNSUPPORTED',
  /** The caller's trusted policy or trusted log keys do not parse. */
  'EVIDENCE_OPTIONS_INVALID',
  /** A finding made by a rules or fusion version this verifier cannot rerun. */
  'ENGINE_VERSION_UNSUPPORTED',
  /** `log.vkey` is not a log verifier key (Ed25519 or ECDSA note key). */
  'LOG_KEY_INVALID',
  /** Keys to trust were given and `log.vkey` is none of them. */
  'LOG_KEY_UNTRUSTED',
  /** `log.checkpoint` is not a signed note holding a checkpoint. */
  'CHECKPOINT_MALFORMED',
  /** The log key did not sign the checkpoint, or its name is not the origin. */
  'CHECKPOINT_SIGNATURE_INVALID',
  /** The witness policy in use does not parse (c2sp.org/tlog-policy). */
  'POLICY_INVALID',
  /** The policy has no `log` line for `log.vkey`. */
  'POLICY_LOG_MISMATCH',
  /** A policy witness's cosignature on the checkpoint does not verify. */
  'COSIGNATURE_INVALID',
  /** The witnesses whose cosignatures verify do not meet the quorum. */
  'QUORUM_NOT_MET',
  /**
   * The checkpoint names a tree (size, root) other than the one every
   * proof leads to, and the log signature does not vouch for it.
   */
  'CHECKPOINT_ROOT_MISMATCH',
  /** The entry's bytes and proof do not lead to the checkpoint's tree. */
  'INCLUSION_PROOF_INVALID',
  /** A registry entry's bytes and proof do not lead to the checkpoint's tree. */
  'SENSOR_PROOF_INVALID',
  /** Bytes that are not a canonical v1 log entry (or observation payload). */
  'ENTRY_DECODE_FAILED',
  /**
   * A registry item that the entry does not rest on: another sensor's, not
   * a registry entry, logged at or after the entry, or a repeated index.
   */
  'SENSOR_ENTRY_UNEXPECTED',
  /** The sensor's registration (before the entry) is not in the file. */
  'SENSOR_ENTRY_MISSING',
  /** The sensor's registry entries do not apply in log order. */
  'SENSOR_HISTORY_INVALID',
  /** The sensor was revoked before the entry was logged. */
  'SENSOR_REVOKED_BEFORE_ENTRY',
  /**
   * The signature's keyid is not the payload's sensor, or the signature
   * verifies only with a key the sensor did not hold at the entry's index.
   */
  'SENSOR_KEY_MISMATCH',
  /** The observation's DSSE signature does not verify with any sensor key. */
  'OBSERVATION_SIGNATURE_INVALID',
  /** `finding` is not a finding entry, or its id is not that of its rule and sources. */
  'FINDING_ENTRY_INVALID',
  /** The file's rules parameters are not the ones the finding's paramsDigest names. */
  'ENGINE_PARAMS_MISMATCH',
  /**
   * `agreement` is not an agreement entry, is another agreement or version
   * than the finding's, or was logged after the finding.
   */
  'AGREEMENT_ENTRY_INVALID',
  /** A source the finding names is not in `sources`. */
  'SOURCE_ENTRY_MISSING',
  /**
   * A `sources` item the finding does not name, a `context` item that is not
   * a weather observation, an index twice, or an entry logged after the finding.
   */
  'SOURCE_ENTRY_UNEXPECTED',
  /** Fusion and the rules, rerun on the file's entries, find nothing from the finding's sources. */
  'FINDING_NOT_REPRODUCED',
  /** The recomputed finding from those sources breaks another rule. */
  'FINDING_RULE_MISMATCH',
  /** The recomputed location lies outside the tolerance of the finding's ellipse. */
  'FINDING_LOCATION_MISMATCH',
  /** The recomputed attribution names another party, or a probability off by more than the tolerance. */
  'FINDING_ATTRIBUTION_MISMATCH',
] as const satisfies readonly EvidenceErrorCode[];

// Compile-time check that the list above names every EvidenceErrorCode.
const allCodesListed: Exclude<
  EvidenceErrorCode,
  (typeof EVIDENCE_ISSUE_CODES)[number]
> extends never
  ? true
  : never = true;
void allCodesListed;

/** Codes that mean the file (or the options) could not be examined: CLI exit 2. */
export const EVIDENCE_UNUSABLE_CODES: ReadonlySet<EvidenceErrorCode> = new Set([
  'EVIDENCE_MALFORMED',
  'EVIDENCE_FORMAT_UNSUPPORTED',
  'EVIDENCE_OPTIONS_INVALID',
  'ENGINE_VERSION_UNSUPPORTED',
]);

/** One problem, with the JSON path into the file (or `options`) it concerns. */
export type EvidenceIssue = Issue<EvidenceErrorCode>;

/** What a valid finding file (kind `finding`) proves beyond its entries. */
export type FindingSummary = {
  id: string;
  rule: string;
  kind: string;
  position: [number, number];
  party: string | null;
  probability: number;
  agreement: { index: number; id: string; version: number };
  engine: { rules: string; fusion: string; paramsDigest: string };
  sources: number[];
  /** Log indexes of the context entries (weather) the recomputation used. */
  context: number[];
  /** The finding fusion and the rules recomputed from the file's entries: same id, so same rule and sources. */
  recomputed: {
    id: string;
    position: [number, number];
    distanceM: number;
    /** The offset in units of the finding's 95 % ellipse: 1 is on its edge. */
    ellipseFraction: number;
    party: string | null;
    probability: number;
  };
};

/** What a valid file proves, for the CLI and the dashboard to show. */
export type EvidenceSummary = {
  kind: 'entry' | 'finding';
  log: {
    /** The checkpoint origin, which is the log key's name. */
    origin: string;
    vkey: string;
    size: number;
    /** Base64 root hash of the checkpoint. */
    rootHash: string;
  };
  /** The policy's witnesses whose cosignatures verified, in policy order. */
  cosigners: string[];
  /** The quorum they meet (a witness or group name, or `none`). */
  quorum: string;
  /**
   * Which inputs the caller pinned. Without a trusted log key and policy a
   * valid file is only self-consistent: anyone can make one with own keys.
   */
  trusted: { logKey: boolean; policy: boolean };
  entry: {
    index: number;
    value: LogEntry;
    /** The decoded payload, for an observation entry. */
    observation?: Observation;
  };
  /** The sensor the entry is about, with the log indexes of its registry entries. */
  sensor?: { id: string; registryIndexes: number[] };
  /** For a finding file: the finding entry is `entry`, and this is what was checked. */
  finding?: FindingSummary;
};

/** The outcome of verifying an evidence file (STYLE §4.15). */
export type EvidenceReport =
  | { ok: true; summary: EvidenceSummary }
  | { ok: false; unusable: boolean; issues: EvidenceIssue[] };

const RANK = new Map<EvidenceErrorCode, number>(
  EVIDENCE_ISSUE_CODES.map((code, i) => [code, i])
);

/** Collects issues; `sorted` orders them by code, then by when found. */
export class EvidenceIssues {
  readonly list: EvidenceIssue[] = [];

  add(
    code: EvidenceErrorCode,
    path: EvidenceIssue['path'],
    message: string
  ): void {
    this.list.push({ code, path, message });
  }

  sorted(): EvidenceIssue[] {
    // Array.prototype.sort is stable (ES2019).
    return [...this.list].sort((a, b) => RANK.get(a.code)! - RANK.get(b.code)!);
  }

  get unusable(): boolean {
    return this.list.some((issue) => EVIDENCE_UNUSABLE_CODES.has(issue.code));
  }
}
