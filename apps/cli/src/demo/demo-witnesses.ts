import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatSignerKey } from '@truce/core';
import type { RunningWitness } from '@truce/witness';
import { writeFileAtomic } from '../key-file.js';
import { demoPaths } from './demo-setup.js';

/** The demo's witnesses: the monitoring mission's and one per party. */
export const DEMO_WITNESSES = ['monitor', 'a', 'b'] as const;

/**
 * The quorum: two of the three. Any two quorums share a witness, and a
 * witness never cosigns two different trees of one size, so a split view
 * would need a dishonest witness; yet one party taking its witness down
 * cannot stop findings from being verified, as "all three" would let it.
 */
export const DEMO_QUORUM_LINES = [
  'group parties 2 monitor a b',
  'quorum parties',
] as const;

/** A running demo witness and the policy line that names it. */
export type DemoWitness = {
  name: string;
  running: RunningWitness;
  policyLine: string;
};

/** The key name of witness `name`, as it appears on cosignatures. */
export function demoWitnessKeyName(name: string): string {
  return `witness-${name}.demo.truce`;
}

/**
 * Starts the demo's witnesses in this process, each with its own key and
 * SQLite state under `<data>/witnesses/<name>/`, made on first start and
 * reused after: a witness's state must stay that of the log it follows.
 * `port` 0 picks free ports; otherwise they listen on port, port+1, ...
 */
export async function startDemoWitnesses(options: {
  dataDir: string;
  origin: string;
  logVkey: string;
  host: string | undefined;
  port: number;
  logLevel: string;
}): Promise<DemoWitness[]> {
  const witness = await import('@truce/witness');
  const root = demoPaths(options.dataDir).witnesses;
  mkdirSync(root, { recursive: true });
  const started: DemoWitness[] = [];
  try {
    for (const [i, name] of DEMO_WITNESSES.entries()) {
      const keyFile = join(root, `${name}.key`);
      if (!existsSync(keyFile)) {
        const seed = new Uint8Array(randomBytes(32));
        writeFileAtomic(
          keyFile,
          `${formatSignerKey(demoWitnessKeyName(name), seed)}\n`,
          { replace: false }
        );
      }
      const running = await witness.startWitness(
        witness.parseWitnessConfig({
          dataDir: join(root, name),
          keyFile,
          logs: [{ origin: options.origin, vkey: options.logVkey }],
          port: options.port === 0 ? 0 : options.port + i,
          ...(options.host === undefined ? {} : { host: options.host }),
          logLevel: options.logLevel,
        })
      );
      started.push({
        name,
        running,
        policyLine: `witness ${name} ${running.identity.vkey} ${running.url}`,
      });
    }
  } catch (error) {
    await closeDemoWitnesses(started);
    throw error;
  }
  return started;
}

/** The policy text (C2SP tlog-policy) for the log and the running witnesses. */
export function demoPolicyText(
  logVkey: string,
  witnesses: readonly DemoWitness[]
): string {
  return [
    `log ${logVkey}`,
    ...witnesses.map((w) => w.policyLine),
    ...DEMO_QUORUM_LINES,
  ]
    .map((line) => `${line}\n`)
    .join('');
}

/** Closes every witness, each even when another fails. */
export async function closeDemoWitnesses(
  witnesses: readonly DemoWitness[]
): Promise<void> {
  await Promise.allSettled(witnesses.map((w) => w.running.close()));
}
