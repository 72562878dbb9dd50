import { z } from 'zod';
import { rfc3339MicrosSchema } from '../observation/time.js';
import {
  ed25519PublicKeySchema,
  sensorIdSchema,
  sensorRecordSchema,
} from './sensor.js';

// Who made the change: an operator account or key name. Authorisation
// (who may register sensors) is policy and is checked outside core.
const actorSchema = z.string().min(1).max(128);

const header = {
  v: z.literal(1),
  time: rfc3339MicrosSchema,
  actor: actorSchema,
};

/** Log entry that adds a sensor to the registry (DESIGN 4.2). */
export const sensorRegisteredEntrySchema = z.strictObject({
  ...header,
  type: z.literal('sensor_registered'),
  sensor: sensorRecordSchema,
});

/** Log entry that replaces a sensor's key from its log index on. */
export const sensorKeyRotatedEntrySchema = z.strictObject({
  ...header,
  type: z.literal('sensor_key_rotated'),
  sensor: sensorIdSchema,
  publicKey: ed25519PublicKeySchema,
});

/** Log entry that retires a sensor for good; its id is never reused. */
export const sensorRevokedEntrySchema = z.strictObject({
  ...header,
  type: z.literal('sensor_revoked'),
  sensor: sensorIdSchema,
  reason: z.string().min(1).max(1024),
});

export type SensorRegisteredEntry = z.infer<typeof sensorRegisteredEntrySchema>;
export type SensorKeyRotatedEntry = z.infer<typeof sensorKeyRotatedEntrySchema>;
export type SensorRevokedEntry = z.infer<typeof sensorRevokedEntrySchema>;
export type RegistryEntry =
  SensorRegisteredEntry | SensorKeyRotatedEntry | SensorRevokedEntry;

export const REGISTRY_ENTRY_TYPES = [
  'sensor_registered',
  'sensor_key_rotated',
  'sensor_revoked',
] as const satisfies readonly RegistryEntry['type'][];
