// `truce demo` in-process: the log server, three witnesses and the
// simulated front line, on free ports over a temporary folder, at a high
// --speed. Seed 6 is used because its first engagement is seen by two
// weapon-locating radar tracks, so a finding with two sources (the
// engine's verifyMinSources) comes within seconds of start.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWitnessPolicy } from '@truce/core';
import type { CliProcess } from './helpers.js';
import { runCli, startCli, tempDir, waitFor } from './helpers.js';
import { cosignedCheckpoint } from './processes.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

const WAIT_MS = 110_000;

function demoArgs(data: string, seed: string[] = ['--seed', '6']): string[] {
  return [
    'demo',
    '--data',
    data,
    '--port',
    '0',
    '--speed',
    '1000',
    ...seed,
    '--log-level',
    'silent',
    '--verify-workers',
    '0',
  ];
}

type Printed = {
  url: string;
  logVkey: string;
  witnesses: Map<string, { url: string; vkey: string }>;
  policyFile: string;
};

/** Waits for the header the demo prints and reads its URLs and keys. */
async function printedBy(cli: CliProcess): Promise<Printed> {
  await waitFor(() => /scenario seed \d+/.test(cli.stdout.text), WAIT_MS);
  const text = cli.stdout.text;
  const witnesses = new Map<string, { url: string; vkey: string }>();
  for (const m of text.matchAll(/witness: +(\S+) at (\S+) \((\S+)\)/g)) {
    witnesses.set(m[1]!, { url: m[2]!, vkey: m[3]! });
  }
  return {
    url: /listening at (\S+)\)$/m.exec(text)![1]!,
    logVkey: /log vkey: +(\S+)/.exec(text)![1]!,
    witnesses,
    policyFile: /policy: +(\S+)/.exec(text)![1]!,
  };
}

type Finding = { properties: { id: string; status: string } };

async function findings(url: string): Promise<Finding[]> {
  const answer = await fetch(`${url}/v1/findings`);
  return ((await answer.json()) as { features: Finding[] }).features;
}

/** Resolves true once nothing accepts connections at `url`. */
async function refuses(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return false;
  } catch {
    return true;
  }
}

/** A port something listens on, until `close`. */
async function takenPort(): Promise<{ port: number; close: () => void }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, close: () => server.close() };
}

describe('truce demo', () => {
  it('exits 2, with its witnesses closed, when its port is taken', async () => {
    const taken = await takenPort();
    const args = demoArgs(join(dir.path, 'demo'));
    args[args.indexOf('--port') + 1] = String(taken.port);
    const run = await runCli(args);
    taken.close();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/pick another --port/);
    for (const offset of [1, 2, 3]) {
      expect(await refuses(`http://127.0.0.1:${taken.port + offset}`)).toBe(
        true
      );
    }
  });

  it('runs witnesses that cosign to quorum and findings that get verified, then closes every port', async () => {
    const data = join(dir.path, 'demo');
    const cli = startCli(demoArgs(data));
    const printed = await printedBy(cli);
    expect([...printed.witnesses.keys()]).toEqual(['monitor', 'a', 'b']);
    const port = new URL(printed.url).port;
    expect(cli.stdout.text).toContain(`dashboard at http://localhost:${port}/`);
    const policy = parseWitnessPolicy(readFileSync(printed.policyFile, 'utf8'));
    expect(policy.quorum).toBe('parties');

    // (a) a checkpoint cosigned to the policy's quorum (2 of 3).
    await waitFor(async () => {
      const now = await cosignedCheckpoint(
        printed.url,
        policy,
        printed.logVkey
      );
      return now.met && now.size > 0;
    }, WAIT_MS);
    // (b) a finding, and (c) one verified: two sources, and its entry
    // in a checkpoint cosigned to the quorum.
    await waitFor(
      async () => (await findings(printed.url)).length > 0,
      WAIT_MS
    );
    await waitFor(
      async () =>
        (await findings(printed.url)).some(
          (f) => f.properties.status === 'verified'
        ),
      WAIT_MS
    );
    expect(cli.stdout.text).toMatch(/agreement: +minsk2-demo \(logged now\)/);
    // The demo coalition and ladder are loaded, and a verified finding
    // reaches a tier with a response plan.
    expect(cli.stdout.text).toMatch(/coalition: loaded [1-9]\d* members/);
    expect(cli.stdout.text).toMatch(/ladder: loaded /);
    await waitFor(async () => {
      const answer = await fetch(`${printed.url}/v1/response`);
      const now = (await answer.json()) as { tier: unknown; plan: unknown };
      return now.tier !== null && now.plan !== null;
    }, WAIT_MS);
    // Simulated violations are alerted as drills (CAP status Exercise).
    const [first] = await findings(printed.url);
    const cap = await fetch(
      `${printed.url}/v1/findings/${first!.properties.id}/cap`
    );
    expect(await cap.text()).toContain('<status>Exercise</status>');

    const run = await cli.stop();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/admin token: truce_/);
    const sent = /demo sent (\d+) observations, (\d+) accepted/.exec(
      run.stdout
    );
    expect(Number(sent?.[2])).toBeGreaterThan(0);
    expect(sent?.[2]).toBe(sent?.[1]);
    for (const url of [
      printed.url,
      ...[...printed.witnesses.values()].map((w) => w.url),
    ]) {
      expect(await refuses(url)).toBe(true);
    }
  });

  it('continues the same log and keys when started again on its folder', async () => {
    const data = join(dir.path, 'demo');
    const state = join(dir.path, 'verified-tree.json');
    // Without --seed: a fresh folder starts at seed 6, the next start
    // plays the seed after the last one it played.
    const first = startCli(demoArgs(data, []));
    const before = await printedBy(first);
    expect(first.stdout.text).toMatch(/scenario seed 6:/);
    const policy = parseWitnessPolicy(readFileSync(before.policyFile, 'utf8'));
    await waitFor(async () => {
      const now = await cosignedCheckpoint(before.url, policy, before.logVkey);
      return now.met && now.size > 40;
    }, WAIT_MS);
    const checked = await runCli([
      'verify',
      'log',
      before.url,
      '--state',
      state,
    ]);
    expect(checked.code).toBe(0);
    const verifiedSize = (
      JSON.parse(readFileSync(state, 'utf8')) as { size: number }
    ).size;
    expect((await first.stop()).code).toBe(0);

    const second = startCli(demoArgs(data, []));
    const after = await printedBy(second);
    expect(second.stdout.text).toMatch(/scenario seed 7:/);
    expect(after.logVkey).toBe(before.logVkey);
    for (const [name, w] of before.witnesses) {
      expect(after.witnesses.get(name)?.vkey).toBe(w.vkey);
    }
    expect(second.stdout.text).not.toMatch(/logged now/);
    await waitFor(async () => {
      const now = await cosignedCheckpoint(after.url, policy, after.logVkey);
      return now.met && now.size > verifiedSize;
    }, WAIT_MS);
    // The state file holds the tree verified before the restart: this
    // run checks a consistency proof from it to the new checkpoint.
    const again = await runCli(['verify', 'log', after.url, '--state', state]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      `extends the tree of size ${verifiedSize} verified before`
    );
    expect((await second.stop()).code).toBe(0);
  });
});
