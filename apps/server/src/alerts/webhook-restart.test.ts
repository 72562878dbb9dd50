import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ManualTimer,
  NOW,
  cleanups,
  runCleanups,
  setup,
} from '../../test/webhook-kit.js';
import { EventBus } from '../events/event-bus.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { createWebhookStore } from './webhook-store.js';

afterEach(runCleanups);

const checkpoint = (size: number) =>
  ({ type: 'checkpoint', data: { size, rootHash: 'AAAA' } }) as const;

/** A dispatcher over `store` as a restarted server starts it, on a hand-fired timer. */
function startDispatcher(store: ReturnType<typeof createWebhookStore>) {
  const timer = new ManualTimer();
  const dispatcher = new WebhookDispatcher({
    store,
    events: new EventBus({ clock: () => NOW }),
    fetch,
    clock: () => NOW,
    random: () => 0.5,
    timer: timer.timer,
  });
  dispatcher.start();
  cleanups.push(() => dispatcher.stop());
  return { dispatcher, timer };
}

describe('WebhookDispatcher across restarts', () => {
  it('prunes settled deliveries past retention at start, never pending ones', () => {
    const store = createWebhookStore({ path: ':memory:' });
    cleanups.push(() => store.close());
    const add = (id: string, createdMs: number) =>
      store.addDelivery({
        id,
        webhookId: 'wh_1',
        eventType: 'tier',
        eventId: 1,
        body: '{}',
        createdMs,
        nextAtMs: createdMs,
      });
    add('old-done', NOW - 40 * 86_400_000);
    add('old-pending', NOW - 40 * 86_400_000);
    add('new-done', NOW - 86_400_000);
    for (const id of ['old-done', 'new-done']) {
      store.recordAttempt(
        {
          deliveryId: id,
          n: 1,
          atMs: NOW,
          durationMs: 1,
          status: 204,
          error: null,
        },
        { state: 'delivered', nextAtMs: null }
      );
    }
    const { timer } = startDispatcher(store);
    expect(store.delivery('old-done')).toBeUndefined();
    expect(store.attemptsOf('old-done')).toEqual([]);
    expect(store.delivery('old-pending')?.state).toBe('pending');
    expect(store.delivery('new-done')?.state).toBe('delivered');
    expect(timer.waiting).toHaveLength(1);
  });

  it('resumes a pending delivery after a restart, and acts on it once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'truce-webhooks-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'alerts.db');
    const first = await setup({
      modes: ['fail-500'],
      store: createWebhookStore({ path }),
    });
    first.bus.publish(checkpoint(8));
    await first.step();
    await first.dispatcher.stop();
    first.store.close();

    const store = createWebhookStore({ path });
    cleanups.push(() => store.close());
    const [pending] = store.pendingDeliveries();
    expect(pending).toMatchObject({ attempts: 1, state: 'pending' });
    const { dispatcher: again, timer } = startDispatcher(store);
    expect(timer.waiting.map((w) => w.delayMs)).toEqual([
      pending!.nextAtMs! - NOW,
    ]);
    timer.fireAll();
    await again.settled();
    expect(first.receiver.requests).toHaveLength(2);
    expect(first.receiver.effects).toHaveLength(1);
    expect(store.delivery(pending!.id)).toMatchObject({
      state: 'delivered',
      attempts: 2,
    });
    expect(store.attemptsOf(pending!.id).map((a) => a.status)).toEqual([
      500, 204,
    ]);
  });
});
