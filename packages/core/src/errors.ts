/** Error codes, one literal union per area (STYLE §4.13). */
export type BytesErrorCode = 'BYTES_BASE64_INVALID' | 'BYTES_HEX_INVALID';

export type TlogErrorCode =
  | 'TLOG_INDEX_OUT_OF_RANGE'
  | 'TLOG_HASH_SIZE_INVALID'
  | 'TLOG_INCLUSION_PROOF_INVALID'
  | 'TLOG_CONSISTENCY_PROOF_INVALID'
  | 'TLOG_ROOT_MISMATCH'
  | 'TLOG_TILE_INVALID'
  | 'TLOG_HASH_MISSING'
  | 'TLOG_SIZE_INVALID'
  | 'TLOG_SUBTREE_INVALID'
  | 'TLOG_ENTRY_TOO_LARGE';

export type NoteErrorCode =
  | 'NOTE_MALFORMED'
  | 'NOTE_KEY_INVALID'
  | 'NOTE_SIGNATURE_INVALID'
  | 'NOTE_NO_VERIFIABLE_SIGNATURE'
  | 'CHECKPOINT_MALFORMED'
  | 'COSIGNATURE_MALFORMED'
  | 'CHECKPOINT_ORIGIN_MISMATCH';

export type ObservationErrorCode =
  | 'ENVELOPE_MALFORMED'
  | 'ENVELOPE_PAYLOAD_TYPE'
  | 'PAYLOAD_NOT_JSON'
  | 'PAYLOAD_SCHEMA'
  | 'ENTRY_MALFORMED'
  | 'ENTRY_TOO_LARGE'
  | 'JSON_NOT_CANONICALIZABLE'
  | 'JSON_INVALID'
  | 'TIME_INVALID'
  | 'KEY_INVALID';

export type RegistryErrorCode =
  | 'REGISTRY_RECORD_INVALID'
  | 'REGISTRY_SENSOR_EXISTS'
  | 'REGISTRY_SENSOR_UNKNOWN'
  | 'REGISTRY_SENSOR_REVOKED'
  | 'REGISTRY_KEY_REUSED'
  | 'REGISTRY_INDEX_INVALID'
  | 'REGISTRY_HEALTH_INVALID';

/** Witness policies (c2sp.org/tlog-policy) and the witness protocol (c2sp.org/tlog-witness). */
export type WitnessErrorCode =
  | 'POLICY_INVALID'
  | 'WITNESS_REQUEST_MALFORMED'
  | 'WITNESS_COSIGNATURE_INVALID'
  | 'WITNESS_STATE_INVALID';

/**
 * Evidence packages (DESIGN 4.7): why a file is unusable or does not prove
 * what it claims. `verifyEvidence` reports these as issues; see
 * EVIDENCE_ISSUE_CODES for what each one means.
 */
export type EvidenceErrorCode =
  | 'EVIDENCE_MALFORMED'
  | 'EVIDENCE_FORMAT_UNSUPPORTED'
  | 'EVIDENCE_OPTIONS_INVALID'
  | 'LOG_KEY_INVALID'
  | 'LOG_KEY_UNTRUSTED'
  | 'CHECKPOINT_MALFORMED'
  | 'CHECKPOINT_SIGNATURE_INVALID'
  | 'POLICY_INVALID'
  | 'POLICY_LOG_MISMATCH'
  | 'COSIGNATURE_INVALID'
  | 'QUORUM_NOT_MET'
  | 'CHECKPOINT_ROOT_MISMATCH'
  | 'INCLUSION_PROOF_INVALID'
  | 'SENSOR_PROOF_INVALID'
  | 'ENTRY_DECODE_FAILED'
  | 'SENSOR_ENTRY_UNEXPECTED'
  | 'SENSOR_ENTRY_MISSING'
  | 'SENSOR_HISTORY_INVALID'
  | 'SENSOR_REVOKED_BEFORE_ENTRY'
  | 'SENSOR_KEY_MISMATCH'
  | 'OBSERVATION_SIGNATURE_INVALID'
  // Evidence for a finding (kind "finding"): its parts and its recomputation.
  | 'ENGINE_VERSION_UNSUPPORTED'
  | 'FINDING_ENTRY_INVALID'
  | 'ENGINE_PARAMS_MISMATCH'
  | 'AGREEMENT_ENTRY_INVALID'
  | 'SOURCE_ENTRY_MISSING'
  | 'SOURCE_ENTRY_UNEXPECTED'
  | 'FINDING_NOT_REPRODUCED'
  | 'FINDING_RULE_MISMATCH'
  | 'FINDING_LOCATION_MISMATCH'
  | 'FINDING_ATTRIBUTION_MISMATCH';

/** Fusion (DESIGN 2): unusable solver input or fusion parameters. */
export type FusionErrorCode = 'FUSION_INPUT_INVALID' | 'FUSION_PARAMS_INVALID';

