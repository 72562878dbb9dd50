import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { REPO_ROOT } from '@truce/testing';
import type { WitnessPolicy } from '@truce/core';
import { verifyCosignedCheckpoint } from '@truce/core';
import { waitFor } from './helpers.js';

// `truce` as real processes on 127.0.0.1, for the multi-process tests.
// Every child is remembered so that `killChildren` (afterAll) leaves none.

const TRUCE = resolve(REPO_ROOT, 'apps/cli/bin/truce.js');

/** A running `truce` child with its output so far. */
export type TruceChild = {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
};

const children = new Set<ChildProcess>();

/** Starts `truce <argv>`; its output is kept, never printed. */
export function spawnTruce(argv: readonly string[]): TruceChild {
  const child = spawn(process.execPath, [TRUCE, ...argv], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((ok) => {
    child.on('exit', (code) => {
      children.delete(child);
      ok(code);
    });
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

export type TruceRun = { code: number | null; stdout: string; stderr: string };

/** Runs `truce <argv>` to its end (SIGKILLed after `timeoutMs`). */
export async function runTruce(
  argv: readonly string[],
  timeoutMs = 30_000
): Promise<TruceRun> {
  const run = spawnTruce(argv);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  const code = await run.exited;
  clearTimeout(timer);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** Kills every child still running (afterAll). */
export async function killChildren(): Promise<void> {
  const exits = [...children].map(
    (child) =>
      new Promise((ok) => {
        child.once('exit', ok);
        child.kill('SIGKILL');
      })
  );
  await Promise.all(exits);
}

/** Waits for a server child to print `listening at <url>` and returns the URL. */
export async function listeningUrl(server: TruceChild): Promise<string> {
  let url: string | undefined;
  await waitFor(() => {
    if (server.child.exitCode !== null) {
      throw new Error(`exited ${server.child.exitCode}: ${server.stderr()}`);
    }
    url = /listening at (\S+)/.exec(server.stdout())?.[1];
    return url !== undefined;
  }, 30_000);
  return url!;
}

/** The `verifier key: ...` line of `truce keygen`. */
export function printedVkey(stdout: string): string {
  const vkey = /^verifier key: (\S+)$/m.exec(stdout)?.[1];
  if (vkey === undefined) throw new Error(`no verifier key in: ${stdout}`);
  return vkey;
}

/** The log's cosigned checkpoint as a verifier sees it now. */
export async function cosignedCheckpoint(
  url: string,
  policy: WitnessPolicy,
  logVkey: string
): Promise<{ note: string; size: number; cosigners: string[]; met: boolean }> {
  const response = await fetch(`${url}/log/checkpoint`);
  const note = await response.text();
  if (!response.ok) return { note, size: 0, cosigners: [], met: false };
  const verified = verifyCosignedCheckpoint({ note, policy, logVkey });
  return {
    note,
    size: verified.checkpoint.size,
    cosigners: verified.cosigners.map((c) => c.name).sort(),
    met: verified.quorumMet,
  };
}

/** Waits until the log's checkpoint has `size` and exactly these cosigners. */
export async function waitForCosigners(
  url: string,
  policy: WitnessPolicy,
  logVkey: string,
  size: number,
  cosigners: readonly string[]
): Promise<string> {
  const want = [...cosigners].sort().join(',');
  let last = '';
  try {
    await waitFor(async () => {
      const now = await cosignedCheckpoint(url, policy, logVkey);
      last = `size ${now.size}, cosigners ${now.cosigners.join(',')}`;
      return now.size >= size && now.cosigners.join(',') === want;
    }, 30_000);
  } catch {
    throw new Error(`wanted size ${size} cosigned by ${want}; last ${last}`);
  }
  return (await cosignedCheckpoint(url, policy, logVkey)).note;
}
