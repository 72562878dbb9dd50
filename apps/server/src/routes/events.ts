import type { FastifyPluginAsync } from 'fastify';
import {
  formatSseComment,
  formatSseEvent,
  parseLastEventId,
} from '../alerts/sse-format.js';
import { ApiError } from '../errors.js';
import type { BusEvent, EventBus, EventName } from '../events/event-bus.js';
import { EVENT_NAMES } from '../events/event-bus.js';

export type EventRoutesOptions = {
  events: EventBus;
  /** Comment lines this often keep idle streams open (default 15 s). */
  heartbeatMs?: number;
  /** Most streams open at once; more are answered 503 (default 1000). */
  maxStreams?: number;
  /** A client this far behind (bytes unsent) is dropped (default 4 MiB). */
  maxBufferedBytes?: number;
};

function parseTypes(raw: unknown): ReadonlySet<EventName> {
  if (raw === undefined || raw === '') return new Set(EVENT_NAMES);
  const names = String(raw).split(',');
  const unknown = names.filter(
    (n) => !(EVENT_NAMES as readonly string[]).includes(n)
  );
  if (unknown.length > 0) {
    throw new ApiError(
      'QUERY_INVALID',
      `unknown event type ${unknown.join(', ')}; known: ${EVENT_NAMES.join(', ')}`
    );
  }
  return new Set(names as EventName[]);
}

/**
 * GET /v1/events: findings, tier changes, plans, checkpoints and pledge
 * moves as Server-Sent Events (WHATWG HTML §9.2). A client that reconnects with
 * Last-Event-ID gets the events it missed, as long as the bus still keeps
 * them; `: gap` says some were already dropped (reload the state then).
 */
export const eventRoutes: FastifyPluginAsync<EventRoutesOptions> = async (
  app,
  options
) => {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxStreams = options.maxStreams ?? 1000;
  const maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
  const open = new Set<() => void>();

  // Streams never end on their own, so the server's close ends them.
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  app.get<{ Querystring: { types?: string; lastEventId?: string } }>(
    '/v1/events',
    {
      schema: {
        tags: ['events'],
        summary:
          'Findings, tier changes, plans, checkpoints and pledge moves as Server-Sent Events',
        description:
          'text/event-stream. Event names: finding (the finding Feature), tier ({at, from, to}), plan (the ResponsePlan), checkpoint ({size, rootHash}), pledge ({pledgeId, member, from, to, index}); each has an id. Send Last-Event-ID (header, or ?lastEventId=) to resume.',
        querystring: {
          type: 'object',
          properties: {
            types: {
              type: 'string',
              description: 'comma-separated event names to keep',
            },
            lastEventId: {
              type: 'string',
              description: 'as the Last-Event-ID header',
            },
          },
        },
      },
    },
    async (request, reply) => {
      const types = parseTypes(request.query.types);
      const rawLast =
        request.headers['last-event-id'] ?? request.query.lastEventId;
      const lastId =
        rawLast === undefined ? undefined : parseLastEventId(rawLast);
      if (rawLast !== undefined && lastId === undefined) {
        throw new ApiError(
          'QUERY_INVALID',
          'Last-Event-ID is not an event id of this server'
        );
      }
      if (open.size >= maxStreams) {
        throw new ApiError('UNAVAILABLE', 'too many event streams open', {
          headers: { 'retry-after': '10' },
        });
      }
      reply.hijack();
      const res = reply.raw;
      const timer = setInterval(
        () => write(formatSseComment('heartbeat')),
        heartbeatMs
      );
      timer.unref();
      let unsubscribe = () => {};
      const end = () => {
        if (!open.delete(end)) return;
        unsubscribe();
        clearInterval(timer);
        if (!res.writableEnded) res.end();
      };
      const write = (text: string) => {
        if (res.writableEnded) return;
        // A client that does not read would make us buffer without bound.
        if (res.writableLength > maxBuffered) {
          res.destroy();
          end();
          return;
        }
        res.write(text);
      };
      const send = (event: BusEvent) => {
        if (types.has(event.type)) write(formatSseEvent(event));
      };
      open.add(end);
      res.on('close', end);
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        // nginx and similar proxies must pass events on at once.
        'x-accel-buffering': 'no',
      });
      write(`retry: 3000\n${formatSseComment('truce events')}`);
      // Replay and subscription happen in one synchronous turn, so no event
      // falls between them or comes twice.
      if (lastId !== undefined) {
        const backlog = options.events.since(lastId);
        if (backlog.gap) write(formatSseComment('gap'));
        for (const event of backlog.events) send(event);
      }
      unsubscribe = options.events.subscribe(send);
    }
  );
};
