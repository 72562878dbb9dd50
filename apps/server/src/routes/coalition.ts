import type { FastifyPluginAsync } from 'fastify';
import type {
  CoalitionResponse,
  CoalitionWriteResponse,
  PledgeTransitionResponse,
} from '@truce/protocol';
import {
  addMemberRequestSchema,
  pledgeTransitionRequestSchema,
  registerPledgeRequestSchema,
} from '@truce/protocol';
import { assertActsFor, authorize } from '../auth/tokens.js';
import type { CoalitionService } from '../coalition/coalition-service.js';
import { ApiError } from '../errors.js';
import type { LogStore } from '../storage/store.js';
import { parseOrThrow } from './parse.js';

export type CoalitionRoutesOptions = {
  store: LogStore;
  coalition: CoalitionService;
};

const secured = { security: [{ bearer: [] }] };
const ID_PARAMS = {
  type: 'object',
  properties: { id: { type: 'string' } },
} as const;

/**
 * The guarantor coalition (DESIGN 5): reads are public; members need
 * `coalition:write` (admin), pledges and their moves `pledges:write`
 * (admin, or a guarantor token bound to the pledge's member). Every write
 * is a log entry naming its token.
 */
export const coalitionRoutes: FastifyPluginAsync<
  CoalitionRoutesOptions
> = async (app, { store, coalition }) => {
  app.get(
    '/v1/coalition',
    {
      schema: {
        tags: ['coalition'],
        summary:
          'Members, pledges with state and history, and delivered support (Kiel)',
      },
    },
    async (): Promise<CoalitionResponse> => coalition.view()
  );

  app.get<{ Params: { id: string } }>(
    '/v1/pledges/:id',
    {
      schema: {
        tags: ['coalition'],
        summary: 'One pledge, its state and history',
        params: ID_PARAMS,
      },
    },
    async (request) => {
      const found = coalition
        .view()
        .pledges.find((p) => p.id === request.params.id);
      if (found === undefined) {
        throw new ApiError('NOT_FOUND', `no pledge ${request.params.id}`);
      }
      return found;
    }
  );

  app.post(
    '/v1/coalition/members',
    {
      schema: {
        tags: ['coalition'],
        summary: 'Add a member, or change its name or role (a log entry)',
        ...secured,
        body: { type: 'object' },
      },
    },
    async (request, reply): Promise<CoalitionWriteResponse> => {
      const token = await authorize(store, request, 'coalition:write');
      const member = parseOrThrow(
        addMemberRequestSchema,
        request.body,
        'BODY_SCHEMA'
      );
      const index = await coalition.change(
        { type: 'coalition_member', member },
        `token:${token.id}`
      );
      reply.status(201);
      return { index };
    }
  );

  app.post(
    '/v1/pledges',
    {
      schema: {
        tags: ['coalition'],
        summary: "Register a member's pledge; it starts pledged (a log entry)",
        description:
          "Admin, or a guarantor token bound to the pledge's member (else 403 MEMBER_FORBIDDEN).",
        ...secured,
        body: { type: 'object' },
      },
    },
    async (request, reply): Promise<CoalitionWriteResponse> => {
      const token = await authorize(store, request, 'pledges:write');
      const pledge = parseOrThrow(
        registerPledgeRequestSchema,
        request.body,
        'BODY_SCHEMA'
      );
      assertActsFor(token, pledge.member);
      const index = await coalition.change(
        { type: 'pledge_registered', pledge },
        `token:${token.id}`
      );
      reply.status(201);
      return { index };
    }
  );

  app.post<{ Params: { id: string } }>(
    '/v1/pledges/:id/transitions',
    {
      schema: {
        tags: ['coalition'],
        summary: 'Move a pledge to its next state, with a reason (a log entry)',
        description:
          "pledged -> approval_pending -> approved -> ready -> activated -> delivered, or withdrawn before delivered. Give `from` to be refused (409) if the pledge moved meanwhile. Admin, or a guarantor token bound to the pledge's member (else 403 MEMBER_FORBIDDEN).",
        ...secured,
        params: ID_PARAMS,
        body: {
          type: 'object',
          required: ['to', 'reason'],
          properties: {
            to: { type: 'string' },
            reason: { type: 'string', minLength: 1, maxLength: 4096 },
            from: { type: 'string' },
          },
        },
      },
    },
    async (request): Promise<PledgeTransitionResponse> => {
      const token = await authorize(store, request, 'pledges:write');
      const { to, reason, from } = parseOrThrow(
        pledgeTransitionRequestSchema,
        request.body,
        'BODY_SCHEMA'
      );
      const moved = coalition.pledge(request.params.id);
      if (moved === undefined) {
        throw new ApiError('NOT_FOUND', `no pledge ${request.params.id}`);
      }
      assertActsFor(token, moved.member);
      const index = await coalition.change(
        {
          type: 'pledge_transition',
          pledgeId: request.params.id,
          to,
          reason,
          ...(from === undefined ? {} : { from }),
        },
        `token:${token.id}`
      );
      const pledge = coalition
        .view()
        .pledges.find((p) => p.id === request.params.id)!;
      return { index, pledge };
    }
  );
};
