import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SILENT_AFTER_S } from '@truce/core';
import { listSensorsResponseSchema } from '@truce/protocol';
import { SensorHealthTracker } from '../src/registry/sensor-health-tracker.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import type { TestLog } from './helpers.js';
import {
  NOW_MS,
  acousticPayload,
  createTestLog,
  makeSensor,
  signPayload,
} from './helpers.js';

const alpha = makeSensor('acoustic-001');
const beta = makeSensor('acoustic-002', { position: [37.7, 48.1, 150] });

let log: TestLog;
beforeEach(async () => {
  log = await createTestLog({ sensors: [alpha, beta] });
});
afterEach(async () => {
  await log.close();
});

function heartbeat(sensor: string, seq: number, status: string, offsetMs = 0) {
  return {
    sensor,
    seq,
    time: new Date(NOW_MS + offsetMs).toISOString(),
    kind: 'heartbeat',
    heartbeat: { status },
  };
}

async function submit(...payloads: Record<string, unknown>[]) {
  const res = await log.app.inject({
    method: 'POST',
    url: '/v1/observations',
    payload: { envelopes: payloads.map((p) => signPayload(p, alpha.seed)) },
  });
  expect(res.statusCode).toBe(200);
  return res.json().results as { status: string }[];
}

async function healthOf(id: string) {
  const res = await log.app.inject({ method: 'GET', url: '/v1/sensors' });
  expect(res.statusCode).toBe(200);
  const body = listSensorsResponseSchema.parse(res.json());
  return body.sensors.find((s) => s.id === id)?.health;
}

describe('GET /v1/sensors health', () => {
  it('is silent with no last-seen time before a sensor reports', async () => {
    expect(await healthOf('acoustic-001')).toEqual({
      status: 'silent',
      lastSeen: null,
    });
  });

  it('is ok with the observation time once the sensor reports', async () => {
    await submit(acousticPayload('acoustic-001', 0, -5000));
    expect(await healthOf('acoustic-001')).toEqual({
      status: 'ok',
      lastSeen: new Date(NOW_MS - 5000).toISOString(),
    });
    // Another sensor's report says nothing about this one.
    expect((await healthOf('acoustic-002'))?.status).toBe('silent');
  });

  it.each([
    ['ok', 'ok'],
    ['low_power', 'degraded'],
    ['jamming', 'jammed'],
    ['tamper', 'tampered'],
  ])('reads a %s heartbeat as %s', async (beat, status) => {
    await submit(heartbeat('acoustic-001', 0, beat, -1000));
    expect(await healthOf('acoustic-001')).toEqual({
      status,
      lastSeen: new Date(NOW_MS - 1000).toISOString(),
      lastHeartbeat: {
        time: new Date(NOW_MS - 1000).toISOString(),
        seq: 0,
        status: beat,
      },
    });
  });

  it('keeps the last heartbeat while later readings move last seen', async () => {
    await submit(
      heartbeat('acoustic-001', 0, 'jamming', -2000),
      acousticPayload('acoustic-001', 1, -1000)
    );
    const health = await healthOf('acoustic-001');
    expect(health?.status).toBe('jammed');
    expect(health?.lastSeen).toBe(new Date(NOW_MS - 1000).toISOString());
    expect(health?.lastHeartbeat?.seq).toBe(0);

    await submit(heartbeat('acoustic-001', 2, 'ok'));
    expect((await healthOf('acoustic-001'))?.status).toBe('ok');
  });

  it('turns silent once the sensor is quiet past the limit', async () => {
    await submit(acousticPayload('acoustic-001', 0));
    log.clock.nowMs = NOW_MS + DEFAULT_SILENT_AFTER_S * 1000;
    expect((await healthOf('acoustic-001'))?.status).toBe('ok');
    log.clock.nowMs += 1;
    expect(await healthOf('acoustic-001')).toEqual({
      status: 'silent',
      lastSeen: new Date(NOW_MS).toISOString(),
    });
  });

  it('ignores observations that were refused', async () => {
    const forged = signPayload(
      heartbeat('acoustic-001', 0, 'tamper'),
      beta.seed,
      'acoustic-001'
    );
    const res = await log.app.inject({
      method: 'POST',
      url: '/v1/observations',
      payload: { envelopes: [forged] },
    });
    expect(res.json().results[0].status).toBe('rejected');
    expect(await healthOf('acoustic-001')).toEqual({
      status: 'silent',
      lastSeen: null,
    });
  });

  it('is revoked once the sensor is revoked, whatever it said', async () => {
    await submit(heartbeat('acoustic-001', 0, 'ok'));
    const res = await log.app.inject({
      method: 'POST',
      url: '/v1/sensors/acoustic-001/revoke',
      payload: { reason: 'captured' },
      headers: { authorization: `Bearer ${await log.token('admin')}` },
    });
    expect(res.statusCode).toBe(200);
    const health = await healthOf('acoustic-001');
    expect(health?.status).toBe('revoked');
    expect(health?.lastHeartbeat?.status).toBe('ok');
  });

  it('is on GET /v1/sensors/{id} too', async () => {
    await submit(heartbeat('acoustic-001', 0, 'low_power'));
    const res = await log.app.inject({
      method: 'GET',
      url: '/v1/sensors/acoustic-001',
    });
    expect(res.json().health.status).toBe('degraded');
  });
});

