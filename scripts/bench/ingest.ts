// `npm run bench:ingest`: loopback ingest load against a real server process
// from pre-signed envelopes, compared with the raw Ed25519 ceiling measured
// in the same run. See README.md in this folder.
import {
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { measureCeiling } from './ceiling.js';
import { prepareCorpus, requestBodies, verifyItems } from './corpus.js';
import { runLoad } from './load.js';
import {
  fmtInt,
  fmtMb,
  fmtMs,
  histogramQuantile,
  machineBusySeconds,
  parseGauge,
  parseHistogram,
  positiveIntegerFlag,
  processCpuSeconds,
  progressBar,
  quantile,
} from './report.js';
import { startServerProcess } from './server-process.js';

const GOAL_RATIO = 0.8;
const GOAL_RSS_BYTES = 300e6;
const GOAL_DISK_RATIO = 2;

const { values: flags } = parseArgs({
  options: {
    entries: { type: 'string', default: '200000' },
    sensors: { type: 'string', default: '1000' },
    batch: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '16' },
    'duration-limit': { type: 'string', default: '900' },
    'verify-workers': { type: 'string' },
    'ceiling-seconds': { type: 'string', default: '3' },
    'cpu-prof': { type: 'boolean', default: false },
    'keep-data': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (flags.help) {
  console.log(`usage: npm run bench:ingest -- [flags]
  --entries N           observations to ingest (default 200000)
  --sensors N           simulated sensors (default 1000)
  --batch N             envelopes per request (default 100)
  --concurrency K       concurrent posters, one keep-alive connection each (default 16)
  --duration-limit S    stop sending after S seconds (default 900)
  --verify-workers N    the server's verifyWorkers (default: the server's own)
  --ceiling-seconds S   length of each raw Ed25519 measurement (default 3)
  --cpu-prof            write a V8 CPU profile of the server to .bench/prof/
  --keep-data           keep the server's data folder`);
  process.exit(0);
}

const entries = positiveIntegerFlag('entries', flags.entries);
const sensors = positiveIntegerFlag('sensors', flags.sensors);
const batch = positiveIntegerFlag('batch', flags.batch);
const concurrency = positiveIntegerFlag('concurrency', flags.concurrency);
const durationLimitS = positiveIntegerFlag(
  'duration-limit',
  flags['duration-limit']
);
const ceilingSeconds = positiveIntegerFlag(
  'ceiling-seconds',
  flags['ceiling-seconds']
);
const verifyWorkers =
  flags['verify-workers'] === undefined
    ? undefined
    : Number(flags['verify-workers']);
const benchDir = fileURLToPath(new URL('../../.bench/', import.meta.url));
const cores = availableParallelism();

// 1. The corpus: sensor keys, sensors.json, one signature per observation.
const signing = progressBar('signing  ', entries);
const corpus = await prepareCorpus({
  dir: benchDir,
  entries,
  sensors,
  onProgress: (done) => signing.update(done),
});
if (corpus.signedNow > 0) signing.done();
const items = verifyItems(corpus, sensors, 1024);

// 2. The raw ceiling, before any load (and again after it, below).
const ceilingBefore = await measureCeiling(items, { seconds: ceilingSeconds });

// 3. Request bodies, serialised before the clock starts.
const posters = Math.min(concurrency, sensors);
const { bodies, envelopes } = requestBodies(corpus, {
  sensors,
  posters,
  batch,
});

// 4. The server, as a child process on a fresh data folder.
const dataDir = mkdtempSync(join(tmpdir(), 'truce-bench-'));
const server = await startServerProcess(
  {
    dataDir,
    host: '127.0.0.1',
    port: 0,
    sensorsFile: corpus.sensorsFile,
    logLevel: 'warn',
    // Limits sized for a real deployment would throttle the load itself.
    clientRatePerMinute: 1_000_000_000,
    sensorRatePerSecond: 1_000_000_000,
    sensorBurst: 1_000_000_000,
    ...(verifyWorkers === undefined ? {} : { verifyWorkers }),
  },
  flags['cpu-prof'] ? { cpuProfileDir: join(benchDir, 'prof') } : {}
);

const scrape = async () =>
  (await fetch(new URL('/metrics', server.url))).text();
const checkpointSize = async () => {
  const res = await fetch(new URL('/log/checkpoint', server.url));
  if (res.status !== 200) return 0;
  return Number((await res.text()).split('\n')[1]);
};
const baseSize = parseGauge(await scrape(), 'truce_log_sequenced_size');
// Resident set at start (sensors registered, nothing ingested), then
// sampled through the load: the peak alone does not say when it happened.
const startRss = server.rssBytes();
const rssSamples: number[] = [];
const rssSampler = setInterval(() => rssSamples.push(server.rssBytes()), 100);

// 5. The load.
const loading = progressBar('ingesting', entries);
const serverCpu0 = processCpuSeconds(server.pid);
const clientCpu0 = process.cpuUsage();
const machineBusy0 = machineBusySeconds();
const load = await runLoad({
  url: server.url,
  bodies,
  envelopes,
  deadline: performance.now() + durationLimitS * 1000,
  onProgress: (accepted) => loading.update(accepted),
});
const lastAckAt = performance.now();
loading.done();
clearInterval(rssSampler);
const loadRss = {
  max: Math.max(0, ...rssSamples),
  median: quantile(Float64Array.from(rssSamples), 0.5),
};
const serverCpu = processCpuSeconds(server.pid) - serverCpu0;
const clientCpuUs = process.cpuUsage(clientCpu0);
const clientCpu = (clientCpuUs.user + clientCpuUs.system) / 1e6;
// What other processes on the machine took meanwhile: it skews the result.
const otherCpu = Math.max(
  0,
  machineBusySeconds() - machineBusy0 - serverCpu - clientCpu
);

// 6. Wait for a checkpoint that covers every acknowledged entry.
const target = baseSize + load.accepted;
let covered = await checkpointSize();
while (covered < target && performance.now() - lastAckAt < 60_000) {
  await new Promise((r) => setTimeout(r, 10));
  covered = await checkpointSize();
}
const drainS = (performance.now() - lastAckAt) / 1000;
const lag = parseHistogram(await scrape(), 'truce_checkpoint_lag_seconds');
await server.stop();
const peakRss = server.peakRssBytes();

// 7. The store on disk, read after the server closed it.
let diskBytes = 0;
for (const name of readdirSync(dataDir)) {
  diskBytes += statSync(join(dataDir, name)).size;
}
const db = new Database(join(dataDir, 'log.db'), { readonly: true });
const stored = db
  .prepare('SELECT COUNT(*) AS n, SUM(length(bytes)) AS bytes FROM entries')
  .get() as { n: number; bytes: number };
db.close();
if (!flags['keep-data']) rmSync(dataDir, { recursive: true, force: true });

const ceilingAfter = await measureCeiling(items, { seconds: ceilingSeconds });
// The higher of the two readings: the ratio errs against the server.
const ceiling = Math.max(ceilingBefore.perSecond, ceilingAfter.perSecond);

const acceptedPerSecond = load.accepted / load.seconds;
const ratio = acceptedPerSecond / ceiling;
// CPU per verification and per accepted entry: unlike the rates, these
// hardly move when other processes compete for the cores.
const verifyCpuUs = Math.min(
  ceilingBefore.cpuMicrosPerVerification,
  ceilingAfter.cpuMicrosPerVerification
);
const entryCpuUs = ((serverCpu + clientCpu) / load.accepted) * 1e6;
const rejectedTotal = Object.values(load.rejected).reduce((a, b) => a + b, 0);
const diskPerEntry = diskBytes / stored.n;
const rawPerEntry = stored.bytes / stored.n;
const diskRatio = diskBytes / stored.bytes;
const p50 = quantile(load.latenciesMs, 0.5);
const p99 = quantile(load.latenciesMs, 0.99);
const lagP50 = histogramQuantile(lag, 0.5);
const lagP99 = histogramQuantile(lag, 0.99);
const lagMean = lag.count === 0 ? Number.NaN : lag.sum / lag.count;

const yes = (ok: boolean) => (ok ? 'met' : 'NOT met');
const lines = [
  `truce ingest benchmark: ${fmtInt(entries)} observations from ${fmtInt(sensors)} sensors, ` +
    `${batch} per request, ${posters} posters, verifyWorkers ${verifyWorkers ?? 'default'}`,
  `machine           ${cores} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`,
  `accepted          ${fmtInt(load.accepted)} of ${fmtInt(entries)} in ${load.seconds.toFixed(1)} s` +
    (rejectedTotal > 0
      ? `; REJECTED ${JSON.stringify(load.rejected)}`
      : '; 0 rejected') +
    (load.truncated
      ? ` (stopped at --duration-limit ${durationLimitS} s)`
      : ''),
  `throughput        ${fmtInt(acceptedPerSecond)} accepted observations/s`,
  `ack latency       p50 ${fmtMs(p50)}, p99 ${fmtMs(p99)} (per request of ${batch})`,
  `checkpoint lag    p50 ${lagP50.toFixed(2)} s, p99 ${lagP99.toFixed(2)} s, mean ${lagMean.toFixed(2)} s ` +
    `(ack to covering checkpoint); last ack to final checkpoint ${drainS.toFixed(2)} s`,
  `peak RSS          ${fmtMb(peakRss)} (server process VmHWM, all threads); ` +
    `${fmtMb(startRss)} after start, median ${fmtMb(loadRss.median)} and max ` +
    `${fmtMb(loadRss.max)} sampled every 100 ms under load`,
  `disk              ${fmtInt(diskPerEntry)} B/entry on disk vs ${fmtInt(rawPerEntry)} B/entry raw ` +
    `= ${diskRatio.toFixed(2)}x (${fmtInt(stored.n)} entries, ${fmtMb(diskBytes)})`,
  `cpu               server ${fmtInt((serverCpu / load.accepted) * 1e6)} µs/entry ` +
    `(${(serverCpu / load.seconds).toFixed(2)} cores), load generator ` +
    `${fmtInt((clientCpu / load.accepted) * 1e6)} µs/entry (${(clientCpu / load.seconds).toFixed(2)} cores), ` +
    `other processes ${(otherCpu / load.seconds).toFixed(2)} cores`,
  `cpu ratio         ${(verifyCpuUs / entryCpuUs).toFixed(2)} = ${verifyCpuUs.toFixed(0)} µs CPU per raw ` +
    `verification ÷ ${entryCpuUs.toFixed(0)} µs CPU per accepted entry (server + load generator): ` +
    'the ratio with every core busy and nothing else running',
  `raw ceiling       ${fmtInt(ceiling)} Ed25519 verifications/s on ${cores} cores ` +
    `(node:crypto, ${ceilingSeconds} s; before ${fmtInt(ceilingBefore.perSecond)}, after ${fmtInt(ceilingAfter.perSecond)})`,
  ...(otherCpu / load.seconds > 0.25
    ? [
        `WARNING           other processes used ${(otherCpu / load.seconds).toFixed(2)} cores ` +
          'during the load; on a shared machine the figures and the ratio are unreliable',
      ]
    : []),
  `goals             ratio >= ${GOAL_RATIO} ${yes(ratio >= GOAL_RATIO)}; ` +
    `RSS < ${fmtMb(GOAL_RSS_BYTES)} ${yes(peakRss < GOAL_RSS_BYTES)}; ` +
    `disk < ${GOAL_DISK_RATIO}x raw ${yes(diskRatio < GOAL_DISK_RATIO)}`,
  `ratio: ${ratio.toFixed(2)} of the raw Ed25519 ceiling (accepted/s ÷ verifications/s)`,
];

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const reportFile = join(benchDir, `ingest-${stamp}.json`);
writeFileSync(
  reportFile,
  `${JSON.stringify(
    {
      at: new Date().toISOString(),
      machine: { cores, cpu: cpus()[0]?.model, node: process.version },
      params: {
        entries,
        sensors,
        batch,
        posters,
        verifyWorkers,
        durationLimitS,
      },
      accepted: load.accepted,
      rejected: load.rejected,
      truncated: load.truncated,
      seconds: load.seconds,
      acceptedPerSecond,
      ackLatencyMs: { p50, p99, requests: load.requests },
      checkpointLagSeconds: { p50: lagP50, p99: lagP99, mean: lagMean, drainS },
      peakRssBytes: peakRss,
      rssBytes: {
        start: startRss,
        loadMedian: loadRss.median,
        loadMax: loadRss.max,
      },
      disk: {
        bytes: diskBytes,
        entries: stored.n,
        rawBytes: stored.bytes,
        ratio: diskRatio,
      },
      cpuSeconds: {
        server: serverCpu,
        loadGenerator: clientCpu,
        otherProcesses: otherCpu,
      },
      ceiling: {
        perSecond: ceiling,
        before: ceilingBefore,
        after: ceilingAfter,
      },
      ratio,
      cpuRatio: verifyCpuUs / entryCpuUs,
    },
    null,
    2
  )}\n`
);
console.error(`report written to ${reportFile}`);
for (const line of lines) console.log(line);
process.exitCode = load.accepted === entries ? 0 : 1;
