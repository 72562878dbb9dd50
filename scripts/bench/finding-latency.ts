// `npm run bench:latency`: how soon a finding appears under a sustained
// stream (issue 4: 10,000 detections/s, finding latency p99 under 2 s).
// A server child process (SQLite file) on 127.0.0.1; acoustic sensors in
// rows along a front; shots among them whose pulses, signed in advance,
// are posted in arrival order at the target rate over keep-alive
// connections. Per shot: the acknowledgement of its last pulse that a
// finding rests on → that finding published on the server's event bus
// (what GET /v1/events streams). Also, in the same run: the ingest-only
// rate with the engine idle (the machine's ceiling) and the engine's
// fusion throughput in this process on one core. `--small N` runs the
// earlier one-shot-at-a-time scene instead. See README.md.
import { SHORT_RANGE_ACOUSTIC } from '@truce/core';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureFusion } from './latency-fusion.js';
import type { FusionThroughput } from './latency-fusion.js';
import { pacedBatches, runPacedLoad } from './latency-load.js';
import { judgeFindings } from './latency-quality.js';
import { buildScene } from './latency-scene.js';
import { runSmallLatency } from './latency-small.js';
import { startLatencyServer } from './latency-server.js';
import { fmtInt, processCpuSeconds, quantile } from './report.js';

const { values: flags } = parseArgs({
  options: {
    rate: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '60' },
    rows: { type: 'string', default: '3' },
    cols: { type: 'string', default: '300' },
    spacing: { type: 'string', default: '1000' },
    posters: { type: 'string', default: '16' },
    'slot-ms': { type: 'string', default: '50' },
    fusion: { type: 'string', default: 'incremental' },
    thread: { type: 'string', default: 'worker' },
    shards: { type: 'string', default: '1' },
    'max-observations': { type: 'string' },
    'ceiling-seconds': { type: 'string', default: '10' },
    'fusion-seconds': { type: 'string', default: '10' },
    small: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (flags.help) {
  console.log(`usage: npm run bench:latency -- [flags]
  --rate N              detections per second posted (default 10000)
  --seconds S           length of the stream (default 60)
  --rows R --cols C     sensor grid along the front (default 3 x 300)
  --spacing M           metres between sensors (default 1000)
  --posters K           keep-alive connections, sensors split among them (default 16)
  --slot-ms MS          each poster sends what arrived in each slot as one request (default 50)
  --fusion MODE         incremental (default) or window (the engine before issue 4)
  --thread WHERE        worker (default: fusion in a worker thread) or inline (on the event loop)
  --shards N            findings engines the front is split among by region (default 1)
  --max-observations N  the server's findings window cap (default 45 s of the stream)
  --ceiling-seconds S   stream seconds posted unpaced with the engine idle (default 10)
  --fusion-seconds S    stream seconds fused in-process for throughput (default 10)
  --small N             the one-shot-at-a-time scene with N shots instead`);
  process.exit(0);
}

if (flags.small !== undefined) {
  await runSmallLatency(Number(flags.small));
  process.exit(0);
}

const num = (name: keyof typeof flags) => {
  const n = Number(flags[name]);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`--${name} must be a positive number, got ${flags[name]}`);
    process.exit(2);
  }
  return n;
};
const rate = num('rate');
const seconds = num('seconds');
const posters = num('posters');
const slotMs = num('slot-ms');
const fusionMode = flags.fusion === 'window' ? 'window' : 'incremental';
const thread = flags.thread === 'inline' ? 'inline' : 'worker';
const shards = num('shards');
const maxObservations =
  flags['max-observations'] === undefined
    ? Math.max(50_000, Math.round(rate * 45))
    : num('max-observations');
const load0 = loadavg();
const startMs = Date.now();
const benchDir = fileURLToPath(new URL('../../.bench/', import.meta.url));

// 1. The scene, signed before any clock starts.
process.stderr.write('signing the stream ');
const scene = buildScene(
  {
    rows: num('rows'),
    cols: num('cols'),
    spacingM: num('spacing'),
    rate,
    seconds,
    startMs,
    seed: 4,
  },
  (done, total) => {
    if (done % 100_000 === 0) process.stderr.write(`${done}/${total} `);
  }
);
process.stderr.write('\n');

