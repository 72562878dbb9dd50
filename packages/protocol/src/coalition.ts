import { z } from 'zod';
import {
  memberSchema,
  PLEDGE_STATES,
  pledgeSchema,
  pledgeTransitionSchema,
} from '@truce/core';

/** `POST /v1/coalition/members`: adds a member or replaces its name and role. */
export const addMemberRequestSchema = memberSchema;

/** `POST /v1/pledges`: registers a pledge (DESIGN 5); it starts `pledged`. */
export const registerPledgeRequestSchema = pledgeSchema;

/**
 * `POST /v1/pledges/{id}/transitions`: moves a pledge. Give `from` to have
 * the move refused (409) if someone moved the pledge since you looked.
 */
export const pledgeTransitionRequestSchema = z.strictObject({
  to: z.enum(PLEDGE_STATES),
  reason: z.string().min(1).max(4096),
  from: z.enum(PLEDGE_STATES).optional(),
});
export type PledgeTransitionRequest = z.infer<
  typeof pledgeTransitionRequestSchema
>;

const historyItemSchema = pledgeTransitionSchema
  .omit({ pledgeId: true })
  .extend({ index: z.number().int().min(0) });

/** A pledge as `GET /v1/coalition` shows it: the pledge, its state, every move. */
export const pledgeViewSchema = pledgeSchema.extend({
  state: z.enum(PLEDGE_STATES),
  registeredIndex: z.number().int().min(0),
  history: z.array(historyItemSchema),
});
export type PledgeViewWire = z.infer<typeof pledgeViewSchema>;

/** A member's support to Ukraine as the Kiel Support Tracker records it. */
export const deliveredSupportSchema = z.object({
  iso3: z.string(),
  name: z.string(),
  committedEurBn: z.number(),
  allocatedEurBn: z.number(),
  militaryEurBn: z.number(),
  pctGdp: z.number(),
  weapons: z.array(z.object({ category: z.string(), number: z.number() })),
});

/** `GET /v1/coalition` */
export const coalitionResponseSchema = z.object({
  version: z.string(),
  members: z.array(memberSchema),
  pledges: z.array(pledgeViewSchema),
  delivered: z.array(deliveredSupportSchema),
  /** The citation of the delivered data, or null without Kiel data. */
  source: z.string().nullable(),
  /** The Kiel release behind `delivered`: number, period, date, label. */
  sourceRelease: z
    .object({
      citation: z.string(),
      release: z.string(),
      period: z.string(),
      date: z.string(),
      label: z.string(),
    })
    .nullable(),
});
export type CoalitionResponse = z.infer<typeof coalitionResponseSchema>;

/** The answer to a coalition write: the new entry's log index. */
export const coalitionWriteResponseSchema = z.object({
  index: z.number().int().min(0),
});
export type CoalitionWriteResponse = z.infer<
  typeof coalitionWriteResponseSchema
>;

/** The answer to a transition: its index and the pledge after it. */
export const pledgeTransitionResponseSchema = z.object({
  index: z.number().int().min(0),
  pledge: pledgeViewSchema,
});
export type PledgeTransitionResponse = z.infer<
  typeof pledgeTransitionResponseSchema
>;
