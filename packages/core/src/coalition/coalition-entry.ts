import { z } from 'zod';
import { actorSchema } from '../engine/finding.js';
import { rfc3339MicrosSchema } from '../observation/time.js';
import {
  memberSchema,
  PLEDGE_STATES,
  pledgeIdSchema,
  pledgeSchema,
} from './coalition.js';

// Every change to the coalition is a log entry (DESIGN 2 and 5): who made it,
// when, and what. Who may make it is policy, checked by the server.
const header = {
  v: z.literal(1),
  time: rfc3339MicrosSchema,
  actor: actorSchema,
};

/** Log entry that adds a member, or replaces the name and role of one. */
export const coalitionMemberEntrySchema = z.strictObject({
  ...header,
  type: z.literal('coalition_member'),
  member: memberSchema,
});

/** Log entry that registers a pledge; it starts in state `pledged`. */
export const pledgeRegisteredEntrySchema = z.strictObject({
  ...header,
  type: z.literal('pledge_registered'),
  pledge: pledgeSchema,
});

/** One move of a pledge through its states; the reason is required. */
export const pledgeTransitionSchema = z.strictObject({
  pledgeId: pledgeIdSchema,
  from: z.enum(PLEDGE_STATES),
  to: z.enum(PLEDGE_STATES),
  reason: z.string().min(1).max(4096),
  actor: actorSchema,
  time: rfc3339MicrosSchema,
});
export type PledgeTransition = z.infer<typeof pledgeTransitionSchema>;

/** Log entry: a pledge transition, applied in log order. */
export const pledgeTransitionEntrySchema = z.strictObject({
  ...pledgeTransitionSchema.shape,
  v: z.literal(1),
  type: z.literal('pledge_transition'),
});

export type CoalitionMemberEntry = z.infer<typeof coalitionMemberEntrySchema>;
export type PledgeRegisteredEntry = z.infer<typeof pledgeRegisteredEntrySchema>;
export type PledgeTransitionEntry = z.infer<typeof pledgeTransitionEntrySchema>;
export type CoalitionEntry =
  CoalitionMemberEntry | PledgeRegisteredEntry | PledgeTransitionEntry;

export const COALITION_ENTRY_TYPES = [
  'coalition_member',
  'pledge_registered',
  'pledge_transition',
] as const satisfies readonly CoalitionEntry['type'][];
