import { z } from 'zod';
import { bearingDegSchema } from '../geo.js';

export const ACOUSTIC_CLASSES = [
  'launch',
  'impact',
  'explosion',
  'small_arms',
  'unknown',
] as const;

/** What a sensor's classifier says a pulse was. */
export type AcousticClass = (typeof ACOUSTIC_CLASSES)[number];

/** A detected acoustic pulse; `time` is its arrival time at the sensor. */
export const acousticSchema = z.strictObject({
  class: z.enum(ACOUSTIC_CLASSES),
  snrDb: z.number(),
  bearingDeg: bearingDegSchema.optional(),
  bearingSigmaDeg: z.number().positive().max(180).optional(),
});
