// npm run bench:alerts: alerts fan-out on loopback through the real
// services and app (in-memory stores): how fast GET /v1/events carries
// finding-sized events to many SSE clients, and how fast signed webhook
// deliveries reach a receiver that checks each signature.
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
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
} from '@truce/server';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '50' },
    events: { type: 'string', default: '2000' },
    deliveries: { type: 'string', default: '500' },
  },
});
const clients = Number(args.clients);
const events = Number(args.events);
const deliveries = Number(args.deliveries);
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
let readyCount = 0;
let allReady = () => {};
const ready = new Promise<void>((ok) => (allReady = ok));
const streams = Array.from({ length: clients }, () =>
  countEvents(`${base}/v1/events?types=plan`, events, () => {
    if (++readyCount === clients) allReady();
  })
);
await ready;
let start = performance.now();
for (let k = 0; k < events; k++)
  services.events.publish({ type: 'plan', data: payload(k) });
await Promise.all(streams);
let seconds = (performance.now() - start) / 1000;
console.log(
  `sse: ${events} events x ${clients} clients in ${seconds.toFixed(2)} s = ${Math.round((events * clients) / seconds)} event deliveries/s`
);

// --- webhooks
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
console.log(
  `webhooks: ${deliveries} signed deliveries to one receiver in ${seconds.toFixed(2)} s = ${Math.round(deliveries / seconds)}/s (bad signatures: ${hook.bad()})`
);

hook.server.close();
await app.close();
await services.stop();
await verifier.close();
await store.close();
