import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './helpers.js';
import { runCli, startTestServer } from './helpers.js';

// `truce token create --member`: a guarantor token acts for one member.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const create = (...flags: string[]) =>
  runCli(['token', 'create', '--data', server.dataDir, ...flags]);

async function post(path: string, body: unknown, token: string) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { code?: string } };
}

const pledge = (id: string, member: string) => ({
  id,
  member,
  type: 'finance',
  quantity: 1,
  unit: 'EUR bn',
  conditions: 'test',
  capability: 'sanctions_snapback',
  approval: { procedure: 'none', status: 'approved', leadTimeDays: 0 },
  illustrative: true,
});

describe('truce token create --role guarantor --member', () => {
  it("stores the member, lists it, and the token writes that member's pledges only", async () => {
    const made = await create('--role', 'guarantor', '--member', 'DEU');
    expect(made.code).toBe(0);
    expect(made.stderr).toContain('(role guarantor for member DEU)');
    const secret = made.stdout.trim();
    const id = /^truce_([A-Za-z0-9_-]{8})_/.exec(secret)![1]!;

    const listed = await runCli(['token', 'list', '--data', server.dataDir]);
    expect(listed.stdout).toMatch(/\bMEMBER\b/);
    expect(listed.stdout).toMatch(
      new RegExp(`^${id}\\s+guarantor\\s.*active\\s+DEU\\s`, 'm')
    );

    const admin = (await create('--role', 'admin')).stdout.trim();
    for (const [iso3, name] of [
      ['DEU', 'Germany'],
      ['FRA', 'France'],
    ]) {
      const member = { iso3, name, role: 'contributor' };
      expect((await post('/v1/coalition/members', member, admin)).status).toBe(
        201
      );
    }
    expect(
      (await post('/v1/pledges', pledge('deu-x', 'DEU'), secret)).status
    ).toBe(201);
    const other = await post('/v1/pledges', pledge('fra-x', 'FRA'), secret);
    expect(other).toEqual({
      status: 403,
      body: expect.objectContaining({ code: 'MEMBER_FORBIDDEN' }),
    });
  });

  it.each([
    ['a guarantor without --member', ['--role', 'guarantor'], '--member ISO3'],
    [
      'a member that is not alpha-3',
      ['--role', 'guarantor', '--member', 'deu'],
      'ISO 3166-1 alpha-3',
    ],
    [
      '--member on another role',
      ['--role', 'admin', '--member', 'DEU'],
      'guarantor tokens only',
    ],
  ])('refuses %s: exit 2, no token made', async (_name, flags, message) => {
    const before = await runCli(['token', 'list', '--data', server.dataDir]);
    const run = await create(...flags);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    const after = await runCli(['token', 'list', '--data', server.dataDir]);
    expect(after.stdout).toBe(before.stdout);
  });
});
