import { mkdirSync } from 'node:fs';
import type { SimAgreement } from '@truce/core';
import { CoreError, parseSimAgreement } from '@truce/core';
import type { RunningServer } from '@truce/server';
import type { Command } from '../command.js';
import type { CommandConfig } from '../config.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { CliError, EXIT_OK } from '../errors.js';
import { clientFor } from '../http-client.js';
import type { CliIo } from '../io.js';
import { println } from '../io.js';
import { writeFileAtomic } from '../key-file.js';
import { launchServer } from '../server-launch.js';
import {
  createDemoApi,
  ensureAgreement,
  ensureCoalition,
  ensureLadder,
} from '../demo/demo-data.js';
import type { FeedCounts } from '../demo/demo-episodes.js';
import { nextSeedOf, playEpisodes } from '../demo/demo-episodes.js';
import {
  demoAdminToken,
  demoPaths,
  printAdminToken,
} from '../demo/demo-setup.js';
import type { DemoApi } from '../demo/demo-data.js';
import {
  StatusLine,
  fetchFindingsAndTier,
  formatStatus,
} from '../demo/demo-status.js';
import type { DemoWitness } from '../demo/demo-witnesses.js';
import {
  closeDemoWitnesses,
  demoPolicyText,
  startDemoWitnesses,
} from '../demo/demo-witnesses.js';

// The demo turns the server's rate limits up: one client sends for every
// sensor, and a salvo heard by an array comes in one burst.
const DEMO_SENSOR_RATE = 1000;
const DEMO_SENSOR_BURST = 10_000;
const DEMO_CLIENT_RATE = 600_000;
const FINDINGS_REFRESH_MS = 5000;

/** A port already taken is a fix on the command line, not a crash. */
function portTaken(error: unknown, config: CommandConfig<'demo'>): never {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    throw new CliError(
      'USAGE',
      `${(error as Error).message}: pick another --port (the demo takes it and the next three, for its witnesses; now ${config.port})`,
      { cause: error }
    );
  }
  throw error;
}

/** The dashboard's address as a person types it: loopback by name. */
export function dashboardUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.hostname === '127.0.0.1') url.hostname = 'localhost';
  return url.href;
}

/** Starts the witnesses (unless --policy names others) and the server given them. */
async function startProcesses(config: CommandConfig<'demo'>): Promise<{
  running: RunningServer;
  witnesses: DemoWitness[];
}> {
  const server = await import('@truce/server');
  mkdirSync(config.data, { recursive: true });
  // The log key is made before the witnesses start: they are told its vkey.
  const logKey = server.loadOrCreateLogKey(
    server.dataPaths(config.data).logKey,
    config.origin ?? server.parseServerConfig({ dataDir: config.data }).origin
  );
  let witnesses: DemoWitness[] = [];
  let policy = config.policy;
  if (policy === undefined) {
    witnesses = await startDemoWitnesses({
      dataDir: config.data,
      origin: logKey.name,
      logVkey: logKey.verifierKey,
      host: config.host,
      port: config.port === 0 ? 0 : config.port + 1,
      logLevel: config.logLevel,
    }).catch((error: unknown) => portTaken(error, config));
    policy = demoPaths(config.data).policy;
    // Rewritten on every start: the URLs follow the ports of this run.
    writeFileAtomic(policy, demoPolicyText(logKey.verifierKey, witnesses), {
      replace: true,
      mode: 0o644,
    });
  }
  try {
    const running = await launchServer(
      {
        ...config,
        policy,
        sensorRate: config.sensorRate ?? DEMO_SENSOR_RATE,
        sensorBurst: config.sensorBurst ?? DEMO_SENSOR_BURST,
        clientRate: config.clientRate ?? DEMO_CLIENT_RATE,
      },
      // CAP 1.2 §3.2.1: simulated violations go out as drills, not as real alerts.
      { capStatus: 'Exercise' }
    );
    return { running, witnesses };
  } catch (error) {
    await closeDemoWitnesses(witnesses);
    portTaken(error, config);
  }
}

function simAgreementOf(raw: unknown): SimAgreement {
  try {
    return parseSimAgreement(raw);
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    throw new CliError(
      'FAILED',
      `the agreement in force cannot be simulated: ${error.message}`,
      { cause: error }
    );
  }
}

function printHeader(
  io: CliIo,
  running: RunningServer,
  witnesses: readonly DemoWitness[],
  policy: string | undefined
): void {
  const { url } = running;
  println(io.stdout, `Truce demo: dashboard at ${dashboardUrl(url)}`);
  println(io.stdout, `  (log server listening at ${url})`);
  println(io.stdout, `  API docs:    ${url}/docs`);
  println(io.stdout, `  checkpoint:  ${url}/log/checkpoint`);
  println(io.stdout, `  log vkey:    ${running.services.verifierKey}`);
  for (const w of witnesses) {
    println(
      io.stdout,
      `  witness:     ${w.name} at ${w.running.url} (${w.running.identity.vkey})`
    );
  }
  if (policy !== undefined) println(io.stdout, `  policy:      ${policy}`);
}

