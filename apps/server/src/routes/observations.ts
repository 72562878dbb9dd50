import type { FastifyPluginAsync } from 'fastify';
import type { SubmitObservationsResponse } from '@truce/protocol';
import {
  MAX_ENVELOPES_PER_BATCH,
  submitObservationsRequestSchema,
} from '@truce/protocol';
import { ApiError } from '../errors.js';
import type { IngestService } from '../ingest/ingest-service.js';
import type { Metrics } from '../metrics.js';
import { parseOrThrow } from './parse.js';

export type ObservationRoutesOptions = {
  ingest: IngestService;
  metrics: Metrics;
};

/**
 * `POST /v1/observations`: signed observations in. Observations carry their
 * own authentication (the sensor's signature), so no token is needed.
 */
export const observationRoutes: FastifyPluginAsync<
  ObservationRoutesOptions
> = async (app, { ingest }) => {
  app.post(
    '/v1/observations',
    {
      schema: {
        tags: ['observations'],
        summary: `Submit up to ${MAX_ENVELOPES_PER_BATCH} signed observations (DSSE envelopes)`,
        description:
          'Answers per envelope: accepted with its log index (only once durably committed) or rejected with a code.',
        body: {
          type: 'object',
          required: ['envelopes'],
          properties: {
            envelopes: {
              type: 'array',
              maxItems: MAX_ENVELOPES_PER_BATCH,
              items: {
                type: 'object',
                properties: {
                  payloadType: { type: 'string' },
                  payload: { type: 'string' },
                  signatures: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        keyid: { type: 'string' },
                        sig: { type: 'string' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    async (request, reply): Promise<SubmitObservationsResponse> => {
      const body = request.body as { envelopes?: unknown } | null;
      if (
        Array.isArray(body?.envelopes) &&
        body.envelopes.length > MAX_ENVELOPES_PER_BATCH
      ) {
        throw new ApiError(
          'BATCH_TOO_LARGE',
          `at most ${MAX_ENVELOPES_PER_BATCH} envelopes per request, got ${body.envelopes.length}`
        );
      }
      const { envelopes } = parseOrThrow(
        submitObservationsRequestSchema,
        body,
        'BODY_SCHEMA'
      );
      const outcome = await ingest.submit(envelopes);
      if (outcome.allRateLimited) {
        reply
          .status(429)
          .header('retry-after', String(outcome.retryAfterSeconds));
      }
      return { results: outcome.results };
    }
  );
};
