import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeLogEntry } from '@truce/core';
import type { Role } from '@truce/protocol';
import { ROLES } from '@truce/protocol';
import {
  FRANCE,
  call as callLog,
  pledge,
  seed as seedLog,
} from './coalition-fixture.js';
import type { TestLog } from './helpers.js';
import { createTestLog } from './helpers.js';

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

/** Every write endpoint, the roles it allows, and a valid request for it. */
const ENDPOINTS: {
  name: string;
  url: string;
  body: unknown;
  allowed: Role[];
  status: number;
}[] = [
  {
    name: 'POST /v1/coalition/members',
    url: '/v1/coalition/members',
    body: { iso3: 'DEU', name: 'Germany', role: 'contributor' },
    allowed: ['admin'],
    status: 201,
  },
  {
    name: 'POST /v1/pledges',
    url: '/v1/pledges',
    body: pledge('fra-troops'),
    allowed: ['admin', 'guarantor'],
    status: 201,
  },
  {
    name: 'POST /v1/pledges/{id}/transitions',
    url: '/v1/pledges/fra-air-defence/transitions',
    body: { to: 'approval_pending', reason: 'Conseil de défense asked' },
    allowed: ['admin', 'guarantor'],
    status: 200,
  },
];

describe.each(ENDPOINTS)('$name', ({ url, body, allowed, status }) => {
  describe.each(ROLES)('with a %s token', (role) => {
    const ok = allowed.includes(role);
    it(
      ok
        ? `is logged (${status})`
        : 'is refused with 403 FORBIDDEN and logs nothing',
      async () => {
        await seed();
        const size = await log.size();
        // A guarantor acts for its own member only (see coalition-member.test.ts).
        const token = await log.token(
          role,
          role === 'guarantor' ? 'FRA' : undefined
        );
        const res = await call('POST', url, body, token);
        if (ok) {
          expect(res.statusCode).toBe(status);
          const { index } = res.json<{ index: number }>();
          expect(index).toBe(size);
          const [stored] = await log.services.store.readEntries(
            index,
            index + 1
          );
          const entry = decodeLogEntry(stored!) as { actor: string };
          // The token that made the change is named in the entry.
          expect(entry.actor).toMatch(/^token:[A-Za-z0-9_-]{8}$/);
          expect(token).toContain(`_${entry.actor.slice('token:'.length)}_`);
          expect(await log.size()).toBe(size + 1);
        } else {
          expect(res.statusCode).toBe(403);
          expect(res.json()).toMatchObject({ code: 'FORBIDDEN' });
          expect(await log.size()).toBe(size);
        }
      }
    );
  });

  it('without a token is refused with 401 UNAUTHORIZED and logs nothing', async () => {
    await seed();
    const size = await log.size();
    const res = await call('POST', url, body);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await log.size()).toBe(size);
  });
});

describe('bad input changes nothing', () => {
  const cases: [string, string, unknown, number, string][] = [
    [
      'a member with a lower-case code',
      '/v1/coalition/members',
      { ...FRANCE, iso3: 'fra' },
      400,
      'BODY_SCHEMA',
    ],
    [
      'a member with an unknown role',
      '/v1/coalition/members',
      { ...FRANCE, role: 'chair' },
      400,
      'BODY_SCHEMA',
    ],
    [
      'a pledge of a state that is not a member',
      '/v1/pledges',
      pledge('hun-1', 'HUN'),
      409,
      'CONFLICT',
    ],
    ['a pledge id registered before', '/v1/pledges', pledge(), 409, 'CONFLICT'],
    [
      'a pledge with a negative quantity',
      '/v1/pledges',
      { ...pledge('p2'), quantity: -1 },
      400,
      'BODY_SCHEMA',
    ],
    [
      'a pledge with an extra field',
      '/v1/pledges',
      { ...pledge('p2'), secret: 1 },
      400,
      'BODY_SCHEMA',
    ],
    [
      'a move that skips a state',
      '/v1/pledges/fra-air-defence/transitions',
      { to: 'ready', reason: 'x' },
      409,
      'CONFLICT',
    ],
    [
      'a move without a reason',
      '/v1/pledges/fra-air-defence/transitions',
      { to: 'approval_pending' },
      400,
      'BODY_SCHEMA',
    ],
    [
      'a move with an empty reason',
      '/v1/pledges/fra-air-defence/transitions',
      { to: 'approval_pending', reason: '' },
      400,
      'BODY_SCHEMA',
    ],
    [
      'a move to an unknown state',
      '/v1/pledges/fra-air-defence/transitions',
      { to: 'done', reason: 'x' },
      400,
      'BODY_SCHEMA',
    ],
    [
      'a move to approved before the approval',
      '/v1/pledges/fra-air-defence/transitions',
      { to: 'approved', reason: 'x' },
      409,
      'CONFLICT',
    ],
    [
      'a move from a state the pledge has left',
      '/v1/pledges/fra-air-defence/transitions',
      { from: 'approval_pending', to: 'approved', reason: 'x' },
      409,
      'CONFLICT',
    ],
    [
      'a move of a pledge never registered',
      '/v1/pledges/nope/transitions',
      { to: 'withdrawn', reason: 'x' },
      404,
      'NOT_FOUND',
    ],
  ];

  it.each(cases)('%s: %i', async (_name, url, body, status, code) => {
    await seed();
    const size = await log.size();
    const before = (await call('GET', '/v1/coalition')).json();
    const res = await call('POST', url, body, await log.token('admin'));
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ code });
    expect(await log.size()).toBe(size);
    expect((await call('GET', '/v1/coalition')).json()).toEqual(before);
  });

  it('a body that is not JSON: 400 BODY_MALFORMED', async () => {
    await seed();
    const size = await log.size();
    const res = await log.app.inject({
      method: 'POST',
      url: '/v1/pledges',
      payload: '{"id":',
      headers: {
        authorization: `Bearer ${await log.token('guarantor', 'FRA')}`,
        'content-type': 'application/json',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BODY_MALFORMED' });
    expect(await log.size()).toBe(size);
  });
});
