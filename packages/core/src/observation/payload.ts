import { z } from 'zod';
import { utf8Decode } from '../bytes.js';
import { parseIJson } from '../evidence/i-json.js';
import { CoreError } from '../errors.js';
import { sensorIdSchema } from '../registry/sensor.js';
import { positionSchema } from './geo.js';
import { describeIssues } from './issues.js';
import { acousticSchema } from './kinds/acoustic.js';
import { heartbeatSchema } from './kinds/heartbeat.js';
import { imagerySchema } from './kinds/imagery.js';
import { patrolSchema } from './kinds/patrol.js';
import { radarSchema } from './kinds/radar.js';
import { weatherSchema } from './kinds/weather.js';
import { rfc3339MicrosSchema } from './time.js';

/*
 * Unknown-field policy: every object in a v1 payload is strict, so a field
 * this version does not know (at any level, including another kind's object
 * beside the one `kind` names) makes the payload invalid.
 *
 * Why not ignore unknown fields? The log is re-validated for years by
 * auditors running newer code. With strict parsing, what version N accepted
 * is always accepted by N+1, as long as versions only add optional fields and
 * kinds (DESIGN §4). If version N ignored fields, N+1 giving one of them a
 * meaning and a range could reject entries already in the log, and two
 * verifiers could read one signed observation differently. An old auditor
 * meeting a newer entry fails closed ("upgrade to check this") instead of
 * silently dropping what the sensor said. Sensors therefore send new fields
 * only after the log they submit to has been upgraded.
 */

const commonShape = {
  sensor: sensorIdSchema,
  seq: z.int().min(0),
  time: rfc3339MicrosSchema,
  position: positionSchema.optional(),
};

// The kind's own object sits under a key equal to `kind` (DESIGN 4.1).
function variant<K extends string, S extends z.ZodType>(kind: K, schema: S) {
  const own = { [kind]: schema } as Record<K, S>;
  return z.strictObject({ ...commonShape, kind: z.literal(kind), ...own });
}

/** Zod schema of the v1 observation payload (DESIGN 4.1), one variant per kind. */
export const observationPayloadSchema = z.discriminatedUnion('kind', [
  variant('acoustic', acousticSchema),
  variant('radar', radarSchema),
  variant('imagery', imagerySchema),
  variant('patrol', patrolSchema),
  variant('heartbeat', heartbeatSchema),
  variant('weather', weatherSchema),
]);

export type Observation = z.infer<typeof observationPayloadSchema>;
export type ObservationKind = Observation['kind'];
/** The observation whose `kind` is `K`, e.g. `ObservationOf<'acoustic'>`. */
export type ObservationOf<K extends ObservationKind> = Extract<
  Observation,
  { kind: K }
>;

/** Every observation kind this version understands. */
export const OBSERVATION_KINDS: readonly ObservationKind[] =
  observationPayloadSchema.options.map((option) => option.shape.kind.value);

/**
 * Decodes and validates observation payload bytes (UTF-8 I-JSON), throwing
 * PAYLOAD_NOT_JSON or PAYLOAD_SCHEMA (zod issues in `cause`).
 */
export function parseObservationPayload(bytes: Uint8Array): Observation {
  let json: unknown;
  try {
    json = parseIJson(utf8Decode(bytes));
  } catch (err) {
    throw new CoreError('PAYLOAD_NOT_JSON', 'payload is not UTF-8 I-JSON', {
      cause: err,
    });
  }
  const result = observationPayloadSchema.safeParse(json);
  if (!result.success) {
    throw new CoreError(
      'PAYLOAD_SCHEMA',
      `invalid observation payload: ${describeIssues(result.error.issues)}`,
      { cause: result.error.issues }
    );
  }
  return result.data;
}
