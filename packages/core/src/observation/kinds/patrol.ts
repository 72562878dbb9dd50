import { z } from 'zod';
import { bearingDegSchema } from '../geo.js';

export const PATROL_CATEGORIES = [
  'explosion',
  'projectile',
  'muzzle_flash',
  'flare',
  'burst',
  'weapons',
  'restriction',
] as const;

/** `[min, max]` in km with 0 ≤ min ≤ max. */
const distanceKmSchema = z
  .tuple([z.number().min(0), z.number().min(0)])
  .refine(([min, max]) => min <= max, { message: 'min must be ≤ max' });

/** A human monitor's report. */
export const patrolSchema = z.strictObject({
  category: z.enum(PATROL_CATEGORIES),
  count: z.int().min(0),
  directionDeg: bearingDegSchema.optional(),
  distanceKm: distanceKmSchema.optional(),
  text: z.string().max(8192),
});
