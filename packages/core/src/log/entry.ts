import { z } from 'zod';
import { base64Decode, bytesEqual, utf8Decode, utf8Encode } from '../bytes.js';
import { canonicalJsonBytes } from '../evidence/canonical-json.js';
import {
  coalitionMemberEntrySchema,
  pledgeRegisteredEntrySchema,
  pledgeTransitionEntrySchema,
} from '../coalition/coalition-entry.js';
import { CoreError } from '../errors.js';
import { commissionDecisionEntrySchema } from '../response/commission.js';
import { ladderEntrySchema } from '../response/ladder-entry.js';
import { responsePlanEntrySchema } from '../response/plan.js';
import { OBSERVATION_PAYLOAD_TYPE } from '../observation/dsse.js';
import { ED25519_SIGNATURE_BYTES } from '../observation/ed25519.js';
import {
  findingEntrySchema,
  findingReviewEntrySchema,
} from '../engine/finding-entry.js';
import { describeIssues } from '../observation/issues.js';
import {
  sensorKeyRotatedEntrySchema,
  sensorRegisteredEntrySchema,
  sensorRevokedEntrySchema,
} from '../registry/registry-entry.js';
import { SENSOR_ID_PATTERN, sensorIdSchema } from '../registry/sensor.js';
import { agreementEntrySchema } from '../rules/agreement-entry.js';

/**
 * Largest entry in bytes: C2SP tlog-tiles entry bundles prefix each entry
 * with a big-endian uint16 length.
 */
export const MAX_ENTRY_BYTES = 65535;

function base64Of(length?: number) {
  return z.string().refine((text) => {
    try {
      const bytes = base64Decode(text);
      return length === undefined || bytes.length === length;
    } catch {
      return false;
    }
  }, 'must be canonical standard base64');
}

// An admitted observation, envelope in normal form (see decodeEnvelope).
const observationEntrySchema = z.strictObject({
  v: z.literal(1),
  type: z.literal('observation'),
  envelope: z.strictObject({
    payloadType: z.literal(OBSERVATION_PAYLOAD_TYPE),
    payload: base64Of(),
    signatures: z.tuple([
      z.strictObject({
        keyid: sensorIdSchema,
        sig: base64Of(ED25519_SIGNATURE_BYTES),
      }),
    ]),
  }),
});

/** Every log entry type; a new type is a new row here and in ENTRY_SCHEMAS. */
export const LOG_ENTRY_TYPES = [
  'observation',
  'sensor_registered',
  'sensor_key_rotated',
  'sensor_revoked',
  'agreement',
  'finding',
  'finding_review',
  'ladder',
  'commission_decision',
  'response_plan',
  'coalition_member',
  'pledge_registered',
  'pledge_transition',
] as const;

export type LogEntryType = (typeof LOG_ENTRY_TYPES)[number];

/** The schema of each entry type; each one's `type` literal equals its key. */
export const ENTRY_SCHEMAS = {
  observation: observationEntrySchema,
  sensor_registered: sensorRegisteredEntrySchema,
  sensor_key_rotated: sensorKeyRotatedEntrySchema,
  sensor_revoked: sensorRevokedEntrySchema,
  agreement: agreementEntrySchema,
  finding: findingEntrySchema,
  finding_review: findingReviewEntrySchema,
  ladder: ladderEntrySchema,
  commission_decision: commissionDecisionEntrySchema,
  response_plan: responsePlanEntrySchema,
  coalition_member: coalitionMemberEntrySchema,
  pledge_registered: pledgeRegisteredEntrySchema,
  pledge_transition: pledgeTransitionEntrySchema,
} satisfies { [K in LogEntryType]: z.ZodType<{ v: 1; type: K }> };

export type LogEntryOf<K extends LogEntryType> = z.infer<
  (typeof ENTRY_SCHEMAS)[K]
>;
export type LogEntry = { [K in LogEntryType]: LogEntryOf<K> }[LogEntryType];

function malformed(message: string, cause?: unknown): never {
  throw new CoreError('ENTRY_MALFORMED', message, { cause });
}

function validateEntry(value: unknown): LogEntry {
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !Object.hasOwn(ENTRY_SCHEMAS, type)) {
    malformed('unknown log entry type');
  }
  const schema: z.ZodType<LogEntry> = ENTRY_SCHEMAS[type as LogEntryType];
  const result = schema.safeParse(value);
  if (!result.success) {
    malformed(
      `invalid ${type} entry: ${describeIssues(result.error.issues)}`,
      result.error.issues
    );
  }
  return result.data;
}

