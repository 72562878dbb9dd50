import { z } from 'zod';
import { CoreError } from '../errors.js';
import {
  LOCATED_EVENT_KINDS,
  type LocatedEvent,
  type MonitoringGap,
} from '../fusion/located-event.js';
import { lonLatSchema } from '../observation/geo.js';
import { describeIssues } from '../observation/issues.js';
import { weaponClassSchema } from '../observation/weapon-class.js';

const finite = z.number().finite();
const micros = z
  .number()
  .int()
  .min(-Number.MAX_SAFE_INTEGER)
  .max(Number.MAX_SAFE_INTEGER);
const sources = z
  .array(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER))
  .min(1)
  .refine(
    (s) => s.every((v, i) => i === 0 || v > s[i - 1]!),
    'must be strictly ascending'
  );

// A covariance must be positive semi-definite, or the error has no shape.
const covariance = z
  .tuple([finite.min(0), finite, finite.min(0)])
  .refine(
    ([ee, en, nn]) => en * en <= ee * nn * (1 + 1e-9),
    'must be positive semi-definite'
  );

// Checked, not transformed: fusion may add optional fields later.
const eventSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(LOCATED_EVENT_KINDS),
  position: lonLatSchema,
  altitudeM: finite.optional(),
  covariance,
  ellipse: z.object({
    semiMajorM: finite.min(0),
    semiMinorM: finite.min(0),
    azimuthDeg: finite.min(0).lt(180),
  }),
  timeMicros: micros,
  timeSigmaMicros: finite.min(0),
  weaponClass: weaponClassSchema.optional(),
  confidence: z.number().min(0).max(1),
  sources,
  sensorKinds: z.array(z.string().min(1)),
});

const gapSchema = z
  .object({
    sensor: z.string().min(1),
    reason: z.enum(['silence', 'jamming', 'tamper']),
    fromMicros: micros,
    toMicros: micros,
    position: lonLatSchema,
    sources,
  })
  .refine((g) => g.fromMicros <= g.toMicros, 'fromMicros is after toMicros');

/** Throws ENGINE_INPUT_INVALID naming the first bad event or gap. */
export function checkEngineInputs(
  events: readonly LocatedEvent[],
  gaps: readonly MonitoringGap[]
): void {
  const lists: [string, readonly unknown[], z.ZodType][] = [
    ['events', events, eventSchema],
    ['gaps', gaps, gapSchema],
  ];
  for (const [name, list, schema] of lists) {
    if (!Array.isArray(list)) {
      throw new CoreError('ENGINE_INPUT_INVALID', `${name} must be an array`);
    }
    list.forEach((item, i) => {
      const result = schema.safeParse(item);
      if (!result.success) {
        throw new CoreError(
          'ENGINE_INPUT_INVALID',
          `${name}[${i}]: ${describeIssues(result.error.issues)}`,
          { cause: result.error.issues }
        );
      }
    });
  }
}
