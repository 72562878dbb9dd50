import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WitnessPolicy } from '@truce/core';
import { parseWitnessPolicy } from '@truce/core';
import { jsonl, tempDir, waitFor } from './helpers.js';
import type { TruceChild } from './processes.js';
import {
  listeningUrl,
  printedVkey,
  runTruce,
  spawnTruce,
} from './processes.js';

// One log and its witnesses as real `truce` processes on 127.0.0.1, set
// up the way a deployment is: keys from `truce keygen`, witnesses from
// `truce witness serve`, the log from `truce serve --policy`.

export type DeployedWitness = {
  name: string;
  vkey: string;
  url: string;
  child: TruceChild;
};

export type Deployment = {
  dir: string;
  origin: string;
  url: string;
  logVkey: string;
  logKeyFile: string;
  policy: WitnessPolicy;
  policyText: string;
  policyFile: string;
  witnesses: Map<string, DeployedWitness>;
  log: TruceChild;
  /** Signs and sends `count` heartbeats with `truce submit`; the log size after. */
  submit: (count: number) => Promise<number>;
  cleanup: () => void;
};

/** Fails with the command's output when it did not exit 0. */
async function mustRun(argv: readonly string[]): Promise<string> {
  const run = await runTruce(argv);
  if (run.code !== 0) {
    throw new Error(`truce ${argv.join(' ')}: ${run.code}\n${run.stderr}`);
  }
  return run.stdout;
}

/** A recent observation time, to the second (the server bounds the future only). */
function recentTime(): string {
  return new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * Starts witnesses `names` for a fresh log key, writes a policy with their
 * URLs and `extraLines` (groups, quorum), and starts the log with it and one
 * registered sensor.
 */
export async function deploy(options: {
  origin: string;
  names: readonly string[];
  extraLines: readonly string[];
}): Promise<Deployment> {
  const temp = tempDir();
  const dir = temp.path;
  const { origin } = options;
  const logDir = join(dir, 'log');
  mkdirSync(logDir);
  // The log key is made before the log's first start, so the witnesses
  // can be told the log's vkey first.
  const logKeyFile = join(logDir, 'log.key');
  const file = (name: string) => join(dir, name);
  const [logOut, sensorOut, ...witnessOuts] = await Promise.all([
    mustRun(['keygen', '--log', origin, '--out', logKeyFile]),
    mustRun(['keygen', '--sensor', 'mic-1', '--out', file('sensor.key')]),
    ...options.names.map((name) =>
      mustRun([
        'keygen',
        '--witness',
        `witness.${name}.test`,
        '--out',
        file(`${name}.key`),
      ])
    ),
  ]);
  const logVkey = printedVkey(logOut!);
  const witnesses = new Map<string, DeployedWitness>();
  await Promise.all(
    options.names.map(async (name, i) => {
      const child = spawnTruce([
        'witness',
        'serve',
        '--data',
        file(`${name}-data`),
        '--key',
        file(`${name}.key`),
        '--log',
        origin,
        logVkey,
        '--port',
        '0',
        '--log-level',
        'silent',
      ]);
      const url = await listeningUrl(child);
      const vkey = printedVkey(witnessOuts[i]!);
      // `witness serve` prints the vkey that keygen printed.
      await waitFor(() => child.stdout().includes('policy line:'));
      if (!child.stdout().includes(`vkey:        ${vkey}`)) {
        throw new Error(`witness ${name} prints another vkey`);
      }
      witnesses.set(name, { name, vkey, url, child });
    })
  );
  const policyText = [
    `log ${logVkey}`,
    ...options.names.map((name) => {
      const w = witnesses.get(name)!;
      return `witness ${name} ${w.vkey} ${w.url}`;
    }),
    ...options.extraLines,
  ]
    .map((line) => `${line}\n`)
    .join('');
  const policyFile = file('policy.txt');
  writeFileSync(policyFile, policyText);
  const record = JSON.parse(sensorOut!.slice(sensorOut!.indexOf('{')));
  writeFileSync(file('sensors.json'), JSON.stringify([record]));

  const log = spawnTruce([
    'serve',
    '--data',
    logDir,
    '--origin',
    origin,
    '--port',
    '0',
    '--log-level',
    'silent',
    '--verify-workers',
    '0',
    '--integrate-interval-ms',
    '20',
    '--policy',
    policyFile,
    '--sensors',
    file('sensors.json'),
  ]);
  const url = await listeningUrl(log);

  let seq = 1;
  let size = 1; // the sensor's registration
  let batch = 0;
  return {
    dir,
    origin,
    url,
    logVkey,
    logKeyFile,
    policy: parseWitnessPolicy(policyText),
    policyText,
    policyFile,
    witnesses,
    log,
    async submit(count) {
      const lines = Array.from({ length: count }, () => ({
        time: recentTime(),
        kind: 'heartbeat',
        heartbeat: { status: 'ok' },
      }));
      const input = file(`batch-${batch++}.jsonl`);
      writeFileSync(input, jsonl(lines));
      await mustRun([
        'submit',
        '--url',
        url,
        '--key',
        file('sensor.key'),
        '--start-seq',
        String(seq),
        input,
      ]);
      seq += count;
      size += count;
      return size;
    },
    cleanup: temp.cleanup,
  };
}
