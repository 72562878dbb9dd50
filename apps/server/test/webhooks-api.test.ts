import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '@truce/protocol';
import {
  ROLES,
  listWebhooksResponseSchema,
  webhookDeliveriesResponseSchema,
  webhookSchema,
} from '@truce/protocol';
import type { TestLog } from './helpers.js';
import { NOW_MS, createTestLog } from './helpers.js';
import { startReceiver } from './webhook-receiver.js';

const SECRET = 'whsec_api_test_0123456789';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function testLog(): Promise<TestLog> {
  const log = await createTestLog();
  cleanups.push(() => log.close());
  return log;
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

const valid = {
  url: 'https://hooks.example/truce',
  secret: SECRET,
  types: ['finding', 'tier'],
};

describe('/v1/webhooks access', () => {
  const routes = [
    { method: 'POST', url: '/v1/webhooks', payload: valid },
    { method: 'GET', url: '/v1/webhooks' },
    { method: 'DELETE', url: '/v1/webhooks/wh_x' },
    { method: 'GET', url: '/v1/webhooks/wh_x/deliveries' },
  ] as const;

  it.each(routes)(
    '$method $url without a token is 401 UNAUTHORIZED',
    async (route) => {
      const log = await testLog();
      const res = await log.app.inject(route);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    }
  );

  const others = ROLES.filter(
    (r): r is Exclude<Role, 'admin'> => r !== 'admin'
  );
  it.each(
    routes.flatMap((route) => others.map((role) => ({ ...route, role })))
  )(
    '$method $url as $role is 403 FORBIDDEN and changes nothing',
    async ({ role, ...route }) => {
      const log = await testLog();
      const res = await log.app.inject({
        ...route,
        headers: bearer(await log.token(role)),
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'FORBIDDEN' });
      expect(log.services.webhooks.webhooks()).toEqual([]);
    }
  );
});

describe('POST /v1/webhooks', () => {
  it('subscribes, and never shows the secret again', async () => {
    const log = await testLog();
    const headers = bearer(await log.token('admin'));
    const res = await log.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers,
      payload: valid,
    });
    expect(res.statusCode).toBe(201);
    const created = webhookSchema.parse(res.json());
    expect(created).toMatchObject({
      url: valid.url,
      types: valid.types,
      createdAt: new Date(NOW_MS).toISOString(),
    });
    expect(res.body).not.toContain(SECRET);
    const list = await log.app.inject({ url: '/v1/webhooks', headers });
    expect(listWebhooksResponseSchema.parse(list.json()).webhooks).toEqual([
      created,
    ]);
    expect(list.body).not.toContain(SECRET);
  });

  it.each([
    ['a non-http URL', { url: 'ftp://hooks.example/x' }],
    ['a relative URL', { url: '/hook' }],
    ['a URL with credentials', { url: 'https://u:p@hooks.example/x' }],
    ['a short secret', { secret: 'short' }],
    ['no types', { types: [] }],
    ['an unknown type', { types: ['finding', 'gossip'] }],
    ['a repeated type', { types: ['tier', 'tier'] }],
    ['an unknown field', { extra: 1 }],
  ])(
    'refuses %s with 400 BODY_SCHEMA and stores nothing',
    async (_what, change) => {
      const log = await testLog();
      const res = await log.app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: bearer(await log.token('admin')),
        payload: { ...valid, ...change },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'BODY_SCHEMA' });
      expect(log.services.webhooks.webhooks()).toEqual([]);
    }
  );
});

describe('DELETE /v1/webhooks/{id}', () => {
  it('unsubscribes, then answers 404 NOT_FOUND', async () => {
    const log = await testLog();
    const headers = bearer(await log.token('admin'));
    const { id } = (
      await log.app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers,
        payload: valid,
      })
    ).json();
    const del = await log.app.inject({
      method: 'DELETE',
      url: `/v1/webhooks/${id}`,
      headers,
    });
    expect(del.statusCode).toBe(204);
    expect(log.services.webhooks.webhooks()).toEqual([]);
    const again = await log.app.inject({
      method: 'DELETE',
      url: `/v1/webhooks/${id}`,
      headers,
    });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('deliveries end to end', () => {
  it('a checkpoint reaches a subscribed receiver, signed, and its attempt is listed', async () => {
    const log = await testLog();
    const receiver = await startReceiver({
      secret: SECRET,
      nowSeconds: () => Math.floor(log.clock.nowMs / 1000),
    });
    cleanups.push(() => receiver.close());
    const headers = bearer(await log.token('admin'));
    const { id } = (
      await log.app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers,
        payload: { url: receiver.url, secret: SECRET, types: ['checkpoint'] },
      })
    ).json();
    log.services.events.publish({
      type: 'checkpoint',
      data: { size: 9, rootHash: 'AAAA' },
    });
    await vi.waitFor(() => expect(receiver.effects).toHaveLength(1));
    expect(receiver.requests.every((r) => r.verified)).toBe(true);
    expect(receiver.effects[0]!.body).toMatchObject({
      type: 'checkpoint',
      data: { size: 9 },
    });

    await log.services.webhookDispatcher.settled();
    const res = await log.app.inject({
      url: `/v1/webhooks/${id}/deliveries`,
      headers,
    });
    const { deliveries } = webhookDeliveriesResponseSchema.parse(res.json());
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      id: receiver.effects[0]!.deliveryId,
      eventType: 'checkpoint',
      state: 'delivered',
      nextAttemptAt: null,
      attempts: [{ n: 1, status: 204, error: null }],
    });
  });

  it('answers 404 for the deliveries of an unknown webhook and 400 for a bad limit', async () => {
    const log = await testLog();
    const headers = bearer(await log.token('admin'));
    const unknown = await log.app.inject({
      url: '/v1/webhooks/wh_none/deliveries',
      headers,
    });
    expect(unknown.statusCode).toBe(404);
    const { id } = (
      await log.app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers,
        payload: valid,
      })
    ).json();
    for (const limit of ['0', '1001', 'x']) {
      const res = await log.app.inject({
        url: `/v1/webhooks/${id}/deliveries?limit=${limit}`,
        headers,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'QUERY_INVALID' });
    }
  });
});