/** Redraws the status every second on a terminal, else every `seconds`. */
function startStatus(
  io: CliIo,
  api: DemoApi,
  running: RunningServer,
  counts: FeedCounts,
  seconds: number
): { line: StatusLine; stop: () => Promise<void> } {
  const line = new StatusLine(io.stdout);
  let busy: Promise<void> = Promise.resolve();
  // Counters are local and redrawn each tick; findings and the tier are
  // asked of the server at most every FINDINGS_REFRESH_MS.
  let found: Awaited<ReturnType<typeof fetchFindingsAndTier>> | undefined;
  let askedAt = -Infinity;
  const draw = async () => {
    if (io.now() - askedAt >= FINDINGS_REFRESH_MS) {
      askedAt = io.now();
      found = (await fetchFindingsAndTier(api).catch(() => undefined)) ?? found;
    }
    if (found === undefined) return;
    line.show(
      formatStatus({
        ...counts,
        ...found,
        logSize: running.services.sequencer.latest?.size ?? 0,
        cosigned: (running.services.cosigner?.status() ?? []).map((w) => ({
          name: w.name,
          size: w.cosignedSize,
        })),
      })
    );
  };
  const timer = setInterval(
    () => {
      busy = busy.then(draw);
    },
    line.inPlace ? 1000 : seconds * 1000
  );
  return {
    line,
    async stop() {
      clearInterval(timer);
      await busy;
      line.finish();
    },
  };
}

/** `truce demo` (`npm start`): the live demo, nothing else to install. */
export const runDemoCommand: Command = {
  name: 'demo',
  summary: 'Run the live demo: log, three witnesses, simulated front line',
  usage: usageOf(
    'demo',
    'truce demo [--data DIR] [--port N] [--speed N] [--seed N] [server flags]',
    "Runs, in this process, the log server on embedded SQLite, three witnesses\n(monitor, a, b; 2 of 3 cosign) on the next ports, and a simulated sensor\nnetwork on the agreement's contact line (acoustic arrays, radars, drones,\npatrols, weather) whose observations are re-timed to the wall clock,\nre-signed and sent as they fall due. Loads the demo agreement, coalition and\nladder when the server has none. Everything lives in --data and is reused on\nthe next start. Stop with Ctrl-C. See docs/demo.md."
  ),
  async run(argv, io) {
    const config = parseCommandConfig('demo', argv, io.env);
    const shutdown = io.shutdownSignal();
    const { running, witnesses } = await startProcesses(config);
    const counts: FeedCounts = {
      seed: config.seed ?? nextSeedOf(config.data),
      sent: 0,
      accepted: 0,
      rejected: new Map(),
    };
    let status: ReturnType<typeof startStatus> | undefined;
    try {
      const token = await demoAdminToken(io, config.data, running);
      const api = createDemoApi(running.url, token.secret, io.fetch);
      const { agreement, posted } = await ensureAgreement(api);
      printHeader(
        io,
        running,
        witnesses,
        witnesses.length > 0 ? demoPaths(config.data).policy : config.policy
      );
      printAdminToken(io, config.data, token);
      println(io.stdout, `  data folder: ${config.data}`);
      const id = (agreement as { id?: unknown }).id;
      println(
        io.stdout,
        `  agreement:   ${String(id)}${posted ? ' (logged now)' : ''}`
      );
      for (const outcome of [
        await ensureCoalition(api),
        await ensureLadder(api),
      ]) {
        println(io.stdout, `  ${outcome.line}`);
      }
      println(
        io.stdout,
        `  speed ${config.speed}: quiet time runs ${config.speed}x faster, engagements in real time. Ctrl-C stops.`
      );
      const shown = startStatus(io, api, running, counts, config.statusSeconds);
      status = shown;
      await playEpisodes({
        io,
        dataDir: config.data,
        client: clientFor(io, running.url, token.secret),
        agreement: simAgreementOf(agreement),
        speed: config.speed,
        firstSeed: counts.seed,
        signal: shutdown,
        counts,
        onEpisode: (seed, sensors, seconds) =>
          shown.line.print(
            `  scenario seed ${seed}: ${sensors} sensors, about ${seconds} s`
          ),
      });
    } finally {
      await status?.stop();
      println(io.stderr, 'stopping...');
      await running.close();
      await closeDemoWitnesses(witnesses);
    }
    const rejected = [...counts.rejected]
      .map(([code, n]) => `${n} ${code}`)
      .join(', ');
    println(
      io.stdout,
      `demo sent ${counts.sent} observations, ${counts.accepted} accepted${rejected === '' ? '' : `; rejected: ${rejected}`}`
    );
    return EXIT_OK;
  },
};
