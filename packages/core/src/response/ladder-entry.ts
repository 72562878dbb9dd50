import { z } from 'zod';
import { rfc3339MicrosSchema } from '../observation/time.js';
import type { Ladder } from './ladder.js';
import { validateLadder } from './ladder-validate.js';

// The ladder as written: validated in full but not transformed, so the
// entry's canonical bytes round-trip (see decodeLogEntry).
const ladderValueSchema = z.unknown().superRefine((value, ctx) => {
  const result = validateLadder(value);
  if (result.ok) return;
  for (const issue of result.issues) {
    ctx.addIssue({
      code: 'custom',
      path: issue.path,
      message: `${issue.code}: ${issue.message}`,
    });
  }
}) as unknown as z.ZodType<Ladder>;

/** Log entry: one version of the escalation ladder (DESIGN 5). */
export const ladderEntrySchema = z.strictObject({
  v: z.literal(1),
  type: z.literal('ladder'),
  time: rfc3339MicrosSchema,
  actor: z.string().min(1).max(128),
  ladder: ladderValueSchema,
});

export type LadderEntry = z.infer<typeof ladderEntrySchema>;
