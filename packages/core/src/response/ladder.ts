import { z } from 'zod';
import type { ResponseType } from '../coalition/coalition.js';
import { polygonSchema } from '../geo/geometry.js';
import { weaponClassSchema } from '../observation/weapon-class.js';
import { FINDING_KINDS, ruleIdSchema } from '../rules/term.js';

/**
 * The escalation ladder (DESIGN 5): policy as data. Each tier names the
 * patterns of verified findings that reach it and the responses it calls
 * for; the planner (planner.ts) turns a reached tier into a plan.
 */

const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case id, at most 64 chars');

const MAX_WINDOW_HOURS = 24 * 366;

/**
 * One pattern: at least `minCount` findings matching every filter given,
 * with their time in the `windowHours` before the moment judged.
 */
export const ladderClauseSchema = z.strictObject({
  rules: z.array(ruleIdSchema).min(1).max(64).optional(),
  kinds: z.array(z.enum(FINDING_KINDS)).min(1).optional(),
  weaponClasses: z.array(weaponClassSchema).min(1).optional(),
  /** RFC 7946 §3.1.6 Polygon the finding's point must lie in. */
  sector: polygonSchema.optional(),
  /** The attributed party (the Commission's, on tiers that require it). */
  party: z.string().min(1).max(64).optional(),
  /**
   * Least attribution probability, to `party` or, without one, to
   * whichever party is named; either way a finding attributed to nobody
   * does not count.
   */
  minProbability: z.number().min(0).max(1).optional(),
  /** Count only `confirmed` findings (reviewed), not merely `verified`. */
  confirmedOnly: z.boolean().optional(),
  minCount: z.number().int().min(1).max(1_000_000),
  /** Defaults to the ladder's windowing.defaultWindowHours. */
  windowHours: z.number().positive().max(MAX_WINDOW_HOURS).optional(),
});
export type LadderClause = z.infer<typeof ladderClauseSchema>;

export const ladderTierSchema = z.strictObject({
  id: idSchema,
  level: z.number().int().min(1).max(100),
  name: z.string().min(1).max(128),
  description: z.string().max(2048).optional(),
  /** The tier is reached when any one clause holds. */
  conditions: z.strictObject({
    anyOf: z.array(ladderClauseSchema).min(1).max(32),
  }),
  // Strings here, so validateLadder can name an unknown type as an issue.
  responses: z.array(z.string().min(1).max(64)).min(1).max(32),
  /**
   * Only findings the Special Commission attributed count toward this
   * tier, with the Commission's attribution (DESIGN 5).
   */
  requiresCommission: z.boolean(),
});
export type LadderTier = Omit<z.infer<typeof ladderTierSchema>, 'responses'> & {
  responses: ResponseType[];
};

export const ladderSchema = z.strictObject({
  id: idSchema,
  version: z.number().int().min(1),
  title: z.string().max(256).optional(),
  notes: z.string().max(4096).optional(),
  /** Which agreement's rule ids the clauses name. */
  agreement: z.string().min(1).max(128).optional(),
  windowing: z.strictObject({
    /**
     * A finding counts at moment t when its time lies in
     * (t - windowHours, t]: a sliding window ending at t.
     */
    kind: z.literal('sliding'),
    defaultWindowHours: z.number().positive().max(MAX_WINDOW_HOURS),
  }),
  tiers: z.array(ladderTierSchema).min(1).max(32),
});

/** A ladder that passed validateLadder. */
export type Ladder = Omit<z.infer<typeof ladderSchema>, 'tiers'> & {
  tiers: LadderTier[];
};
