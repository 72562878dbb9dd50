import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '@truce/protocol';
import { ROLES } from '@truce/protocol';
import type { BusEvent } from '../src/events/event-bus.js';
import type { TestLog } from './helpers.js';
import { createTestLog } from './helpers.js';
import { AGREEMENT } from './findings-scene.js';
import { DECISION, LADDER, auth, sceneLog } from './response-scene.js';

describe('the escalation ladder over HTTP', () => {
  let log: TestLog;
  let id: string;
  let events: BusEvent[];
  beforeEach(async () => {
    ({ log, id, events } = await sceneLog());
  });
  afterEach(async () => {
    await log.close();
  });

  const putLadder = async (body: unknown, role: Role = 'admin') =>
    log.app.inject({
      method: 'PUT',
      url: '/v1/ladder',
      headers: auth(await log.token(role)),
      payload: body as object,
    });
  const decide = async (body: unknown, role: Role = 'commission') =>
    log.app.inject({
      method: 'POST',
      url: `/v1/findings/${id}/decision`,
      headers: auth(await log.token(role)),
      payload: body as object,
    });

  it('answers 404 for the ladder and no plan before a ladder is logged', async () => {
    const ladder = await log.app.inject({ method: 'GET', url: '/v1/ladder' });
    expect(ladder.statusCode).toBe(404);
    const now = await log.app.inject({ method: 'GET', url: '/v1/response' });
    expect(now.json()).toEqual({
      at: '2026-12-01T00:00:00Z',
      tier: null,
      plan: null,
    });
  });

  it('logs a ladder, reaches tier 1 and logs its plan with tier and plan events', async () => {
    const put = await putLadder(LADDER);
    expect(put.statusCode).toBe(201);
    const got = await log.app.inject({ method: 'GET', url: '/v1/ladder' });
    expect(got.json()).toEqual({ index: put.json().index, ladder: LADDER });
    await log.services.response.settled();
    const now = (
      await log.app.inject({ method: 'GET', url: '/v1/response' })
    ).json();
    expect(now.tier).toEqual({ id: 't1', name: 'Any violation', level: 1 });
    expect(now.plan.findingIds).toEqual([id]);
    expect(now.plan.uncovered).toEqual(['diplomatic_demarche']);
    expect(now.plan.awaitingCommission).toEqual(['t2']);
    const plans = (
      await log.app.inject({ method: 'GET', url: '/v1/response/plans' })
    ).json().plans;
    expect(
      plans.map((p: { plan: { tier: { id: string } } }) => p.plan.tier.id)
    ).toEqual(['t1']);
    const tierEvents = events.filter((e) => e.type === 'tier');
    expect(tierEvents.map((e) => e.data)).toEqual([
      { at: '2026-12-01T00:00:00Z', from: null, to: now.tier },
    ]);
    expect(events.filter((e) => e.type === 'plan').map((e) => e.data)).toEqual([
      plans[0].plan,
    ]);
  });

  it('waits for the Commission, then reaches tier 2 once it attributes the finding', async () => {
    await putLadder(LADDER);
    await log.services.response.settled();
    const res = await decide(DECISION);
    expect(res.statusCode).toBe(201);
    expect(res.json().decision).toMatchObject({ ...DECISION, findingId: id });
    await log.services.response.settled();
    const now = (
      await log.app.inject({ method: 'GET', url: '/v1/response' })
    ).json();
    expect(now.tier.id).toBe('t2');
    const entries = await log.services.store.readEntriesByType([
      'commission_decision',
      'response_plan',
    ]);
    expect(
      entries.map((e) => JSON.parse(Buffer.from(e.bytes).toString()).type)
    ).toEqual(['response_plan', 'commission_decision', 'response_plan']);
    const tiers = events.filter((e) => e.type === 'tier').map((e) => e.data);
    expect(tiers.at(-1)).toMatchObject({
      from: { id: 't1' },
      to: { id: 't2' },
    });
  });

  it('keeps the tier and the logged plans over a restart', async () => {
    await putLadder(LADDER);
    await log.services.response.settled();
    const before = await log.size();
    const { store } = log.services;
    await log.app.close();
    await log.services.stop();
    const again = await createTestLog({ store, agreement: AGREEMENT });
    await again.services.response.settled();
    expect(again.services.response.plans).toHaveLength(1);
    expect(await again.size()).toBe(before);
    await again.close();
  });

  describe('each role on each write', () => {
    const WRITES = ['PUT /v1/ladder', 'POST /v1/findings/{id}/decision'];
    const allowed = (write: string, role: Role) =>
      role === 'admin' || (write !== WRITES[0] && role === 'commission');
    const cases: [string, Role, number][] = ROLES.flatMap((role) =>
      WRITES.map((w): [string, Role, number] => [
        w,
        role,
        allowed(w, role) ? 201 : 403,
      ])
    );

    it.each(cases)('%s as %s answers %i', async (write, role, status) => {
      const size = await log.size();
      const res =
        write === 'PUT /v1/ladder'
          ? await putLadder(LADDER, role)
          : await decide(DECISION, role);
      expect(res.statusCode).toBe(status);
      if (status === 403) {
        expect(res.json().code).toBe('FORBIDDEN');
        expect(await log.size()).toBe(size);
      }
    });

    it.each(['PUT /v1/ladder', 'POST /v1/findings/{id}/decision'])(
      '%s without a token answers 401 and changes nothing',
      async (write) => {
        const size = await log.size();
        const res = await log.app.inject(
          write === 'PUT /v1/ladder'
            ? { method: 'PUT', url: '/v1/ladder', payload: LADDER }
            : {
                method: 'POST',
                url: `/v1/findings/${id}/decision`,
                payload: DECISION,
              }
        );
        expect(res.statusCode).toBe(401);
        expect(await log.size()).toBe(size);
      }
    );
  });

  describe('bad input changes nothing', () => {
    const overlapping = {
      ...LADDER,
      tiers: [LADDER.tiers[0], { ...LADDER.tiers[1], level: 1 }],
    };
    const unknownRule = {
      ...LADDER,
      tiers: [
        {
          ...LADDER.tiers[0],
          conditions: { anyOf: [{ rules: ['no-swim'], minCount: 1 }] },
        },
      ],
    };
    const cases: [
      string,
      () => Promise<{ statusCode: number; json: () => { code: string } }>,
      number,
      string,
    ][] = [
      ['overlapping tiers', () => putLadder(overlapping), 422, 'UNPROCESSABLE'],
      [
        'a rule the agreement lacks',
        () => putLadder(unknownRule),
        422,
        'UNPROCESSABLE',
      ],
      [
        'a ladder that is not one',
        () => putLadder({ id: 'x' }),
        422,
        'UNPROCESSABLE',
      ],
      [
        'a decision without a reason',
        () => decide({ ...DECISION, reason: '' }),
        400,
        'BODY_SCHEMA',
      ],
      [
        'a decision without a remedy',
        () => decide({ attribution: DECISION.attribution, reason: 'r' }),
        400,
        'BODY_SCHEMA',
      ],
      [
        'a probability over 1',
        () =>
          decide({ ...DECISION, attribution: { party: 'B', probability: 2 } }),
        400,
        'BODY_SCHEMA',
      ],
      [
        'a party the agreement lacks',
        () => decide({ ...DECISION, attribution: { party: 'C' } }),
        400,
        'BODY_SCHEMA',
      ],
      [
        'an unknown finding',
        async () =>
          log.app.inject({
            method: 'POST',
            url: `/v1/findings/${'0'.repeat(64)}/decision`,
            headers: auth(await log.token('commission')),
            payload: DECISION,
          }),
        404,
        'NOT_FOUND',
      ],
    ];

    it.each(cases)('refuses %s', async (_d, send, status, code) => {
      const size = await log.size();
      const res = await send();
      expect(res.statusCode).toBe(status);
      expect(res.json().code).toBe(code);
      expect(await log.size()).toBe(size);
      expect(log.services.response.decisions).toEqual([]);
    });

    it('refuses a ladder version not above the logged one with 409', async () => {
      await putLadder(LADDER);
      await log.services.response.settled();
      const size = await log.size();
      const res = await putLadder({ ...LADDER, title: 'again' });
      expect(res.statusCode).toBe(409);
      expect(await log.size()).toBe(size);
    });
  });
});
