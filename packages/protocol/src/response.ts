import { z } from 'zod';
import type { CommissionDecision, ResponsePlan } from '@truce/core';
import { commissionDecisionSchema, responsePlanSchema } from '@truce/core';

/** POST /v1/findings/{id}/decision: the Special Commission's decision. */
export const decisionRequestSchema = z.strictObject({
  attribution: commissionDecisionSchema.shape.attribution,
  remedy: commissionDecisionSchema.shape.remedy,
  reason: commissionDecisionSchema.shape.reason,
});
export type DecisionRequest = z.infer<typeof decisionRequestSchema>;

export type DecisionResponse = { index: number; decision: CommissionDecision };

/** GET /v1/ladder: the ladder in force, as logged, and its entry's index. */
export type LadderResponse = { index: number; ladder: unknown };

/** GET /v1/response: the tier reached now and its plan. */
export type CurrentResponse = {
  at: string;
  tier: { id: string; name: string; level: number } | null;
  plan: ResponsePlan | null;
};

/** GET /v1/response/plans: the plans logged at each tier change. */
export type ResponsePlansResponse = {
  plans: { index: number; time: string; plan: ResponsePlan }[];
};

// Answer schemas, for the typed client to check what a server sends.

export const decisionResponseSchema = z.object({
  index: z.number().int().min(0),
  decision: commissionDecisionSchema,
});

/** The ladder is served as logged; validateLadder (core) checks it. */
export const ladderResponseSchema = z.object({
  index: z.number().int().min(0),
  ladder: z.unknown(),
});

export const currentResponseSchema = z.object({
  at: z.string(),
  tier: z
    .object({ id: z.string(), name: z.string(), level: z.number().int() })
    .nullable(),
  plan: responsePlanSchema.nullable(),
});

export const responsePlansResponseSchema = z.object({
  plans: z.array(
    z.object({
      index: z.number().int().min(0),
      time: z.string(),
      plan: responsePlanSchema,
    })
  ),
});
