import { once } from 'node:events';
import { connect } from 'node:net';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectSse } from '../../test/sse-client.js';
import { handleError } from '../errors.js';
import { EventBus } from '../events/event-bus.js';
import type { EventRoutesOptions } from './events.js';
import { eventRoutes } from './events.js';

let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function listen(
  bus: EventBus,
  options: Omit<EventRoutesOptions, 'events'> = {}
): Promise<string> {
  app = Fastify({ logger: false });
  app.setErrorHandler(handleError);
  await app.register(eventRoutes, {
    heartbeatMs: 60_000,
    ...options,
    events: bus,
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return `${address}/v1/events`;
}

const checkpoint = (size: number) =>
  ({ type: 'checkpoint', data: { size, rootHash: 'AAAA' } }) as const;
const tier = {
  type: 'tier',
  data: {
    at: '2026-12-01T00:00:00Z',
    from: null,
    to: { id: 't1', name: 'Watch', level: 1 },
  },
} as const;

describe('GET /v1/events', () => {
  it('streams published events with id, event and data lines', async () => {
    const bus = new EventBus({ clock: () => 0, firstId: 7 });
    const url = await listen(bus);
    const sse = await connectSse(url);
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toBe(
      'text/event-stream; charset=utf-8'
    );
    expect(sse.headers['cache-control']).toBe('no-store');
    expect(await sse.next()).toEqual({
      retry: '3000',
      comments: ['truce events'],
    });
    bus.publish(checkpoint(5));
    bus.publish(tier);
    expect(await sse.next()).toEqual({
      id: '7',
      event: 'checkpoint',
      data: '{"size":5,"rootHash":"AAAA"}',
      comments: [],
    });
    const second = await sse.next();
    expect(second).toMatchObject({ id: '8', event: 'tier' });
    expect(JSON.parse(second.data!)).toEqual(tier.data);
    sse.close();
  });

  it('keeps only the types asked for', async () => {
    const bus = new EventBus({ clock: () => 0 });
    const sse = await connectSse(`${await listen(bus)}?types=tier,plan`);
    await sse.next();
    bus.publish(checkpoint(1));
    bus.publish(tier);
    expect(await sse.next()).toMatchObject({ id: '2', event: 'tier' });
    sse.close();
  });

  it('data with line breaks stays one data line', async () => {
    const bus = new EventBus({ clock: () => 0 });
    const sse = await connectSse(await listen(bus));
    await sse.next();
    bus.publish({ type: 'plan', data: { note: 'a\nb\r\n\nc' } });
    const frame = await sse.next();
    expect(JSON.parse(frame.data!)).toEqual({ note: 'a\nb\r\n\nc' });
    sse.close();
  });

  describe('with Last-Event-ID', () => {
    it('replays the kept events after it, then streams live ones', async () => {
      const bus = new EventBus({ clock: () => 0 });
      const url = await listen(bus);
      for (let i = 1; i <= 3; i++) bus.publish(checkpoint(i));
      const sse = await connectSse(url, { 'last-event-id': '1' });
      await sse.next();
      expect((await sse.next()).id).toBe('2');
      expect((await sse.next()).id).toBe('3');
      bus.publish(checkpoint(4));
      expect((await sse.next()).id).toBe('4');
      sse.close();
    });

    it('also takes ?lastEventId= and says when events were dropped', async () => {
      const bus = new EventBus({ clock: () => 0, replaySize: 2 });
      const url = await listen(bus);
      for (let i = 1; i <= 5; i++) bus.publish(checkpoint(i));
      const sse = await connectSse(`${url}?lastEventId=1`);
      await sse.next();
      expect(await sse.next()).toEqual({ comments: ['gap'] });
      expect((await sse.next()).id).toBe('4');
      sse.close();
    });

    it('answers 400 QUERY_INVALID for an id we never issue', async () => {
      const bus = new EventBus({ clock: () => 0 });
      await listen(bus);
      const res = await app!.inject({
        url: '/v1/events',
        headers: { 'last-event-id': 'abc' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'QUERY_INVALID' });
      expect(bus.listenerCount).toBe(0);
    });
  });

  it('answers 400 QUERY_INVALID for an unknown type', async () => {
    const bus = new EventBus({ clock: () => 0 });
    await listen(bus);
    const res = await app!.inject({ url: '/v1/events?types=finding,bogus' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'QUERY_INVALID' });
  });

  it('sends heartbeat comments while idle', async () => {
    const bus = new EventBus({ clock: () => 0 });
    const sse = await connectSse(await listen(bus, { heartbeatMs: 5 }));
    await sse.next();
    expect(await sse.next()).toEqual({ comments: ['heartbeat'] });
    sse.close();
  });

  it('answers 503 UNAVAILABLE past the stream cap', async () => {
    const bus = new EventBus({ clock: () => 0 });
    const url = await listen(bus, { maxStreams: 1 });
    const first = await connectSse(url);
    const second = await connectSse(url);
    expect(second.status).toBe(503);
    first.close();
  });

  it('drops a client that stops reading, instead of buffering without bound', async () => {
    const bus = new EventBus({ clock: () => 0 });
    const url = new URL(await listen(bus, { maxBufferedBytes: 64 * 1024 }));
    const socket = connect(Number(url.port), '127.0.0.1');
    await once(socket, 'connect');
    socket.write('GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    socket.pause();
    await vi.waitFor(() => expect(bus.listenerCount).toBe(1));
    const big = 'x'.repeat(256 * 1024);
    for (let i = 0; i < 400 && bus.listenerCount > 0; i++) {
      bus.publish({ type: 'plan', data: { big } });
    }
    expect(bus.listenerCount).toBe(0);
    socket.destroy();
  });

  describe('cleanup', () => {
    it('unsubscribes when the client goes away', async () => {
      const bus = new EventBus({ clock: () => 0 });
      const sse = await connectSse(await listen(bus));
      await sse.next();
      expect(bus.listenerCount).toBe(1);
      sse.close();
      await vi.waitFor(() => expect(bus.listenerCount).toBe(0));
      // Publishing after the client left writes nowhere and throws nothing.
      bus.publish(checkpoint(1));
    });

    it('ends open streams when the server closes', async () => {
      const bus = new EventBus({ clock: () => 0 });
      const url = await listen(bus);
      const a = await connectSse(url);
      const b = await connectSse(`${url}?types=tier`);
      await a.next();
      await b.next();
      expect(bus.listenerCount).toBe(2);
      await app!.close();
      app = undefined;
      await a.ended;
      await b.ended;
      expect(bus.listenerCount).toBe(0);
      await expect(a.next()).rejects.toThrow('stream ended');
    });
  });
});