// 2. Fusion throughput in this process, one core.
// At most 20,000 detections in-process (about half a minute of CPU here).
const fusionS = Math.min(seconds, num('fusion-seconds'), 20_000 / rate);
const fusion: FusionThroughput[] = [
  measureFusion(scene, {
    mode: 'incremental',
    seconds: fusionS,
    sliceS: 0.25,
    startMs,
  }),
];
// The whole-window engine grows more than linearly: 2 s of the stream.
fusion.push(
  measureFusion(scene, {
    mode: 'window',
    seconds: Math.min(2, fusionS, 5_000 / rate),
    sliceS: 0.25,
    startMs,
  })
);

const dir = mkdtempSync(join(tmpdir(), 'truce-latency-'));
writeFileSync(join(dir, 'sensors.json'), JSON.stringify(scene.sensors));
writeFileSync(join(dir, 'agreement.json'), JSON.stringify(scene.agreement));
writeFileSync(
  join(dir, 'fusion.json'),
  JSON.stringify({ acoustic: SHORT_RANGE_ACOUSTIC })
);
const serverConfig = (name: string, withAgreement: boolean) => ({
  dataDir: join(dir, name),
  host: '127.0.0.1',
  port: 0,
  logLevel: 'warn',
  sensorsFile: join(dir, 'sensors.json'),
  ...(withAgreement ? { agreementFile: join(dir, 'agreement.json') } : {}),
  clientRatePerMinute: 1_000_000_000,
  sensorRatePerSecond: 1_000_000_000,
  sensorBurst: 1_000_000_000,
  findingsMaxObservations: maxObservations,
  findingsFusion: fusionMode,
  findingsThread: thread,
  findingsShards: shards,
  fusionParamsFile: join(dir, 'fusion.json'),
});