/** Why a geometry in an agreement is unusable (issues, STYLE §4.15). */
export type GeometryIssueCode =
  | 'GEOMETRY_TOO_FEW_POINTS'
  | 'GEOMETRY_COORDINATE_OUT_OF_RANGE'
  | 'GEOMETRY_ZERO_LENGTH_SEGMENT'
  | 'GEOMETRY_RING_NOT_CLOSED';

/**
 * Why an agreement (DESIGN 4.3) is invalid; `validateAgreement` reports
 * every one it finds, with the path of the offending field.
 */
export type AgreementIssueCode =
  | GeometryIssueCode
  | 'AGREEMENT_MALFORMED'
  | 'EFFECTIVE_FROM_INVALID'
  | 'PARTIES_NOT_TWO'
  | 'PARTY_DUPLICATE'
  | 'LEFT_PARTY_UNKNOWN'
  | 'RULE_ID_DUPLICATE'
  | 'RULE_KIND_UNKNOWN'
  | 'RULE_FIELD_INVALID'
  | 'RULE_WEAPON_CLASS_DUPLICATE'
  | 'RULE_ALTITUDE_RANGE_INVALID';

/** Rule evaluation and findings (DESIGN 4.5). */
export type RulesErrorCode =
  | 'AGREEMENT_INVALID'
  | 'ENGINE_INPUT_INVALID'
  | 'ENGINE_PARAMS_INVALID'
  | 'FINDING_REVIEW_INVALID';

/** The daily report and the findings exports. */
export type ReportErrorCode = 'REPORT_DATE_INVALID';

/** The coalition registry (DESIGN 5): members, pledges and their moves. */
export type CoalitionErrorCode =
  | 'COALITION_TRANSITION_INVALID'
  | 'COALITION_APPROVAL_REQUIRED'
  | 'COALITION_STATE_MISMATCH'
  | 'COALITION_MEMBER_UNKNOWN'
  | 'COALITION_PLEDGE_EXISTS'
  | 'COALITION_PLEDGE_UNKNOWN'
  | 'COALITION_INDEX_INVALID'
  | 'COALITION_DOCUMENT_INVALID';

/**
 * Why a row of the Kiel Ukraine Support Tracker CSVs was refused; reported
 * as issues with the file's line number (STYLE §4.15).
 */
export type KielIssueCode =
  | 'CSV_QUOTE_UNTERMINATED'
  | 'CSV_QUOTE_STRAY'
  | 'CSV_FIELD_COUNT'
  | 'CSV_HEADER_MISSING_COLUMN'
  | 'KIEL_NUMBER_INVALID'
  | 'KIEL_DONOR_INVALID'
  | 'KIEL_DONOR_UNKNOWN'
  | 'KIEL_MONTH_INVALID'
  | 'KIEL_ROW_DUPLICATE'
  | 'KIEL_RELEASE_INVALID';

/** Escalation ladder, response plans and Commission decisions (DESIGN 5). */
export type ResponseErrorCode =
  'LADDER_INVALID' | 'RESPONSE_INPUT_INVALID' | 'COMMISSION_DECISION_INVALID';

/**
 * Why an escalation ladder is unusable; `validateLadder` reports every one
 * it finds, with the path of the offending field.
 */
export type LadderIssueCode =
  | GeometryIssueCode
  | 'LADDER_MALFORMED'
  | 'LADDER_TIER_ID_DUPLICATE'
  | 'LADDER_LEVEL_DUPLICATE'
  | 'LADDER_RESPONSE_UNKNOWN'
  | 'LADDER_RESPONSE_DUPLICATE'
  | 'LADDER_RULE_UNKNOWN'
  | 'LADDER_TIER_UNREACHABLE'
  | 'LADDER_TIER_SHADOWED';

/** OASIS CAP 1.2 alerts: input a CAP message cannot carry. */
export type AlertsErrorCode = 'CAP_INPUT_INVALID' | 'CAP_CIRCLE_INVALID';

export type CoreErrorCode =
  | AlertsErrorCode
  | ResponseErrorCode
  | CoalitionErrorCode
  | BytesErrorCode
  | TlogErrorCode
  | NoteErrorCode
  | ObservationErrorCode
  | RegistryErrorCode
  | WitnessErrorCode
  | EvidenceErrorCode
  | FusionErrorCode
  | RulesErrorCode
  | ReportErrorCode;

/** The one error type core throws; `code` is stable, the message is for people. */
export class CoreError<C extends string = CoreErrorCode> extends Error {
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CoreError';
    this.code = code;
  }
}

/**
 * For catch blocks that turn core's own errors into issues or refusals:
 * returns a CoreError, and rethrows anything else, which is a bug.
 */
export function coreErrorOf(error: unknown): CoreError {
  if (error instanceof CoreError) return error;
  throw error;
}

/** Result of a check that can find several problems at once (STYLE §4.15). */
export type Issue<C extends string = string> = {
  code: C;
  path: (string | number)[];
  message: string;
};

export type CheckResult<T, C extends string = string> =
  { ok: true; value: T } | { ok: false; issues: Issue<C>[] };
