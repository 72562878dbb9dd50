import type { FastifyPluginAsync } from 'fastify';
import type {
  CurrentResponse,
  DecisionResponse,
  LadderResponse,
  RegistryWriteResponse,
  ResponsePlansResponse,
} from '@truce/protocol';
import { decisionRequestSchema } from '@truce/protocol';
import { formatRfc3339Micros } from '@truce/core';
import { authorize } from '../auth/tokens.js';
import { ApiError } from '../errors.js';
import type { ResponseService } from '../response/response-service.js';
import type { LogStore } from '../storage/store.js';
import { parseOrThrow } from './parse.js';

export type ResponseRoutesOptions = {
  store: LogStore;
  response: ResponseService;
  clock: () => number;
};

const ID_PARAMS = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'a finding id (64 hex digits)' },
  },
  required: ['id'],
};

/**
 * The escalation ladder, the response it calls for now, the plans logged
 * at each tier change, and the Special Commission's decisions (DESIGN 5).
 * Reads are public; writes are log entries and need a role.
 */
export const responseRoutes: FastifyPluginAsync<ResponseRoutesOptions> = async (
  app,
  { store, response, clock }
) => {
  app.get(
    '/v1/ladder',
    {
      schema: {
        tags: ['response'],
        summary: 'The escalation ladder in force and its log index',
      },
    },
    async (): Promise<LadderResponse> => {
      const current = response.ladders.current;
      if (current === undefined) {
        throw new ApiError('NOT_FOUND', 'no ladder has been logged');
      }
      return { index: current.index, ladder: current.raw };
    }
  );

  app.put(
    '/v1/ladder',
    {
      schema: {
        tags: ['response'],
        summary: 'Log a new ladder version (needs ladder:write)',
        description:
          'The body is the ladder (docs/response.md). A ladder with issues (overlapping, shadowed or unreachable tiers, unknown responses or rules) is 422 UNPROCESSABLE naming every one; a version not above the logged one is 409 CONFLICT.',
        security: [{ bearer: [] }],
        body: { type: 'object' },
      },
    },
    async (request, reply): Promise<RegistryWriteResponse> => {
      const token = await authorize(store, request, 'ladder:write');
      const index = await response.putLadder(request.body, `token:${token.id}`);
      reply.status(201);
      return { index };
    }
  );

  app.get(
    '/v1/response',
    {
      schema: {
        tags: ['response'],
        summary: 'The tier the current findings reach and its plan',
        description:
          'Computed when asked, at the server clock; `plan` is null with no ladder in force.',
      },
    },
    async (): Promise<CurrentResponse> => {
      const plan = await response.planNow();
      return {
        at: plan?.at ?? formatRfc3339Micros(clock() * 1000),
        tier: plan?.tier ?? null,
        plan: plan ?? null,
      };
    }
  );

  app.get(
    '/v1/response/plans',
    {
      schema: {
        tags: ['response'],
        summary: 'The plans logged at each tier change, oldest first',
      },
    },
    async (): Promise<ResponsePlansResponse> => ({
      plans: [...response.plans],
    })
  );

  app.post<{ Params: { id: string } }>(
    '/v1/findings/:id/decision',
    {
      schema: {
        tags: ['response'],
        summary: 'The Special Commission decides on a finding (a log entry)',
        description:
          'Attribution, remedy and a reason are required; the later decision on a finding wins. Tiers that require the Commission count the findings it attributed to a party. Needs commission:decide.',
        security: [{ bearer: [] }],
        params: ID_PARAMS,
        body: {
          type: 'object',
          required: ['attribution', 'remedy', 'reason'],
        },
      },
    },
    async (request, reply): Promise<DecisionResponse> => {
      const token = await authorize(store, request, 'commission:decide');
      const body = parseOrThrow(
        decisionRequestSchema,
        request.body,
        'BODY_SCHEMA'
      );
      const attribution =
        body.attribution.probability === undefined
          ? { party: body.attribution.party }
          : body.attribution;
      const decided = await response.decide(
        request.params.id,
        { attribution, remedy: body.remedy, reason: body.reason },
        `token:${token.id}`
      );
      reply.status(201);
      return decided;
    }
  );
};
