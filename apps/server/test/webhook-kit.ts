// Test kit for the webhook dispatcher: a loopback receiver, hand-fired
// timers, and one subscription to it.
import { expect, vi } from 'vitest';
import type { ReceiverMode } from './webhook-receiver.js';
import { startReceiver } from './webhook-receiver.js';
import { EventBus } from '../src/events/event-bus.js';
import type { DeliveryTimer } from '../src/alerts/webhook-dispatcher.js';
import { WebhookDispatcher } from '../src/alerts/webhook-dispatcher.js';
import type { WebhookStore } from '../src/alerts/webhook-store.js';
import { createWebhookStore } from '../src/alerts/webhook-store.js';

export const NOW = Date.UTC(2026, 11, 1, 12);
export const SECRET = 'whsec_test_0123456789abcdef';

/** A timer fired by hand: the test sees each delay and waits for none. */
export class ManualTimer {
  readonly waiting: { run: () => void; delayMs: number }[] = [];
  readonly timer: DeliveryTimer = (run, delayMs) => {
    const item = { run, delayMs };
    this.waiting.push(item);
    return () => {
      const at = this.waiting.indexOf(item);
      if (at >= 0) this.waiting.splice(at, 1);
    };
  };
  fireAll(): number[] {
    const due = this.waiting.splice(0);
    for (const item of due) item.run();
    return due.map((d) => d.delayMs);
  }
}

/** What each test opened; the test files close it in afterEach. */
export const cleanups: (() => Promise<void> | void)[] = [];

export async function runCleanups(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await c();
}

/**
 * A dispatcher over a loopback receiver, with hand-fired retry and
 * timeout timers and a fixed clock.
 */
export async function setup(options: {
  modes?: ReceiverMode[];
  store?: WebhookStore;
  maxAttempts?: number;
  concurrency?: number;
}) {
  const clock = { nowMs: NOW };
  const receiver = await startReceiver({
    secret: SECRET,
    nowSeconds: () => Math.floor(clock.nowMs / 1000),
    ...(options.modes === undefined ? {} : { modes: options.modes }),
  });
  cleanups.push(() => receiver.close());
  const store = options.store ?? createWebhookStore({ path: ':memory:' });
  if (options.store === undefined) cleanups.push(() => store.close());
  if (store.webhooks().length === 0) {
    store.addWebhook({
      id: 'wh_1',
      url: receiver.url,
      secret: SECRET,
      types: ['checkpoint', 'finding'],
      createdMs: NOW,
    });
  }
  const bus = new EventBus({ clock: () => clock.nowMs });
  const timer = new ManualTimer();
  const timeouts = new ManualTimer();
  const dispatcher = new WebhookDispatcher({
    store,
    events: bus,
    fetch,
    clock: () => clock.nowMs,
    random: () => 0.5,
    timer: timer.timer,
    timeoutTimer: timeouts.timer,
    retry: { maxAttempts: options.maxAttempts ?? 8 },
    ...(options.concurrency === undefined
      ? {}
      : { concurrency: options.concurrency }),
  });
  dispatcher.start();
  cleanups.push(() => dispatcher.stop());
  /** Fires what is due and waits for the attempts it started. */
  const step = async () => {
    const delays = timer.fireAll();
    await dispatcher.settled();
    return delays;
  };
  /** Fires what is due, and once the receiver holds a request, its timeout. */
  const stepTimingOut = async () => {
    const before = receiver.requests.length;
    const delays = timer.fireAll();
    await vi.waitFor(() => expect(receiver.requests.length).toBe(before + 1));
    timeouts.fireAll();
    await dispatcher.settled();
    return delays;
  };
  return {
    clock,
    timeouts,
    receiver,
    store,
    bus,
    timer,
    dispatcher,
    step,
    stepTimingOut,
  };
}
