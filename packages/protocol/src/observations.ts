import { z } from 'zod';

/** Most envelopes one `POST /v1/observations` may carry. */
export const MAX_ENVELOPES_PER_BATCH = 1000;

export const submitObservationsRequestSchema = z.object({
  envelopes: z.array(z.unknown()).min(1).max(MAX_ENVELOPES_PER_BATCH),
});

export type SubmitObservationsRequest = z.infer<
  typeof submitObservationsRequestSchema
>;

/** Codes an individual envelope can be rejected with, besides core's. */
export const INGEST_REJECT_CODES = ['RATE_LIMITED'] as const;

export type EnvelopeResult =
  | { status: 'accepted'; index: number }
  | { status: 'rejected'; code: string; message: string };

export type SubmitObservationsResponse = { results: EnvelopeResult[] };

const envelopeResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('accepted'), index: z.number().int().min(0) }),
  z.object({
    status: z.literal('rejected'),
    code: z.string(),
    message: z.string(),
  }),
]);

export const submitObservationsResponseSchema = z.object({
  results: z.array(envelopeResultSchema),
});