function toBytes(entry: LogEntry): Uint8Array {
  try {
    return canonicalJsonBytes(entry);
  } catch (err) {
    return malformed('entry is not canonicalizable', err);
  }
}

// Canonical standard base64 as base64Decode accepts it: padded, and the
// bits after the last byte zero (so "A" then one of "AQgw" before "==").
const CANONICAL_BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$/;
// Base64 of ED25519_SIGNATURE_BYTES (64 = 21 * 3 + 1) bytes: 88 characters
// ending in "==" (88 characters ending in one "=" would be 65 bytes).
const SIGNATURE_BASE64_LENGTH = 88;
const OBSERVATION_PAYLOAD_TYPE_JSON = JSON.stringify(OBSERVATION_PAYLOAD_TYPE);

function hasExactKeys(value: unknown, keys: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype) return false;
  const own = Object.keys(value);
  return (
    own.length === keys.length && keys.every((k) => Object.hasOwn(value, k))
  );
}

/**
 * The canonical bytes of an observation entry that is plainly valid, or
 * undefined to take the general path. The server writes this entry type
 * for every observation, so it skips zod and the generic serialiser: every
 * entry accepted here passes observationEntrySchema, and the template below
 * is exactly canonicalJson's output for it (keys in UTF-16 order; base64,
 * sensor ids and the payload type need no JSON escapes).
 */
function encodeObservationFast(entry: unknown): string | undefined {
  if (!hasExactKeys(entry, ['v', 'type', 'envelope'])) return undefined;
  const { v, type, envelope } = entry as Record<string, unknown>;
  if (v !== 1 || type !== 'observation') return undefined;
  if (!hasExactKeys(envelope, ['payloadType', 'payload', 'signatures'])) {
    return undefined;
  }
  const { payloadType, payload, signatures } = envelope as Record<
    string,
    unknown
  >;
  if (payloadType !== OBSERVATION_PAYLOAD_TYPE) return undefined;
  if (typeof payload !== 'string' || !CANONICAL_BASE64.test(payload)) {
    return undefined;
  }
  if (!Array.isArray(signatures) || signatures.length !== 1) return undefined;
  const signature: unknown = signatures[0];
  if (!hasExactKeys(signature, ['keyid', 'sig'])) return undefined;
  const { keyid, sig } = signature as Record<string, unknown>;
  if (typeof keyid !== 'string' || !SENSOR_ID_PATTERN.test(keyid)) {
    return undefined;
  }
  if (
    typeof sig !== 'string' ||
    sig.length !== SIGNATURE_BASE64_LENGTH ||
    !sig.endsWith('==') ||
    !CANONICAL_BASE64.test(sig)
  ) {
    return undefined;
  }
  return (
    `{"envelope":{"payload":"${payload}","payloadType":${OBSERVATION_PAYLOAD_TYPE_JSON},` +
    `"signatures":[{"keyid":"${keyid}","sig":"${sig}"}]},"type":"observation","v":1}`
  );
}

/**
 * Validates an entry and serialises it as RFC 8785 canonical JSON, throwing
 * ENTRY_MALFORMED or ENTRY_TOO_LARGE (over MAX_ENTRY_BYTES).
 */
export function encodeLogEntry(entry: LogEntry): Uint8Array {
  const fast = encodeObservationFast(entry);
  const bytes =
    fast === undefined ? toBytes(validateEntry(entry)) : utf8Encode(fast);
  if (bytes.length > MAX_ENTRY_BYTES) {
    throw new CoreError(
      'ENTRY_TOO_LARGE',
      `entry is ${bytes.length} bytes; the limit is ${MAX_ENTRY_BYTES}`
    );
  }
  return bytes;
}

/**
 * Parses entry bytes, accepting only the exact bytes encodeLogEntry would
 * produce, so an entry's bytes (and leaf hash) are reproducible from its
 * content. Throws ENTRY_MALFORMED or ENTRY_TOO_LARGE.
 */
export function decodeLogEntry(bytes: Uint8Array): LogEntry {
  if (bytes.length > MAX_ENTRY_BYTES) {
    throw new CoreError('ENTRY_TOO_LARGE', `entry is ${bytes.length} bytes`);
  }
  let json: unknown;
  try {
    json = JSON.parse(utf8Decode(bytes));
  } catch (err) {
    malformed('entry is not UTF-8 JSON', err);
  }
  const entry = validateEntry(json);
  if (!bytesEqual(toBytes(entry), bytes)) {
    malformed('entry is not in RFC 8785 canonical form');
  }
  return entry;
}
