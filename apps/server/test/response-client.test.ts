import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TruceClient } from '@truce/protocol';
import { ClientError, createTruceClient } from '@truce/protocol';
import { call, pledge, seed } from './coalition-fixture.js';
import type { TestLog } from './helpers.js';
import { DECISION, LADDER, auth, sceneLog } from './response-scene.js';

// The typed client's response methods against the real routes: what the
// server sends must pass the client's schemas, pledges and burden included.

let log: TestLog;
let id: string;
let url: string;
const client = (token?: string): TruceClient =>
  createTruceClient({
    baseUrl: url,
    ...(token === undefined ? {} : { token }),
  });

beforeAll(async () => {
  ({ log, id } = await sceneLog());
  await seed(log);
  const demarche = {
    ...pledge('fra-demarche'),
    type: 'sanctions',
    unit: 'démarches',
    quantity: 1,
    capability: 'diplomatic_demarche',
    approval: { procedure: 'none', status: 'approved', leadTimeDays: 0 },
  };
  const added = await call(
    log,
    'POST',
    '/v1/pledges',
    demarche,
    await log.token('admin')
  );
  if (added.statusCode !== 201) throw new Error(added.body);
  url = await log.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await log.close();
});

describe('the typed client on the response routes', () => {
  it('ladder() is NOT_FOUND before a ladder is logged; the response has no plan', async () => {
    const error = await client()
      .ladder()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(await client().currentResponse()).toMatchObject({
      tier: null,
      plan: null,
    });
    expect(await client().responsePlans()).toEqual({ plans: [] });
  });

  it('reads the ladder, the plan with its pledges and burden, and the logged plans', async () => {
    const put = await log.app.inject({
      method: 'PUT',
      url: '/v1/ladder',
      headers: auth(await log.token('admin')),
      payload: LADDER,
    });
    expect(put.statusCode).toBe(201);
    await log.services.response.settled();

    expect(await client().ladder()).toEqual({
      index: put.json().index,
      ladder: LADDER,
    });
    const now = await client().currentResponse();
    expect(now.tier).toEqual({ id: 't1', name: 'Any violation', level: 1 });
    expect(now.plan!.responses).toEqual([
      expect.objectContaining({
        type: 'diplomatic_demarche',
        pledges: [expect.objectContaining({ id: 'fra-demarche' })],
      }),
    ]);
    expect(now.plan!.burden).toEqual([
      expect.objectContaining({ member: 'FRA', share: 1 }),
    ]);
    const { plans } = await client().responsePlans();
    expect(plans.map((p) => p.plan.tier?.id)).toEqual(['t1']);
  });

  it('decide() logs the decision, and the tier that waited for it is reached', async () => {
    const answer = await client(await log.token('commission')).decide(
      id,
      DECISION
    );
    expect(answer.decision).toMatchObject({ ...DECISION, findingId: id });
    await log.services.response.settled();
    expect((await client().currentResponse()).tier?.id).toBe('t2');
    const refused = await client(await log.token('analyst'))
      .decide(id, DECISION)
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });
});