describe('after a restart', () => {
  // Beta reports, then alpha says it is jammed, then alpha reports.
  async function loggedStore() {
    const store = createSqliteStore({ path: ':memory:' });
    const first = await createTestLog({ store, sensors: [alpha, beta] });
    const res = await first.app.inject({
      method: 'POST',
      url: '/v1/observations',
      payload: {
        envelopes: [
          signPayload(acousticPayload('acoustic-002', 0, -3000), beta.seed),
          signPayload(
            heartbeat('acoustic-001', 0, 'jamming', -2000),
            alpha.seed
          ),
          signPayload(acousticPayload('acoustic-001', 1, -1000), alpha.seed),
        ],
      },
    });
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(
      ['accepted', 'accepted', 'accepted']
    );
    await first.close();
    return store;
  }
  const at = (offsetMs: number) => new Date(NOW_MS + offsetMs).toISOString();

  it("reads each sensor's last report and heartbeat back from the log", async () => {
    const store = await loggedStore();
    const again = await createTestLog({ store, sensors: [alpha, beta] });
    try {
      const res = await again.app.inject({ method: 'GET', url: '/v1/sensors' });
      const health = Object.fromEntries(
        listSensorsResponseSchema
          .parse(res.json())
          .sensors.map((s) => [s.id, s.health])
      );
      expect(health).toEqual({
        'acoustic-001': {
          status: 'jammed',
          lastSeen: at(-1000),
          lastHeartbeat: { time: at(-2000), seq: 0, status: 'jamming' },
        },
        'acoustic-002': { status: 'ok', lastSeen: at(-3000) },
      });
    } finally {
      await again.close();
      await store.close();
    }
  });

  it.each([
    [
      1,
      { status: 'ok', lastSeen: at(-1000) },
      { status: 'silent', lastSeen: null },
    ],
    [
      2,
      { status: 'jammed', lastSeen: at(-1000) },
      { status: 'silent', lastSeen: null },
    ],
    [
      3,
      { status: 'jammed', lastSeen: at(-1000) },
      { status: 'ok', lastSeen: at(-3000) },
    ],
  ])(
    'reads back no further than its limit (%i entries)',
    async (limit, a, b) => {
      const store = await loggedStore();
      try {
        const tracker = new SensorHealthTracker({ refillMaxEntries: limit });
        await tracker.refill(store, ['acoustic-001', 'acoustic-002']);
        expect(tracker.health('acoustic-001', false, NOW_MS)).toMatchObject(a);
        expect(tracker.health('acoustic-002', false, NOW_MS)).toMatchObject(b);
      } finally {
        await store.close();
      }
    }
  );
});
