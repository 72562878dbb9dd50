import { describe, expect, it } from 'vitest';
import type { BusEvent } from './event-bus.js';
import { EventBus } from './event-bus.js';

const checkpoint = (size: number) =>
  ({ type: 'checkpoint', data: { size, rootHash: 'AA==' } }) as const;

describe('EventBus', () => {
  it('numbers events from firstId, stamps them and keeps publish order', () => {
    let now = 5_000;
    const bus = new EventBus({ clock: () => now, firstId: 100 });
    const seen: BusEvent[] = [];
    bus.subscribe((e) => seen.push(e));
    bus.publish(checkpoint(1));
    now = 6_000;
    bus.publish(checkpoint(2));
    expect(seen.map((e) => [e.id, e.atMs, e.type])).toEqual([
      [100, 5_000, 'checkpoint'],
      [101, 6_000, 'checkpoint'],
    ]);
    expect(bus.lastId).toBe(101);
  });

  it('stops delivering to a listener once it unsubscribes', () => {
    const bus = new EventBus({ clock: () => 0 });
    const seen: number[] = [];
    const off = bus.subscribe((e) => seen.push(e.id));
    bus.publish(checkpoint(1));
    off();
    off();
    bus.publish(checkpoint(2));
    expect(seen).toEqual([1]);
    expect(bus.listenerCount).toBe(0);
  });

  it('the same function subscribed twice is two subscriptions', () => {
    const bus = new EventBus({ clock: () => 0 });
    const seen: number[] = [];
    const listener = (e: BusEvent) => seen.push(e.id);
    const offA = bus.subscribe(listener);
    bus.subscribe(listener);
    offA();
    bus.publish(checkpoint(1));
    expect(seen).toEqual([1]);
  });

  it('a throwing listener is reported and the others still run', () => {
    const errors: string[] = [];
    const bus = new EventBus({
      clock: () => 0,
      onError: (_e, context) => errors.push(context),
    });
    const seen: number[] = [];
    bus.subscribe(() => {
      throw new Error('boom');
    });
    bus.subscribe((e) => seen.push(e.id));
    bus.publish(checkpoint(1));
    expect(seen).toEqual([1]);
    expect(errors).toEqual(['event listener failed on checkpoint']);
  });

  describe('since (Last-Event-ID resume)', () => {
    it('returns the kept events after an id, with no gap', () => {
      const bus = new EventBus({ clock: () => 0, replaySize: 3 });
      for (let i = 1; i <= 3; i++) bus.publish(checkpoint(i));
      const { events, gap } = bus.since(1);
      expect(events.map((e) => e.id)).toEqual([2, 3]);
      expect(gap).toBe(false);
      expect(bus.since(3)).toEqual({ events: [], gap: false });
    });

    it('reports a gap when events after the id were dropped', () => {
      const bus = new EventBus({ clock: () => 0, replaySize: 2 });
      for (let i = 1; i <= 4; i++) bus.publish(checkpoint(i));
      expect(bus.since(2)).toMatchObject({ gap: false });
      const { events, gap } = bus.since(1);
      expect(events.map((e) => e.id)).toEqual([3, 4]);
      expect(gap).toBe(true);
    });

    it('reports a gap for an id from an earlier process', () => {
      const bus = new EventBus({ clock: () => 0, firstId: 1000 });
      expect(bus.since(10)).toEqual({ events: [], gap: true });
      expect(bus.since(999)).toEqual({ events: [], gap: false });
    });
  });
});
