import { z } from 'zod';
import { actorSchema, findingIdSchema } from '../engine/finding.js';
import { rfc3339MicrosSchema } from '../observation/time.js';

/**
 * The Special Commission's decision on a finding (DESIGN 5): whom it
 * attributes the violation to, the remedy it asks for, and why. A later
 * decision on the same finding replaces an earlier one (log order).
 */
export const commissionDecisionSchema = z.strictObject({
  findingId: findingIdSchema,
  attribution: z.strictObject({
    /** null: the Commission finds no party responsible. */
    party: z.string().min(1).max(64).nullable(),
    probability: z.number().min(0).max(1).optional(),
  }),
  remedy: z.string().min(1).max(4096),
  reason: z.string().min(1).max(4096),
  actor: actorSchema,
  time: rfc3339MicrosSchema,
});

export type CommissionDecision = z.infer<typeof commissionDecisionSchema>;

/** Log entry: one Commission decision. */
export const commissionDecisionEntrySchema = z.strictObject({
  ...commissionDecisionSchema.shape,
  v: z.literal(1),
  type: z.literal('commission_decision'),
});

export type CommissionDecisionEntry = z.infer<
  typeof commissionDecisionEntrySchema
>;
