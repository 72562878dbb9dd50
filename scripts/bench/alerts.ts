// npm run bench:alerts: alerts fan-out on loopback through the real
// services and app (in-memory stores): how fast GET /v1/events carries
// finding-sized events to many SSE clients, and how fast signed webhook
// deliveries reach a receiver that checks each signature. Each figure is
// printed beside this machine's ceiling, measured in the same run: the
// same frames written by a bare node:http server to the same clients, and
// the same signed POSTs sent straight from this process with the
// dispatcher's concurrency (4), so the ratio says what the app costs.
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  buildApp,
  createInlineVerifier,
  createServices,
  createSqliteStore,
  createToken,
  loadOrCreateLogKey,
  signWebhook,
  WEBHOOK_HEADERS,
} from '@truce/server';
import { positiveIntegerFlag } from './report.js';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '50' },
    events: { type: 'string', default: '2000' },
    deliveries: { type: 'string', default: '500' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`usage: npm run bench:alerts -- [flags]
  --clients N      SSE clients on GET /v1/events (default 50)
  --events N       events published to them (default 2000)
  --deliveries N   signed webhook deliveries to one receiver (default 500)`);
  process.exit(0);
}
const clients = positiveIntegerFlag('clients', args.clients);
const events = positiveIntegerFlag('events', args.events);
const deliveries = positiveIntegerFlag('deliveries', args.deliveries);
const SECRET = 'whsec_bench_0123456789abcdef';

// About the size of a served finding Feature (~1.5 KB of JSON).
const payload = (n: number) => ({
  n,
  sources: Array.from({ length: 40 }, (_, i) => 1_000_000 + n * 40 + i),
  text: 'x'.repeat(1000),
});

/** Counts the events of one SSE stream until it has seen `want`. */
async function countEvents(url: string, want: number, ready: () => void) {
  const res = await fetch(url);
  const decoder = new TextDecoder();
  let seen = 0;
  let tail = '';
  for await (const chunk of res.body!) {
    const text = tail + decoder.decode(chunk, { stream: true });
    seen += text.split('\nevent: ').length - 1;
    tail = text.slice(-16);
    if (text.includes(': truce events')) ready();
    if (seen >= want) return;
  }
}

/**
 * Opens `clients` SSE streams at `url`; resolves once every one has its
 * opening comment, with `done`, which resolves once every one has seen
 * `events` events.
 */
async function connectClients(
  url: string
): Promise<{ done: Promise<unknown> }> {
  let readyCount = 0;
  let allReady = () => {};
  const ready = new Promise<void>((ok) => (allReady = ok));
  const streams = Array.from({ length: clients }, () =>
    countEvents(url, events, () => {
      if (++readyCount === clients) allReady();
    })
  );
  await ready;
  // Wrapped: an async function would wait on a promise it returns.
  return { done: Promise.all(streams) };
}

/** A receiver that checks each signature and counts distinct deliveries. */
async function receiver() {
  const ids = new Set<string>();
  let bad = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const id = String(req.headers['truce-delivery']);
      const ts = String(req.headers['truce-timestamp']);
      const mac = createHmac('sha256', SECRET)
        .update(`${id}.${ts}.${body}`)
        .digest('hex');
      if (req.headers['truce-signature'] !== `v1=${mac}`) bad++;
      else ids.add(id);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, ids, bad: () => bad, server };
}

/**
 * The SSE ceiling: a bare node:http server writes each event's frame,
 * serialised once, to every client (what GET /v1/events does, without the
 * app, the event bus and the replay buffer); deliveries per second.
 */
