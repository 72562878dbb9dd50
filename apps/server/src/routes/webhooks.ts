import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { WebhookDeliveriesResponse, WebhookView } from '@truce/protocol';
import { EVENT_TYPES, createWebhookRequestSchema } from '@truce/protocol';
import type { Webhook, WebhookStore } from '../alerts/webhook-store.js';
import { authorize } from '../auth/tokens.js';
import { ApiError } from '../errors.js';
import type { LogStore } from '../storage/store.js';
import { parseOrThrow } from './parse.js';

export type WebhookRoutesOptions = {
  /** Holds the bearer tokens. */
  store: LogStore;
  webhooks: WebhookStore;
  clock: () => number;
};

const iso = (ms: number) => new Date(ms).toISOString();

const viewOf = (w: Webhook): WebhookView => ({
  id: w.id,
  url: w.url,
  types: w.types,
  createdAt: iso(w.createdMs),
});

const ID_PARAMS = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
};

/**
 * Webhook subscriptions (admin only, reads too): each event of the types
 * asked for is POSTed to the URL, signed with the secret; see
 * docs/alerts.md for the headers, the receiver's checks and the retries.
 */
export const webhookRoutes: FastifyPluginAsync<WebhookRoutesOptions> = async (
  app,
  { store, webhooks, clock }
) => {
  const security = [{ bearer: [] }];
  const found = (id: string): Webhook => {
    const webhook = webhooks.webhook(id);
    if (webhook === undefined)
      throw new ApiError('NOT_FOUND', `no webhook ${id}`);
    return webhook;
  };

  app.post(
    '/v1/webhooks',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Subscribe a URL to events (admin)',
        security,
        body: {
          type: 'object',
          required: ['url', 'secret', 'types'],
          properties: {
            url: { type: 'string', description: 'absolute http(s) URL' },
            secret: { type: 'string', minLength: 16, maxLength: 256 },
            types: {
              type: 'array',
              items: { type: 'string', enum: [...EVENT_TYPES] },
            },
          },
        },
      },
    },
    async (request, reply): Promise<WebhookView> => {
      await authorize(store, request, 'webhooks:manage');
      const body = parseOrThrow(
        createWebhookRequestSchema,
        request.body,
        'BODY_SCHEMA'
      );
      const webhook: Webhook = {
        id: `wh_${randomBytes(9).toString('base64url')}`,
        url: body.url,
        secret: body.secret,
        types: body.types,
        createdMs: clock(),
      };
      webhooks.addWebhook(webhook);
      reply.status(201);
      return viewOf(webhook);
    }
  );

  app.get(
    '/v1/webhooks',
    {
      schema: {
        tags: ['alerts'],
        summary: 'The subscriptions, without their secrets (admin)',
        security,
      },
    },
    async (request): Promise<{ webhooks: WebhookView[] }> => {
      await authorize(store, request, 'webhooks:manage');
      return { webhooks: webhooks.webhooks().map(viewOf) };
    }
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/webhooks/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Unsubscribe; pending deliveries are cancelled (admin)',
        security,
        params: ID_PARAMS,
      },
    },
    async (request, reply) => {
      await authorize(store, request, 'webhooks:manage');
      if (!webhooks.removeWebhook(request.params.id)) {
        throw new ApiError('NOT_FOUND', `no webhook ${request.params.id}`);
      }
      return reply.status(204).send();
    }
  );

  app.get<{ Params: { id: string }; Querystring: { limit?: string } }>(
    '/v1/webhooks/:id/deliveries',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Deliveries, newest first, with every attempt (admin)',
        security,
        params: ID_PARAMS,
        querystring: {
          type: 'object',
          properties: {
            limit: { type: 'string', description: '1 to 1000 (default 100)' },
          },
        },
      },
    },
    async (request): Promise<WebhookDeliveriesResponse> => {
      await authorize(store, request, 'webhooks:manage');
      const webhook = found(request.params.id);
      const raw = request.query.limit ?? '100';
      const limit = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
      if (!(limit >= 1 && limit <= 1000)) {
        throw new ApiError('QUERY_INVALID', 'limit must be 1 to 1000');
      }
      return {
        deliveries: webhooks.deliveriesOf(webhook.id, limit).map((d) => ({
          id: d.id,
          eventType: d.eventType,
          eventId: d.eventId,
          state: d.state,
          createdAt: iso(d.createdMs),
          nextAttemptAt: d.nextAtMs === null ? null : iso(d.nextAtMs),
          attempts: webhooks.attemptsOf(d.id).map((a) => ({
            n: a.n,
            at: iso(a.atMs),
            durationMs: a.durationMs,
            status: a.status,
            error: a.error,
          })),
        })),
      };
    }
  );
};
