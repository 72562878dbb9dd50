import { describe, expect, it } from 'vitest';
import { createTruceClient } from './client.js';
import type { FetchLike } from './client.js';
import { ClientError } from './errors.js';

// The response and webhook methods of the typed client, over a fake fetch.

type Seen = { url: string; method: string; auth: string | null; body: unknown };

function fakeServer(...answers: Response[]) {
  const seen: Seen[] = [];
  const fetch: FetchLike = async (url, init) => {
    const headers = new Headers(init?.headers);
    seen.push({
      url,
      method: init?.method ?? 'GET',
      auth: headers.get('authorization'),
      body:
        init?.body === undefined ? undefined : JSON.parse(String(init.body)),
    });
    const next = answers.shift();
    if (next === undefined) throw new Error('no more answers');
    return next;
  };
  const client = createTruceClient({
    baseUrl: 'http://log.test',
    token: 'truce_t',
    fetch,
  });
  return { client, seen };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

const TIME = '2026-12-01T12:00:00.000000Z';
const plan = {
  at: TIME,
  ladder: { id: 'demo', version: 1 },
  tier: { id: 't1', name: 'Watch', level: 1 },
  findingIds: [],
  findingCount: 0,
  awaitingCommission: [],
  responses: [],
  uncovered: ['inquiry'],
  excluded: [],
  burden: [],
};

describe('response methods', () => {
  it('read the ladder, the current response and the logged plans', async () => {
    const { client, seen } = fakeServer(
      json({ index: 3, ladder: { id: 'demo' } }),
      json({ at: TIME, tier: plan.tier, plan }),
      json({ plans: [{ index: 9, time: TIME, plan }] })
    );
    expect(await client.ladder()).toEqual({ index: 3, ladder: { id: 'demo' } });
    expect((await client.currentResponse()).plan).toEqual(plan);
    expect((await client.responsePlans()).plans[0]!.index).toBe(9);
    expect(seen.map((s) => [s.method, s.url, s.auth])).toEqual([
      ['GET', 'http://log.test/v1/ladder', null],
      ['GET', 'http://log.test/v1/response', null],
      ['GET', 'http://log.test/v1/response/plans', null],
    ]);
  });

  it('decide posts the decision with the token and returns the logged one', async () => {
    const decision = {
      attribution: { party: 'A', probability: 0.95 },
      remedy: 'withdraw the battery',
      reason: 'crater analysis',
    };
    const { client, seen } = fakeServer(
      json(
        {
          index: 12,
          decision: {
            ...decision,
            findingId: 'a'.repeat(64),
            actor: 'token:abcdefgh',
            time: TIME,
          },
        },
        201
      )
    );
    const answer = await client.decide('f/1', decision);
    expect(answer.decision.attribution).toEqual(decision.attribution);
    expect(seen[0]).toEqual({
      url: 'http://log.test/v1/findings/f%2F1/decision',
      method: 'POST',
      auth: 'Bearer truce_t',
      body: decision,
    });
  });

  it('an answer of the wrong shape is RESPONSE_INVALID', async () => {
    const { client } = fakeServer(json({ at: TIME, tier: null, plan: {} }));
    await expect(client.currentResponse()).toThrowWithCode(
      ClientError,
      'RESPONSE_INVALID'
    );
  });
});

describe('webhook methods', () => {
  const view = {
    id: 'wh_1',
    url: 'https://hooks.example/t',
    types: ['pledge'],
    createdAt: TIME,
  };

  it('create, list, deliveries and delete send the token on each call', async () => {
    const { client, seen } = fakeServer(
      json(view, 201),
      json({ webhooks: [view] }),
      json({ deliveries: [] }),
      new Response(null, { status: 204 })
    );
    const request = {
      url: view.url,
      secret: 'whsec_0123456789abcdef',
      types: ['pledge' as const],
    };
    expect(await client.createWebhook(request)).toEqual(view);
    expect(await client.listWebhooks()).toEqual([view]);
    expect(await client.webhookDeliveries('wh_1', 5)).toEqual([]);
    expect(await client.deleteWebhook('wh_1')).toBeUndefined();
    expect(seen.map((s) => [s.method, s.url, s.auth])).toEqual([
      ['POST', 'http://log.test/v1/webhooks', 'Bearer truce_t'],
      ['GET', 'http://log.test/v1/webhooks', 'Bearer truce_t'],
      [
        'GET',
        'http://log.test/v1/webhooks/wh_1/deliveries?limit=5',
        'Bearer truce_t',
      ],
      ['DELETE', 'http://log.test/v1/webhooks/wh_1', 'Bearer truce_t'],
    ]);
    expect(seen[0]!.body).toEqual(request);
  });

  it('deleting an unknown webhook is NOT_FOUND with its status', async () => {
    const { client } = fakeServer(
      json({ code: 'NOT_FOUND', message: 'no webhook x', requestId: 'r' }, 404)
    );
    const error = await client.deleteWebhook('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});

describe('coalition methods', () => {
  it('a move refused for another member is MEMBER_FORBIDDEN', async () => {
    const { client } = fakeServer(
      json(
        {
          code: 'MEMBER_FORBIDDEN',
          message: 'guarantor token x acts for DEU, not FRA',
          requestId: 'r',
        },
        403
      )
    );
    await expect(
      client.transitionPledge('fra-1', { to: 'withdrawn', reason: 'x' })
    ).toThrowWithCode(ClientError, 'MEMBER_FORBIDDEN');
  });
});
