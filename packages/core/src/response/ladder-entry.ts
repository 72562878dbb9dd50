import { z } from 'zod';
import { validatedValueSchema } from '../log/validated-value.js';
import { rfc3339MicrosSchema } from '../observation/time.js';
import type { Ladder } from './ladder.js';
import { validateLadder } from './ladder-validate.js';

const ladderValueSchema = validatedValueSchema<Ladder>((value) =>
  validateLadder(value)
);

/** Log entry: one version of the escalation ladder (DESIGN 5). */
export const ladderEntrySchema = z.strictObject({
  v: z.literal(1),
  type: z.literal('ladder'),
  time: rfc3339MicrosSchema,
  actor: z.string().min(1).max(128),
  ladder: ladderValueSchema,
});

export type LadderEntry = z.infer<typeof ladderEntrySchema>;