async function sseCeiling(): Promise<number> {
  const open: ServerResponse[] = [];
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
    res.write('retry: 3000\n: truce events\n\n');
    open.push(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  const { done } = await connectClients(`http://127.0.0.1:${port}/`);
  const start = performance.now();
  for (let k = 0; k < events; k++) {
    const text = `id: ${k}\nevent: plan\ndata: ${JSON.stringify(payload(k))}\n\n`;
    for (const res of open) res.write(text);
  }
  await done;
  const seconds = (performance.now() - start) / 1000;
  for (const res of open) res.end();
  server.close();
  return (events * clients) / seconds;
}

/**
 * The webhook ceiling: the same signed POSTs (headers, HMAC, body) sent
 * straight from this process with fetch, four at a time as the dispatcher
 * sends them, to the same kind of receiver; deliveries per second.
 */
async function webhookCeiling(): Promise<number> {
  const hook = await receiver();
  let next = 0;
  const sendAll = async () => {
    while (next < deliveries) {
      const k = next++;
      const id = randomUUID();
      const timestamp = Math.floor(Date.now() / 1000);
      const body = JSON.stringify(payload(k));
      const res = await fetch(hook.url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_HEADERS.delivery]: id,
          [WEBHOOK_HEADERS.event]: 'plan',
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.signature]: signWebhook({
            secret: SECRET,
            deliveryId: id,
            timestamp,
            body,
          }),
        },
        body,
      });
      await res.arrayBuffer();
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: 4 }, sendAll));
  const seconds = (performance.now() - start) / 1000;
  hook.server.close();
  if (hook.ids.size !== deliveries || hook.bad() > 0)
    throw new Error(
      `webhook ceiling: ${hook.ids.size} of ${deliveries} delivered, ${hook.bad()} bad`
    );
  return deliveries / seconds;
}

const store = createSqliteStore({ path: ':memory:' });
const verifier = createInlineVerifier();
const services = await createServices({
  store,
  logKey: loadOrCreateLogKey(
    join(mkdtempSync(join(tmpdir(), 'truce-bench-')), 'log.key'),
    'bench.truce.example/log'
  ),
  verifier,
  clock: Date.now,
  config: {
    maxFutureSeconds: 300,
    integrateIntervalMs: 200,
    sensorRatePerSecond: 50,
    sensorBurst: 200,
  },
});
const app = await buildApp({
  ...services,
  clock: Date.now,
  bodyLimitBytes: 1 << 20,
  clientRatePerMinute: 1e9,
  logger: false,
});
const base = await app.listen({ host: '127.0.0.1', port: 0 });

// --- SSE fan-out
const sseBefore = await sseCeiling();
const { done } = await connectClients(`${base}/v1/events?types=plan`);
let start = performance.now();
for (let k = 0; k < events; k++)
  services.events.publish({ type: 'plan', data: payload(k) });
await done;
let seconds = (performance.now() - start) / 1000;
const sseRate = (events * clients) / seconds;
const sseMax = Math.max(sseBefore, await sseCeiling());
console.log(
  `sse: ${events} events x ${clients} clients in ${seconds.toFixed(2)} s = ${Math.round(sseRate)} event deliveries/s; ` +
    `ceiling (bare node:http, same frames) ${Math.round(sseMax)}/s; ratio ${(sseRate / sseMax).toFixed(2)}`
);

// --- webhooks
const hookBefore = await webhookCeiling();
const hook = await receiver();
const { secret: admin } = await createToken(store, {
  role: 'admin',
  label: 'bench',
  nowMs: Date.now(),
});
const created = await app.inject({
  method: 'POST',
  url: '/v1/webhooks',
  headers: { authorization: `Bearer ${admin}` },
  payload: { url: hook.url, secret: SECRET, types: ['plan'] },
});
if (created.statusCode !== 201) throw new Error(created.body);
start = performance.now();
for (let k = 0; k < deliveries; k++)
  services.events.publish({ type: 'plan', data: payload(events + k) });
while (hook.ids.size < deliveries) await new Promise((r) => setTimeout(r, 5));
seconds = (performance.now() - start) / 1000;
const hookRate = deliveries / seconds;
const hookMax = Math.max(hookBefore, await webhookCeiling());
console.log(
  `webhooks: ${deliveries} signed deliveries to one receiver in ${seconds.toFixed(2)} s = ${Math.round(hookRate)}/s (bad signatures: ${hook.bad()}); ` +
    `ceiling (the same POSTs from this process, 4 at a time) ${Math.round(hookMax)}/s; ratio ${(hookRate / hookMax).toFixed(2)}`
);

hook.server.close();
await app.close();
await services.stop();
await verifier.close();
await store.close();
