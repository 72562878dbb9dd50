import { z } from 'zod';
import { base64Decode } from '../bytes.js';
import { CoreError } from '../errors.js';
import { isEd25519PublicKey } from '../observation/ed25519.js';
import { positionSchema } from '../observation/geo.js';
import { describeIssues } from '../observation/issues.js';

/**
 * Sensor ids: 1 to 64 characters of lower-case letters, digits, ".", "_" and
 * "-", starting with a letter or digit. Lower case only, so two ids never
 * differ by case alone (case-insensitive file systems, people reading them);
 * the set needs no escaping in URLs, file names or DSSE keyids.
 */
export const SENSOR_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * `monitor`, a party id from the agreement (e.g. `A`), or a guarantor's
 * ISO 3166 alpha-3 code (e.g. `DEU`). Core checks the spelling only; which
 * ids exist is known where the agreement is.
 */
export const OPERATOR_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** What a sensor measures; `heartbeat` is something every sensor sends. */
export const SENSOR_KINDS = [
  'acoustic',
  'radar',
  'imagery',
  'patrol',
  'weather',
] as const;

export type SensorKind = (typeof SENSOR_KINDS)[number];

export const sensorIdSchema = z.string().regex(SENSOR_ID_PATTERN);

/** Base64 (RFC 4648 §4, canonical) of a usable 32-byte Ed25519 public key. */
export const ed25519PublicKeySchema = z.string().refine((text) => {
  try {
    return isEd25519PublicKey(base64Decode(text));
  } catch {
    return false;
  }
}, 'must be base64 of a 32-byte Ed25519 public key');

/** A sensor registry record (DESIGN 4.2). Unknown fields are rejected. */
export const sensorRecordSchema = z.strictObject({
  id: sensorIdSchema,
  kind: z.enum(SENSOR_KINDS),
  publicKey: ed25519PublicKeySchema,
  position: positionSchema,
  operator: z.string().regex(OPERATOR_PATTERN),
  timingSigmaS: z.number().positive().optional(),
});

export type SensorRecord = z.infer<typeof sensorRecordSchema>;

/** Validates a sensor record, throwing REGISTRY_RECORD_INVALID with the zod issues as `cause`. */
export function parseSensorRecord(value: unknown): SensorRecord {
  const result = sensorRecordSchema.safeParse(value);
  if (!result.success) {
    throw new CoreError(
      'REGISTRY_RECORD_INVALID',
      `invalid sensor record: ${describeIssues(result.error.issues)}`,
      { cause: result.error.issues }
    );
  }
  return result.data;
}
