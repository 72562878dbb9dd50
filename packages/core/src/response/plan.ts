import { z } from 'zod';
import {
  APPROVAL_PROCEDURES,
  APPROVAL_STATUSES,
  PLEDGE_STATES,
  RESPONSE_TYPES,
  iso3Schema,
  pledgeIdSchema,
} from '../coalition/coalition.js';
import { actorSchema, findingIdSchema } from '../engine/finding.js';
import { rfc3339MicrosSchema } from '../observation/time.js';

/** Most finding ids a plan lists; `findingCount` says how many there were. */
export const MAX_PLAN_FINDING_IDS = 200;

const share = z.number().min(0).max(1);

export const plannedPledgeSchema = z.strictObject({
  id: pledgeIdSchema,
  member: iso3Schema,
  quantity: z.number().nonnegative().finite(),
  unit: z.string().min(1).max(64),
  state: z.enum(PLEDGE_STATES),
  procedure: z.enum(APPROVAL_PROCEDURES),
  approval: z.enum(APPROVAL_STATUSES),
  /** Days from the plan's moment until it can take effect. */
  waitDays: z.number().int().min(0),
  effectiveAt: rfc3339MicrosSchema,
});
export type PlannedPledge = z.infer<typeof plannedPledgeSchema>;

export const EXCLUSION_REASONS = [
  'withdrawn',
  'approval_rejected',
  'approval_expired',
] as const;

/** The response plan for the tier reached at a moment (DESIGN 5). */
export const responsePlanSchema = z.strictObject({
  at: rfc3339MicrosSchema,
  ladder: z.strictObject({
    id: z.string().min(1).max(64),
    version: z.number().int().min(1),
  }),
  tier: z
    .strictObject({
      id: z.string().min(1).max(64),
      name: z.string().min(1).max(128),
      level: z.number().int().min(1),
    })
    .nullable(),
  /** The findings the tier rests on (at most MAX_PLAN_FINDING_IDS). */
  findingIds: z.array(findingIdSchema).max(MAX_PLAN_FINDING_IDS),
  findingCount: z.number().int().min(0),
  awaitingCommission: z.array(z.string().min(1).max(64)),
  responses: z.array(
    z.strictObject({
      type: z.enum(RESPONSE_TYPES),
      pledges: z.array(plannedPledgeSchema),
      /** When the first pledge can act; null when none covers it. */
      effectiveAt: rfc3339MicrosSchema.nullable(),
    })
  ),
  uncovered: z.array(z.enum(RESPONSE_TYPES)),
  excluded: z.array(
    z.strictObject({
      id: pledgeIdSchema,
      member: iso3Schema,
      capability: z.enum(RESPONSE_TYPES),
      reason: z.enum(EXCLUSION_REASONS),
    })
  ),
  burden: z.array(
    z.strictObject({
      member: iso3Schema,
      share,
      gdpEurBn: z.number().positive().optional(),
      gdpShare: share.optional(),
      /** share / gdpShare: 1 is a burden in proportion to GDP. */
      burdenToGdp: z.number().min(0).optional(),
    })
  ),
});
export type ResponsePlan = z.infer<typeof responsePlanSchema>;

/** Log entry: a plan, appended when the ladder's tier changes. */
export const responsePlanEntrySchema = z.strictObject({
  v: z.literal(1),
  type: z.literal('response_plan'),
  time: rfc3339MicrosSchema,
  actor: actorSchema,
  plan: responsePlanSchema,
});
export type ResponsePlanEntry = z.infer<typeof responsePlanEntrySchema>;