try {
  // 3. The ceiling: the first seconds of the stream as fast as they go,
  // the engine idle (no agreement in force).
  const ceilingPulses = scene.pulses.filter(
    (p) => p.atS < num('ceiling-seconds')
  );
  const idle = await startLatencyServer(serverConfig('ceiling', false));
  const ceilingLoad = await runPacedLoad({
    url: idle.url,
    batches: pacedBatches(ceilingPulses, posters, 0),
    pulses: ceilingPulses.length,
    deadlineMs: 120_000,
  });
  await idle.stop();
  const ceiling = ceilingLoad.accepted / ceilingLoad.seconds;

  // 4. The sustained stream against the engine.
  const server = await startLatencyServer(serverConfig('stream', true));
  await fetch(`${server.url}/v1/observations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: `{"envelopes":[${scene.weather.json}]}`,
  });
  const cpu0 = processCpuSeconds(server.pid);
  const stream = await runPacedLoad({
    url: server.url,
    batches: pacedBatches(scene.pulses, posters, slotMs),
    pulses: scene.pulses.length,
    deadlineMs: (seconds + 120) * 1000,
  });
  const serverCpu = processCpuSeconds(server.pid) - cpu0;
  // Findings of the last shots: wait until none came for 5 s.
  const drainUntil = performance.now() + 60_000;
  while (
    performance.timeOrigin + performance.now() - server.lastFindingAt() <
      5000 &&
    performance.now() < drainUntil
  ) {
    await new Promise((r) => setTimeout(r, 250));
  }
  await server.stop();
  const load1 = loadavg();

  // 5. Per shot: the last acknowledged pulse a finding rests on → the first
  // finding published that rests on it.
  const seenAt = new Map<number, number>();
  for (const f of server.findings) {
    for (const s of f.sources) if (!seenAt.has(s)) seenAt.set(s, f.at);
  }
  const lastOf = new Map<number, number>();
  scene.pulses.forEach((p, k) => {
    const index = stream.index[k]!;
    if (index < 0 || !seenAt.has(index)) return;
    const prev = lastOf.get(p.shot);
    if (prev === undefined || stream.ackAt[k]! > stream.ackAt[prev]!)
      lastOf.set(p.shot, k);
  });
  const latencies = Float64Array.from(
    [...lastOf.values()].map((k) =>
      Math.max(0, seenAt.get(stream.index[k]!)! - stream.ackAt[k]!)
    )
  ).sort();
  const shots = new Set(scene.pulses.map((p) => p.shot)).size;
  const quality = judgeFindings(
    server.findings,
    scene.pulses.map((pulse, k) => ({
      shot: pulse.shot,
      index: stream.index[k]!,
      ackAt: stream.ackAt[k]!,
    }))
  );
  const pc = (q: number) => quantile(quality.latencies, q);
  const achieved = stream.accepted / stream.seconds;
  const p = (q: number) => quantile(latencies, q);
  const cores = availableParallelism();
  const lines = [
    `truce finding latency, sustained: ${fmtInt(scene.pulses.length)} detections of ${fmtInt(shots)} shots from ` +
      `${scene.sensors.length} sensors, target ${fmtInt(rate)}/s for ${seconds} s, ${posters} posters, ` +
      `engine ${fusionMode} (${thread}${shards > 1 ? `, ${shards} shards` : ''}), window cap ${fmtInt(maxObservations)}`,
    `machine           ${cores} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; ` +
      `load average ${load0.map((x) => x.toFixed(2)).join(' ')} before, ${load1.map((x) => x.toFixed(2)).join(' ')} after`,
    `stream            ${fmtInt(stream.accepted)} accepted in ${stream.seconds.toFixed(1)} s = ${fmtInt(achieved)}/s ` +
      `(${((100 * achieved) / rate).toFixed(0)} % of target); rejected ${JSON.stringify(stream.rejected)}`,
    `ceiling           ${fmtInt(ceiling)} accepted/s ingest-only, engine idle, unpaced (${fmtInt(ceilingLoad.accepted)} in ${ceilingLoad.seconds.toFixed(1)} s); ` +
      `stream/ceiling ${(achieved / ceiling).toFixed(2)}`,
    `server cpu        ${(serverCpu / stream.seconds).toFixed(2)} cores during the stream`,
    `findings          ${fmtInt(server.findings.length)} published; ${fmtInt(lastOf.size)} of ${fmtInt(shots)} shots ` +
      `(${((100 * lastOf.size) / shots).toFixed(1)} %) have a finding`,
    `latency, any      p50 ${p(0.5).toFixed(0)} ms, p95 ${p(0.95).toFixed(0)} ms, p99 ${p(0.99).toFixed(0)} ms, ` +
      `max ${(latencies.at(-1) ?? NaN).toFixed(0)} ms (ack of the shot's last pulse a finding rests on → that finding published)`,
    `clean findings    ${fmtInt(quality.clean)} of ${fmtInt(quality.findings)} (${((100 * quality.clean) / quality.findings).toFixed(1)} %: ` +
      `>= 4 and 3/4 of their sources from one shot); ${fmtInt(quality.shotsClean)} of ${fmtInt(quality.eligible)} shots ` +
      `heard 4+ times (${((100 * quality.shotsClean) / quality.eligible).toFixed(1)} %) have one`,
    `latency, clean    p50 ${pc(0.5).toFixed(0)} ms, p95 ${pc(0.95).toFixed(0)} ms, p99 ${pc(0.99).toFixed(0)} ms ` +
      `(ack of the shot's last pulse in a clean finding of it → the first clean finding holding it)`,
    ...fusion.map(
      (f) =>
        `fusion ${f.mode.padEnd(11)} ${fmtInt(f.perSecond)} detections/s on one core in-process ` +
        `(${fmtInt(f.detections)} in ${f.cpuS.toFixed(2)} s CPU; ${f.shotsFound}/${f.shots} shots in a finding, ` +
        `${f.shotsClean}/${f.eligible} heard 4+ times in a clean one; ${f.clean}/${f.findings} findings clean; ` +
        `clean p99 ${f.cleanLagP99S.toFixed(2)} s at one run per 0.25 s)`
    ),
    `goal              ${fmtInt(rate)}/s with p99 < 2000 ms (clean findings): ` +
      (achieved >= 0.95 * rate && pc(0.99) < 2000 ? 'met' : 'NOT met'),
  ];
  mkdirSync(benchDir, { recursive: true });
  const file = join(
    benchDir,
    `latency-${new Date().toISOString().replace(/[:.]/g, '-')}.json`
  );
  writeFileSync(
    file,
    `${JSON.stringify({ at: new Date().toISOString(), flags, load: { before: load0, after: load1 }, achieved, ceiling, serverCpu, latencyMs: { p50: p(0.5), p95: p(0.95), p99: p(0.99) }, cleanLatencyMs: { p50: pc(0.5), p95: pc(0.95), p99: pc(0.99) }, clean: quality.clean, findingsOnPulses: quality.findings, shotsClean: quality.shotsClean, shotsEligible: quality.eligible, shots, shotsWithFinding: lastOf.size, fusion }, null, 2)}\n`
  );
  console.error(`report written to ${file}`);
  for (const line of lines) console.log(line);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
