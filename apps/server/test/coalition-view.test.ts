import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coalitionResponseSchema } from '@truce/protocol';
import {
  FRANCE,
  call as callLog,
  pledge,
  seed as seedLog,
} from './coalition-fixture.js';
import type { TestLog } from './helpers.js';
import { createTestLog } from './helpers.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';

let log: TestLog;
beforeEach(async () => {
  log = await createTestLog();
});
afterEach(async () => {
  await log.close();
});

const call = (
  ...args: [method: 'POST' | 'GET', url: string, body?: unknown, token?: string]
) => callLog(log, ...args);
const seed = () => seedLog(log);

describe('GET /v1/coalition', () => {
  it('is public and serves members, pledges with state and history', async () => {
    const empty = await call('GET', '/v1/coalition');
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ version: 'empty', members: [] });

    await seed();
    const guarantor = await log.token('guarantor', 'FRA');
    const moves = ['approval_pending', 'approved', 'ready'];
    for (const to of moves) {
      const res = await call(
        'POST',
        '/v1/pledges/fra-air-defence/transitions',
        { to, reason: `now ${to}` },
        guarantor
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ pledge: { state: to } });
    }
    const res = await call('GET', '/v1/coalition');
    const body = coalitionResponseSchema.parse(res.json());
    expect(body.members).toEqual([FRANCE]);
    const [view] = body.pledges;
    expect(view).toMatchObject({
      ...pledge(),
      approval: {
        ...pledge().approval,
        status: 'approved',
        date: '2026-12-01',
      },
      state: 'ready',
      registeredIndex: 1,
    });
    expect(view!.history.map((h) => [h.index, h.from, h.to, h.reason])).toEqual(
      [
        [2, 'pledged', 'approval_pending', 'now approval_pending'],
        [3, 'approval_pending', 'approved', 'now approved'],
        [4, 'approved', 'ready', 'now ready'],
      ]
    );
    expect(body.version).toBe('log-4');
    expect(body.delivered).toEqual([]);
    expect(body.source).toBeNull();
    expect(body.sourceRelease).toBeNull();
    expect((await call('GET', '/v1/pledges/fra-air-defence')).json()).toEqual(
      view
    );
    expect((await call('GET', '/v1/pledges/nope')).statusCode).toBe(404);
  });

  it('logs one of two moves sent at once from the same state, and refuses the other', async () => {
    await seed();
    const guarantor = await log.token('guarantor', 'FRA');
    const size = await log.size();
    const send = (reason: string) =>
      call(
        'POST',
        '/v1/pledges/fra-air-defence/transitions',
        { from: 'pledged', to: 'approval_pending', reason },
        guarantor
      );
    const answers = await Promise.all([send('first'), send('second')]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect(await log.size()).toBe(size + 1);
    const view = (await call('GET', '/v1/pledges/fra-air-defence')).json<{
      history: unknown[];
    }>();
    expect(view.history).toHaveLength(1);
  });

  it('is rebuilt from the log after a restart', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    const first = await createTestLog({ store });
    const admin = await first.token('admin');
    const post = (url: string, body: unknown) =>
      first.app.inject({
        method: 'POST',
        url,
        payload: body as object,
        headers: { authorization: `Bearer ${admin}` },
      });
    await post('/v1/coalition/members', FRANCE);
    await post('/v1/pledges', pledge());
    await post('/v1/pledges/fra-air-defence/transitions', {
      to: 'withdrawn',
      reason: 'mandate lapsed',
    });
    const before = (
      await first.app.inject({ method: 'GET', url: '/v1/coalition' })
    ).json();
    await first.close();
    const again = await createTestLog({ store });
    try {
      const res = await again.app.inject({
        method: 'GET',
        url: '/v1/coalition',
      });
      expect(res.json()).toEqual(before);
      expect(before).toMatchObject({ pledges: [{ state: 'withdrawn' }] });
    } finally {
      await again.close();
      await store.close();
    }
  });
});
