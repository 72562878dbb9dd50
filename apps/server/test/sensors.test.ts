import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { base64Encode, decodeLogEntry, ed25519PublicKey } from '@truce/core';
import type { Role } from '@truce/protocol';
import { ROLES } from '@truce/protocol';
import type { TestLog } from './helpers.js';
import {
  acousticPayload,
  createTestLog,
  makeSensor,
  seedFrom,
  signPayload,
} from './helpers.js';

let log: TestLog;
beforeEach(async () => {
  log = await createTestLog();
});
afterEach(async () => {
  await log.close();
});

const sensor = makeSensor('radar-007', { kind: 'radar', operator: 'UKR' });

async function call(
  method: 'POST' | 'GET',
  url: string,
  body?: unknown,
  token?: string
) {
  return log.app.inject({
    method,
    url,
    ...(body === undefined ? {} : { payload: body as object }),
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
}

describe('POST /v1/sensors', () => {
  const allowed: Record<Role, boolean> = {
    admin: true,
    analyst: false,
    commission: false,
    guarantor: false,
  };

  describe.each(ROLES)('with a %s token', (role) => {
    it(
      allowed[role]
        ? 'registers the sensor (201)'
        : 'is refused with 403 FORBIDDEN',
      async () => {
        const size = await log.size();
        const res = await call(
          'POST',
          '/v1/sensors',
          sensor.record,
          await log.token(role)
        );
        if (allowed[role]) {
          expect(res.statusCode).toBe(201);
          expect(res.json().index).toBe(size);
          expect(await log.size()).toBe(size + 1);
        } else {
          expect(res.statusCode).toBe(403);
          expect(res.json().code).toBe('FORBIDDEN');
          expect(await log.size()).toBe(size);
        }
      }
    );
  });

  it.each([
    ['no token', undefined],
    ['a malformed token', 'hello'],
    ['an unknown token', `truce_AAAAAAAA_${'A'.repeat(43)}`],
  ])('answers 401 UNAUTHORIZED with %s', async (_desc, token) => {
    const size = await log.size();
    const res = await call('POST', '/v1/sensors', sensor.record, token);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHORIZED');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(await log.size()).toBe(size);
  });

  it('refuses a revoked token', async () => {
    const token = await log.token('admin');
    const [stored] = await log.services.store.listTokens();
    await log.services.store.revokeToken(stored!.id);
    const res = await call('POST', '/v1/sensors', sensor.record, token);
    expect(res.statusCode).toBe(401);
  });

  it('logs the registration as a canonical entry naming the token', async () => {
    const res = await call(
      'POST',
      '/v1/sensors',
      sensor.record,
      await log.token('admin')
    );
    const [bytes] = await log.services.store.readEntries(
      res.json().index,
      res.json().index + 1
    );
    const entry = decodeLogEntry(bytes!);
    expect(entry).toMatchObject({
      type: 'sensor_registered',
      sensor: sensor.record,
      actor: expect.stringMatching(/^token:/),
      time: '2026-12-01T00:00:00Z',
    });
  });

  it.each([
    [
      'a record with an unknown field',
      { ...sensor.record, colour: 'red' },
      400,
      'BODY_SCHEMA',
    ],
    [
      'a key that is not 32 bytes',
      { ...sensor.record, publicKey: 'AAAA' },
      400,
      'BODY_SCHEMA',
    ],
    [
      'a position off the globe',
      { ...sensor.record, position: [200, 10] },
      400,
      'BODY_SCHEMA',
    ],
  ])(
    'rejects %s with %i %s and logs nothing',
    async (_desc, body, status, code) => {
      const size = await log.size();
      const res = await call(
        'POST',
        '/v1/sensors',
        body,
        await log.token('admin')
      );
      expect(res.statusCode).toBe(status);
      expect(res.json().code).toBe(code);
      expect(await log.size()).toBe(size);
    }
  );

  it('answers 409 CONFLICT for a sensor id already registered', async () => {
    const admin = await log.token('admin');
    await call('POST', '/v1/sensors', sensor.record, admin);
    const size = await log.size();
    const res = await call('POST', '/v1/sensors', sensor.record, admin);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CONFLICT');
    expect(await log.size()).toBe(size);
  });
});

describe('key rotation and revocation', () => {
  const acoustic = makeSensor('acoustic-001');
  const newSeed = seedFrom('acoustic-001 second key');

  async function send(seq: number, seed: Uint8Array) {
    const res = await call('POST', '/v1/observations', {
      envelopes: [signPayload(acousticPayload('acoustic-001', seq), seed)],
    });
    return res.json().results[0];
  }

  it('accepts only the new key after a rotation and nothing after a revocation', async () => {
    const admin = await log.token('admin');
    await call('POST', '/v1/sensors', acoustic.record, admin);
    expect((await send(0, acoustic.seed)).status).toBe('accepted');

    const rotate = await call(
      'POST',
      '/v1/sensors/acoustic-001/rotate',
      { publicKey: base64Encode(ed25519PublicKey(newSeed)) },
      admin
    );
    expect(rotate.statusCode).toBe(200);
    expect((await send(1, acoustic.seed)).code).toBe('SIGNATURE_INVALID');
    expect((await send(1, newSeed)).status).toBe('accepted');

    const status = (await call('GET', '/v1/sensors/acoustic-001')).json();
    expect(status.keys).toHaveLength(2);
    expect(status.keys[1].fromIndex).toBe(rotate.json().index);

    const revoke = await call(
      'POST',
      '/v1/sensors/acoustic-001/revoke',
      { reason: 'captured' },
      admin
    );
    expect(revoke.statusCode).toBe(200);
    expect((await send(2, newSeed)).code).toBe('SENSOR_REVOKED');
    expect((await call('GET', '/v1/sensors/acoustic-001')).json().revoked).toBe(
      true
    );
  });

  it.each([
    [
      'rotating an unknown sensor',
      '/v1/sensors/nope/rotate',
      { publicKey: base64Encode(ed25519PublicKey(newSeed)) },
      404,
      'NOT_FOUND',
    ],
    [
      'revoking an unknown sensor',
      '/v1/sensors/nope/revoke',
      { reason: 'x' },
      404,
      'NOT_FOUND',
    ],
    [
      'revoking without a reason',
      '/v1/sensors/acoustic-001/revoke',
      {},
      400,
      'BODY_SCHEMA',
    ],
    [
      'rotating to the same key',
      '/v1/sensors/acoustic-001/rotate',
      { publicKey: acoustic.record.publicKey },
      409,
      'CONFLICT',
    ],
    [
      'rotating to a malformed key',
      '/v1/sensors/acoustic-001/rotate',
      { publicKey: '!!' },
      400,
      'BODY_SCHEMA',
    ],
  ])(
    'rejects %s with %i %s and logs nothing',
    async (_desc, url, body, status, code) => {
      const admin = await log.token('admin');
      await call('POST', '/v1/sensors', acoustic.record, admin);
      const size = await log.size();
      const res = await call('POST', url, body, admin);
      expect(res.statusCode).toBe(status);
      expect(res.json().code).toBe(code);
      expect(await log.size()).toBe(size);
    }
  );

  it('needs an admin token for rotation and revocation', async () => {
    const admin = await log.token('admin');
    await call('POST', '/v1/sensors', acoustic.record, admin);
    const analyst = await log.token('analyst');
    const res = await call(
      'POST',
      '/v1/sensors/acoustic-001/revoke',
      { reason: 'x' },
      analyst
    );
    expect(res.statusCode).toBe(403);
  });
});

describe('GET /v1/sensors', () => {
  it('is public and lists every sensor with its status', async () => {
    await call('POST', '/v1/sensors', sensor.record, await log.token('admin'));
    const res = await call('GET', '/v1/sensors');
    expect(res.statusCode).toBe(200);
    expect(res.json().sensors).toEqual([
      expect.objectContaining({
        id: 'radar-007',
        revoked: false,
        record: sensor.record,
      }),
    ]);
  });

  it('answers 404 for an unknown sensor', async () => {
    const res = await call('GET', '/v1/sensors/none');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });
});
