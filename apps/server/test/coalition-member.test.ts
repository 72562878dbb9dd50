import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  call as callLog,
  pledge,
  seed as seedLog,
} from './coalition-fixture.js';
import type { TestLog } from './helpers.js';
import { createTestLog } from './helpers.js';

// A guarantor token acts for the one member it is bound to; admin for all.

let log: TestLog;
beforeEach(async () => {
  log = await createTestLog();
  await seedLog(log);
  const admin = await log.token('admin');
  const germany = { iso3: 'DEU', name: 'Germany', role: 'contributor' };
  const res = await callLog(
    log,
    'POST',
    '/v1/coalition/members',
    germany,
    admin
  );
  if (res.statusCode !== 201) throw new Error(res.body);
});
afterEach(async () => {
  await log.close();
});

const register = (token: string, member: string) =>
  callLog(
    log,
    'POST',
    '/v1/pledges',
    pledge(`${member.toLowerCase()}-1`, member),
    token
  );
const move = (token: string) =>
  callLog(
    log,
    'POST',
    '/v1/pledges/fra-air-defence/transitions',
    { to: 'approval_pending', reason: 'asked' },
    token
  );

/** Sends a write, expects it refused 403 MEMBER_FORBIDDEN, and nothing logged. */
async function refused(
  send: () => Promise<{ statusCode: number; json: <T>() => T }>,
  message: RegExp
) {
  const size = await log.size();
  const before = (await callLog(log, 'GET', '/v1/coalition')).json();
  const res = await send();
  expect(res.statusCode).toBe(403);
  expect(res.json()).toMatchObject({ code: 'MEMBER_FORBIDDEN' });
  expect(res.json<{ message: string }>().message).toMatch(message);
  expect(await log.size()).toBe(size);
  expect((await callLog(log, 'GET', '/v1/coalition')).json()).toEqual(before);
}

describe('a guarantor token bound to a member', () => {
  it("registers and moves its own member's pledges", async () => {
    const france = await log.token('guarantor', 'FRA');
    expect((await register(france, 'FRA')).statusCode).toBe(201);
    const moved = await move(france);
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      pledge: { member: 'FRA', state: 'approval_pending' },
    });
  });

  it("may not register another member's pledge", async () => {
    const germany = await log.token('guarantor', 'DEU');
    await refused(() => register(germany, 'FRA'), /acts for DEU, not FRA/);
  });

  it("may not move another member's pledge", async () => {
    const germany = await log.token('guarantor', 'DEU');
    await refused(() => move(germany), /acts for DEU, not FRA/);
  });

  it('gets 404 for a pledge that does not exist, as anyone would', async () => {
    const germany = await log.token('guarantor', 'DEU');
    const res = await callLog(
      log,
      'POST',
      '/v1/pledges/nope/transitions',
      { to: 'withdrawn', reason: 'x' },
      germany
    );
    expect(res.statusCode).toBe(404);
  });

  it('is checked after the body: a malformed pledge is 400, not 403', async () => {
    const germany = await log.token('guarantor', 'DEU');
    const res = await callLog(
      log,
      'POST',
      '/v1/pledges',
      { ...pledge('x', 'FRA'), quantity: -1 },
      germany
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BODY_SCHEMA' });
  });
});

describe('a guarantor token bound to no member (made before binding)', () => {
  it('may neither register nor move a pledge, and is told how to get one', async () => {
    const unbound = await log.token('guarantor');
    await refused(() => register(unbound, 'FRA'), /bound to no member/);
    await refused(() => move(unbound), /--member FRA/);
  });
});

describe('an admin token', () => {
  it('acts for every member, bound to none', async () => {
    const admin = await log.token('admin');
    expect((await register(admin, 'DEU')).statusCode).toBe(201);
    expect((await register(admin, 'FRA')).statusCode).toBe(201);
    expect((await move(admin)).statusCode).toBe(200);
  });
});
