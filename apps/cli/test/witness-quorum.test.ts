// Multi-process test on loopback: one log, three witnesses (monitor, A, B)
// as real processes, policy "2 of 3"; cosigned checkpoints appear; with one
// witness down the quorum still holds; with two down the evidence verifier
// reports no quorum.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  base64Decode,
  buildEntryEvidence,
  decodeEntryBundle,
  entryBundlePath,
  formatEntryEvidence,
  parseCheckpoint,
  parseNote,
} from '@truce/core';
import type { Deployment } from './deployment.js';
import { deploy } from './deployment.js';
import type { TruceRun } from './processes.js';
import { killChildren, runTruce, waitForCosigners } from './processes.js';

const ORIGIN = 'quorum.test/log';

let net: Deployment;
beforeAll(async () => {
  net = await deploy({
    origin: ORIGIN,
    names: ['monitor', 'a', 'b'],
    extraLines: ['group parties 2 monitor a b', 'quorum parties'],
  });
});
afterAll(async () => {
  await killChildren();
  net?.cleanup();
});

/** Codes of the FAIL lines a command printed. */
function failCodes(run: TruceRun): string[] {
  return [...run.stdout.matchAll(/^FAIL (\S+) /gm)].map((m) => m[1]!);
}

async function getEvidence(index: number, name: string) {
  const out = join(net.dir, name);
  const run = await runTruce([
    'evidence',
    'get',
    net.url,
    String(index),
    '--out',
    out,
    '--wait',
    '10',
  ]);
  return { run, out };
}

function verifyEvidence(file: string) {
  return runTruce([
    'verify',
    'evidence',
    file,
    '--policy',
    net.policyFile,
    '--trust',
    net.logVkey,
  ]);
}

function verifyLog(...flags: string[]) {
  return runTruce([
    'verify',
    'log',
    net.url,
    '--policy',
    net.policyFile,
    ...flags,
  ]);
}

/** An evidence file for `index` built from the tiles and proof API, over `note`. */
async function evidenceFromApi(index: number, note: string): Promise<string> {
  const size = parseCheckpoint(parseNote(note).text).size;
  const bundle = await fetch(`${net.url}/log/${entryBundlePath(0, size)}`);
  const entries = decodeEntryBundle(
    new Uint8Array(await bundle.arrayBuffer()),
    size
  );
  const proof = async (i: number) => {
    const answer = await fetch(
      `${net.url}/v1/proofs/inclusion?index=${i}&size=${size}`
    );
    const { hashes } = (await answer.json()) as { hashes: string[] };
    return hashes.map(base64Decode);
  };
  const evidence = buildEntryEvidence({
    logVkey: net.logVkey,
    checkpoint: note,
    policy: net.policyText,
    entry: { index, bytes: entries[index]!, proof: await proof(index) },
    registry: [{ index: 0, bytes: entries[0]!, proof: await proof(0) }],
  });
  const file = join(net.dir, `built-${index}.evidence.json`);
  writeFileSync(file, formatEntryEvidence(evidence));
  return file;
}

describe('a log with witnesses monitor, a, b and a 2-of-3 policy', () => {
  it('gets checkpoints cosigned by all three; evidence and the log verify', async () => {
    const size = await net.submit(3);
    await waitForCosigners(net.url, net.policy, net.logVkey, size, [
      'a',
      'b',
      'monitor',
    ]);
    const { run: got, out } = await getEvidence(size - 1, 'all-three.json');
    expect(got.code).toBe(0);
    const checked = await verifyEvidence(out);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(
      /quorum parties met; cosigned by monitor, a, b/
    );

    const log = await verifyLog();
    expect(log.code).toBe(0);
    for (const name of ['monitor', 'a', 'b']) {
      expect(log.stdout).toMatch(
        new RegExp(`^ +${name} +cosigned at \\d{4}-`, 'm')
      );
    }
    expect(log.stdout).toContain('quorum parties met');
  });

  it('keeps the quorum with witness b killed', async () => {
    net.witnesses.get('b')!.child.child.kill('SIGKILL');
    await net.witnesses.get('b')!.child.exited;
    const size = await net.submit(3);
    const note = await waitForCosigners(
      net.url,
      net.policy,
      net.logVkey,
      size,
      ['a', 'monitor']
    );
    expect(note).not.toContain('witness.b.test');

    const { run: got, out } = await getEvidence(size - 1, 'two-of-three.json');
    expect(got.code).toBe(0);
    const checked = await verifyEvidence(out);
    expect(checked.code).toBe(0);

    // b is unreachable: a warning, not a failure, while the quorum holds.
    const log = await verifyLog();
    expect(log.code).toBe(0);
    expect(log.stderr).toMatch(/warning: WITNESS_UNREACHABLE witnesses\/b:/);
    expect(log.stdout).toMatch(
      /^ +b +did not cosign this checkpoint; unreachable/m
    );
  });

  it('fails the quorum with a and b killed: verify log and verify evidence exit 1 with QUORUM_NOT_MET', async () => {
    net.witnesses.get('a')!.child.child.kill('SIGKILL');
    await net.witnesses.get('a')!.child.exited;
    const size = await net.submit(3);
    const note = await waitForCosigners(
      net.url,
      net.policy,
      net.logVkey,
      size,
      ['monitor']
    );

    const log = await verifyLog();
    expect(log.code).toBe(1);
    expect(failCodes(log)).toEqual(['QUORUM_NOT_MET']);

    // The server has no evidence file for the new entry: 503 until --wait.
    const refused = await runTruce([
      'evidence',
      'get',
      net.url,
      String(size - 1),
      '--out',
      join(net.dir, 'none.json'),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/cosigned to the log's witness quorum/);

    // Built by hand over the checkpoint only monitor cosigned.
    const file = await evidenceFromApi(size - 1, note);
    const checked = await verifyEvidence(file);
    expect(checked.code).toBe(1);
    expect(failCodes(checked)).toEqual(['QUORUM_NOT_MET']);
  });
});
