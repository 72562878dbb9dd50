import { afterEach, describe, expect, it, vi } from 'vitest';
import { NOW, runCleanups, setup } from '../../test/webhook-kit.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from './retry-schedule.js';
import { deliveryIdOf } from './webhook-dispatcher.js';

afterEach(runCleanups);

const checkpoint = (size: number) =>
  ({ type: 'checkpoint', data: { size, rootHash: 'AAAA' } }) as const;

describe('WebhookDispatcher with a loopback receiver', () => {
  it('retries a 500, a reset and a timeout with growing delays, then delivers once', async () => {
    const t = await setup({ modes: ['fail-500', 'reset', 'hang', 'ok'] });
    t.bus.publish(checkpoint(3));
    const delays: number[] = [];
    delays.push(...(await t.step()), ...(await t.step()));
    delays.push(...(await t.stepTimingOut()), ...(await t.step()));
    expect(delays[0]).toBe(0);
    const retries = delays.slice(1);
    expect(retries).toEqual(
      [1, 2, 3].map((n) => retryDelayMs(n, DEFAULT_RETRY_POLICY, () => 0.5))
    );
    expect(retries[1]!).toBeGreaterThan(retries[0]!);
    expect(retries[2]!).toBeGreaterThan(retries[1]!);
    expect(t.timer.waiting).toHaveLength(0);

    expect(t.receiver.requests.every((r) => r.verified)).toBe(true);
    expect(t.receiver.effects).toHaveLength(1);
    const [effect] = t.receiver.effects;
    expect(effect!.body).toMatchObject({
      type: 'checkpoint',
      data: { size: 3, rootHash: 'AAAA' },
    });

    const [delivery] = t.store.deliveriesOf('wh_1', 10);
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 4 });
    const attempts = t.store.attemptsOf(delivery!.id);
    expect(attempts.map((a) => [a.n, a.status])).toEqual([
      [1, 500],
      [2, null],
      [3, null],
      [4, 204],
    ]);
    expect(attempts[0]!.error).toBe('HTTP 500');
    expect(attempts[1]!.error).toMatch(
      /ECONNRESET|UND_ERR_SOCKET|other side closed/
    );
    expect(attempts[2]!.error).toBe('timeout');
    expect(attempts[3]!.error).toBeNull();
    expect(attempts.every((a) => a.atMs === NOW && a.durationMs >= 0)).toBe(
      true
    );
  });

  it('a delivery the receiver acted on but did not acknowledge has no second effect', async () => {
    const t = await setup({ modes: ['act-then-500'] });
    t.bus.publish(checkpoint(4));
    await t.step();
    await t.step();
    expect(t.receiver.requests).toHaveLength(2);
    expect(t.receiver.requests[0]!.deliveryId).toBe(
      t.receiver.requests[1]!.deliveryId
    );
    expect(t.receiver.effects).toHaveLength(1);
  });

  it('the same event content published twice is one delivery', async () => {
    const t = await setup({});
    const a = t.bus.publish(checkpoint(5));
    const b = t.bus.publish(checkpoint(5));
    expect(deliveryIdOf('wh_1', a)).toBe(deliveryIdOf('wh_1', b));
    await t.step();
    expect(t.receiver.requests).toHaveLength(1);
    expect(t.store.deliveriesOf('wh_1', 10)).toHaveLength(1);
  });

  it('sends only the types a subscription asked for', async () => {
    const t = await setup({});
    t.bus.publish({ type: 'plan', data: { x: 1 } });
    expect(await t.step()).toEqual([]);
    expect(t.receiver.requests).toHaveLength(0);
  });

  it('keeps at most `concurrency` attempts in flight to one receiver', async () => {
    const t = await setup({ modes: ['hang', 'hang'], concurrency: 2 });
    for (let size = 1; size <= 4; size++) t.bus.publish(checkpoint(size));
    t.timer.fireAll();
    await vi.waitFor(() => expect(t.receiver.requests).toHaveLength(2));
    // Two hang; the other two wait for a slot instead of connecting.
    expect(t.receiver.effects).toHaveLength(0);
    t.timeouts.fireAll();
    await t.dispatcher.settled();
    expect(t.receiver.requests).toHaveLength(4);
    expect(t.receiver.effects).toHaveLength(2);
    const states = t.store.deliveriesOf('wh_1', 10).map((d) => d.state);
    expect(states.sort()).toEqual([
      'delivered',
      'delivered',
      'pending',
      'pending',
    ]);
  });

  it('gives up after maxAttempts and records every attempt', async () => {
    const t = await setup({ modes: Array(5).fill('fail-500'), maxAttempts: 3 });
    t.bus.publish(checkpoint(6));
    for (let i = 0; i < 3; i++) await t.step();
    expect(t.timer.waiting).toHaveLength(0);
    const [delivery] = t.store.deliveriesOf('wh_1', 10);
    expect(delivery).toMatchObject({
      state: 'failed',
      attempts: 3,
      nextAtMs: null,
    });
    expect(t.store.attemptsOf(delivery!.id)).toHaveLength(3);
    expect(t.receiver.effects).toHaveLength(0);
  });

  it('deleting the subscription cancels its pending deliveries', async () => {
    const t = await setup({ modes: ['fail-500'] });
    t.bus.publish(checkpoint(7));
    await t.step();
    expect(t.store.removeWebhook('wh_1')).toBe(true);
    await t.step();
    expect(t.receiver.requests).toHaveLength(1);
    expect(t.store.deliveriesOf('wh_1', 10)[0]!.state).toBe('cancelled');
  });
});
