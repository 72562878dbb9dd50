import { z } from 'zod';
import { rfc3339MicrosSchema } from '../observation/time.js';
import {
  actorSchema,
  findingIdSchema,
  findingSchema,
  REVIEW_STATUSES,
} from './finding.js';

const header = {
  v: z.literal(1),
  time: rfc3339MicrosSchema,
  actor: actorSchema,
};

/** Log entry: a finding as the engine produced it (the engine's output is logged). */
export const findingEntrySchema = z.strictObject({
  ...header,
  type: z.literal('finding'),
  finding: findingSchema,
});

/** An analyst's verdict on a finding; the reason is required. */
export const findingReviewSchema = z.strictObject({
  findingId: findingIdSchema,
  status: z.enum(REVIEW_STATUSES),
  reason: z.string().min(1).max(4096),
  actor: actorSchema,
  time: rfc3339MicrosSchema,
});

export type FindingReview = z.infer<typeof findingReviewSchema>;

/** Log entry: a review; reviews apply in log order, the later one winning. */
export const findingReviewEntrySchema = z.strictObject({
  ...findingReviewSchema.shape,
  v: z.literal(1),
  type: z.literal('finding_review'),
});

export type FindingEntry = z.infer<typeof findingEntrySchema>;
export type FindingReviewEntry = z.infer<typeof findingReviewEntrySchema>;
