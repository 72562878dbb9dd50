import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeLogEntry } from '@truce/core';
import type { Role } from '@truce/protocol';
import { ROLES } from '@truce/protocol';
import { logAgreementFile } from '../src/main.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import type { LogStore } from '../src/storage/store.js';
import type { TestLog } from './helpers.js';
import { createTestLog } from './helpers.js';
import { AGREEMENT } from './findings-scene.js';

const V2 = { ...AGREEMENT, version: 2, title: 'Test ceasefire, amended' };

let log: TestLog;
let closed = false;
beforeEach(() => {
  closed = false;
});
afterEach(async () => {
  if (!closed) await log.close();
});

async function post(body: unknown, role: Role | null = 'admin') {
  return log.app.inject({
    method: 'POST',
    url: '/v1/agreements',
    payload: body as object,
    headers:
      role === null ? {} : { authorization: `Bearer ${await log.token(role)}` },
  });
}

describe('GET /v1/agreements/current', () => {
  it('answers 404 NOT_FOUND before any agreement is logged', async () => {
    log = await createTestLog();
    const res = await log.app.inject({ url: '/v1/agreements/current' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });

  it('returns the agreement given at start and the index of its entry', async () => {
    log = await createTestLog({ agreement: AGREEMENT });
    const res = await log.app.inject({ url: '/v1/agreements/current' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ index: 0, agreement: AGREEMENT });
    const [bytes] = await log.services.store.readEntries(0, 1);
    expect(decodeLogEntry(bytes!)).toMatchObject({
      type: 'agreement',
      actor: 'test',
      agreement: AGREEMENT,
    });
  });
});

describe('POST /v1/agreements', () => {
  beforeEach(async () => {
    log = await createTestLog({ agreement: AGREEMENT });
  });

  it('logs a higher version, which is then in force', async () => {
    const size = await log.size();
    const res = await post(V2);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ index: size });
    const current = await log.app.inject({ url: '/v1/agreements/current' });
    expect(current.json()).toEqual({ index: size, agreement: V2 });
  });

  it.each([
    ['the same version', [], AGREEMENT],
    ['a lower version', [V2], AGREEMENT],
  ])('answers 409 CONFLICT for %s', async (_name, before, body) => {
    for (const earlier of before) await post(earlier);
    const size = await log.size();
    const res = await post(body);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CONFLICT');
    expect(await log.size()).toBe(size);
  });

  it('refuses a version below one logged before, even after another id', async () => {
    await post(V2);
    await post({ ...AGREEMENT, id: 'other-ceasefire' });
    const res = await post(AGREEMENT);
    expect(res.statusCode).toBe(409);
  });

  it.each([
    ['no parties', { ...V2, parties: [] }, 'PARTIES_NOT_TWO'],
    [
      'an unknown rule kind',
      { ...V2, rules: [{ id: 'x', kind: 'y' }] },
      'RULE_KIND_UNKNOWN',
    ],
    [
      'a left party that is not a party',
      { ...V2, leftParty: 'C' },
      'LEFT_PARTY_UNKNOWN',
    ],
    ['a JSON array', [V2], 'AGREEMENT_MALFORMED'],
  ])(
    'answers 400 BODY_SCHEMA naming the issue for %s',
    async (_name, body, issue) => {
      const size = await log.size();
      const res = await post(body);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('BODY_SCHEMA');
      expect(res.json().message).toContain(issue);
      expect(await log.size()).toBe(size);
    }
  );

  it.each(ROLES.filter((r) => r !== 'admin'))(
    'answers 403 FORBIDDEN to a %s token',
    async (role) => {
      const res = await post(V2, role);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
  );

  it('answers 401 UNAUTHORIZED without a token', async () => {
    const res = await post(V2, null);
    expect(res.statusCode).toBe(401);
  });
});

describe('the agreement file at start', () => {
  let store: LogStore;
  beforeEach(() => {
    store = createSqliteStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await log.close();
    closed = true;
    await store.close();
  });

  async function restartWith(agreement: unknown) {
    await log.close();
    log = await createTestLog({ store, agreement });
  }

  it('is not logged again when the log already holds it', async () => {
    log = await createTestLog({ store, agreement: AGREEMENT });
    const size = await log.size();
    await restartWith(structuredClone(AGREEMENT));
    expect(await log.size()).toBe(size);
  });

  it('is logged when it is a new version', async () => {
    log = await createTestLog({ store, agreement: AGREEMENT });
    const size = await log.size();
    await restartWith(V2);
    expect(await log.size()).toBe(size + 1);
    expect(log.services.agreements.current?.index).toBe(size);
  });

  it.each([
    ['changed under the same version', { ...AGREEMENT, title: 'Edited' }],
    ['an older version than the one logged', AGREEMENT],
  ])('is refused with CONFLICT when %s', async (_name, agreement) => {
    log = await createTestLog({ store, agreement: V2 });
    await log.close();
    await expect(createTestLog({ store, agreement })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    log = await createTestLog({ store });
  });
});

describe('logAgreementFile (serve --agreement FILE)', () => {
  let dir: string;
  const logger = { info: () => {} };
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'truce-agreement-'));
    log = await createTestLog();
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs the agreement of the file once', async () => {
    const path = join(dir, 'agreement.json');
    writeFileSync(path, JSON.stringify(AGREEMENT));
    const index = await logAgreementFile(log.services, path, logger);
    expect(await logAgreementFile(log.services, path, logger)).toBe(index);
    expect(log.services.agreements.current?.index).toBe(index);
    expect(await log.size()).toBe(index + 1);
  });

  it.each([
    ['a missing file', undefined, 'cannot read agreement file'],
    ['a file that is not JSON', '{', 'cannot read agreement file'],
    ['an invalid agreement', '{"id":"x"}', 'AGREEMENT_MALFORMED'],
  ])('fails with the file named for %s', async (_name, text, message) => {
    const path = join(dir, 'agreement.json');
    if (text !== undefined) writeFileSync(path, text);
    await expect(logAgreementFile(log.services, path, logger)).rejects.toThrow(
      message
    );
  });
});
