import { z } from 'zod';
import { lonLatSchema, positiveSchema } from '../geo.js';
import { weaponClassSchema } from '../weapon-class.js';

/** A weapon-locating radar track: where the round came from and landed. */
export const radarSchema = z
  .strictObject({
    weaponClass: weaponClassSchema,
    origin: lonLatSchema,
    originErrorM: positiveSchema,
    impact: lonLatSchema.optional(),
    impactErrorM: positiveSchema.optional(),
  })
  .refine((r) => (r.impact === undefined) === (r.impactErrorM === undefined), {
    message: 'impact and impactErrorM come together',
    path: ['impactErrorM'],
  });
