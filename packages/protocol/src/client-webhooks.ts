import type { Transport } from './client-transport.js';
import {
  listWebhooksResponseSchema,
  webhookDeliveriesResponseSchema,
  webhookSchema,
} from './webhooks.js';
import type {
  CreateWebhookRequest,
  WebhookDeliveriesResponse,
  WebhookView,
} from './webhooks.js';

/** Webhook subscriptions (docs/alerts.md); every call needs an admin token. */
export type WebhooksClient = {
  /** Subscribes `url` to `types`; the secret is never shown again. */
  createWebhook(request: CreateWebhookRequest): Promise<WebhookView>;
  listWebhooks(): Promise<WebhookView[]>;
  /** Unsubscribes; pending deliveries are cancelled. NOT_FOUND when unknown. */
  deleteWebhook(id: string): Promise<void>;
  /** Deliveries, newest first, with every attempt; `limit` 1 to 1000. */
  webhookDeliveries(
    id: string,
    limit?: number
  ): Promise<WebhookDeliveriesResponse['deliveries']>;
};

const webhookPath = (id: string) => `/v1/webhooks/${encodeURIComponent(id)}`;

export function webhooksClient({ json, send }: Transport): WebhooksClient {
  return {
    createWebhook: (request) =>
      json(webhookSchema, {
        method: 'POST',
        path: '/v1/webhooks',
        body: request,
        auth: true,
      }),
    async listWebhooks() {
      const list = await json(listWebhooksResponseSchema, {
        path: '/v1/webhooks',
        auth: true,
      });
      return list.webhooks;
    },
    async deleteWebhook(id) {
      const response = await send({
        method: 'DELETE',
        path: webhookPath(id),
        auth: true,
      });
      await response.body?.cancel();
    },
    async webhookDeliveries(id, limit) {
      // The server checks the range (400 QUERY_INVALID).
      const query = limit === undefined ? '' : `?limit=${String(limit)}`;
      const answer = await json(webhookDeliveriesResponseSchema, {
        path: `${webhookPath(id)}/deliveries${query}`,
        auth: true,
      });
      return answer.deliveries;
    },
  };
}
