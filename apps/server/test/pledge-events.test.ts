import { afterEach, describe, expect, it, vi } from 'vitest';
import { call, pledge, seed } from './coalition-fixture.js';
import type { TestLog } from './helpers.js';
import { createTestLog } from './helpers.js';
import { connectSse } from './sse-client.js';
import { startReceiver } from './webhook-receiver.js';

// Pledge registrations and moves as `pledge` events (docs/alerts.md).

const SECRET = 'whsec_pledge_test_0123456789';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function listening(): Promise<{ log: TestLog; address: string }> {
  const log = await createTestLog();
  cleanups.push(() => log.close());
  await seed(log);
  const address = await log.app.listen({ host: '127.0.0.1', port: 0 });
  return { log, address };
}

/** The next frame of `sse` that names an event. */
async function nextEvent(sse: Awaited<ReturnType<typeof connectSse>>) {
  for (;;) {
    const frame = await sse.next();
    if (frame.event !== undefined) return frame;
  }
}

describe('pledge events', () => {
  it('a registration and each move reach an SSE client as `pledge`, with their log index', async () => {
    const { log, address } = await listening();
    const sse = await connectSse(`${address}/v1/events?types=pledge`);
    cleanups.push(async () => sse.close());
    expect(sse.status).toBe(200);
    const guarantor = await log.token('guarantor', 'FRA');

    const registered = await call(
      log,
      'POST',
      '/v1/pledges',
      pledge('fra-2'),
      guarantor
    );
    const first = await nextEvent(sse);
    expect(first.event).toBe('pledge');
    expect(first.id).toMatch(/^[0-9]+$/);
    expect(JSON.parse(first.data!)).toEqual({
      pledgeId: 'fra-2',
      member: 'FRA',
      from: null,
      to: 'pledged',
      index: registered.json<{ index: number }>().index,
    });

    const moved = await call(
      log,
      'POST',
      '/v1/pledges/fra-2/transitions',
      { to: 'approval_pending', reason: 'Conseil de défense asked' },
      guarantor
    );
    const second = await nextEvent(sse);
    expect(JSON.parse(second.data!)).toEqual({
      pledgeId: 'fra-2',
      member: 'FRA',
      from: 'pledged',
      to: 'approval_pending',
      index: moved.json<{ index: number }>().index,
    });
    expect(Number(second.id)).toBeGreaterThan(Number(first.id));
  });

  it('a refused move publishes nothing', async () => {
    const { log } = await listening();
    const seen: string[] = [];
    log.services.events.subscribe((e) => seen.push(e.type));
    const refused = await call(
      log,
      'POST',
      '/v1/pledges/fra-air-defence/transitions',
      { to: 'delivered', reason: 'too soon' },
      await log.token('admin')
    );
    expect(refused.statusCode).toBe(409);
    expect(seen.filter((t) => t === 'pledge')).toEqual([]);
  });

  it('`pledge` is a known name for ?types= and for webhook subscriptions', async () => {
    const { log, address } = await listening();
    const bad = await connectSse(`${address}/v1/events?types=pledge,pledges`);
    cleanups.push(async () => bad.close());
    expect(bad.status).toBe(400);

    const receiver = await startReceiver({
      secret: SECRET,
      nowSeconds: () => Math.floor(log.clock.nowMs / 1000),
    });
    cleanups.push(() => receiver.close());
    const admin = await log.token('admin');
    const created = await call(
      log,
      'POST',
      '/v1/webhooks',
      { url: receiver.url, secret: SECRET, types: ['pledge'] },
      admin
    );
    expect(created.statusCode).toBe(201);
    await call(
      log,
      'POST',
      '/v1/pledges/fra-air-defence/transitions',
      { to: 'withdrawn', reason: 'the offer lapsed' },
      admin
    );
    await vi.waitFor(() => expect(receiver.effects).toHaveLength(1));
    expect(receiver.effects[0]!.body).toMatchObject({
      type: 'pledge',
      data: { pledgeId: 'fra-air-defence', from: 'pledged', to: 'withdrawn' },
    });
  });
});
