// A dishonest log: the log key signs two different trees sharing a prefix
// and shows both to a witness. The witness refuses the second (422 for a
// larger tree whose proof fails against what it cosigned, 409 for another
// root at its own size, as c2sp.org/tlog-witness says), keeps both notes,
// and `truce verify log --policy` fails naming the equivocation.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeEntryBundle,
  ed25519SignerFromSeed,
  entryBundlePath,
  formatAddCheckpointRequest,
  hashLeaf,
  parseSignerKey,
} from '@truce/core';
import type { Deployment } from './deployment.js';
import { deploy } from './deployment.js';
import { killChildren, runTruce, waitForCosigners } from './processes.js';
import { madeUpLeaves, proofWithin, signedTree } from './trees.js';

const ORIGIN = 'fork.test/log';

let net: Deployment;
beforeAll(async () => {
  net = await deploy({
    origin: ORIGIN,
    names: ['monitor'],
    extraLines: ['quorum monitor'],
  });
});
afterAll(async () => {
  await killChildren();
  net?.cleanup();
});

/**
 * A tree that keeps the real log's first `prefix` leaves and then holds
 * entries the real log never had, up to `size`; its checkpoint signed by
 * the log key, with the consistency proof from `from` inside that tree.
 */
function forkedCheckpoint(
  realLeaves: readonly Uint8Array[],
  prefix: number,
  size: number,
  from: number
): { note: string; proof: Uint8Array[] } {
  const leaves = [
    ...realLeaves.slice(0, prefix),
    ...madeUpLeaves(`shown to one party only, size ${size}`, size - prefix),
  ];
  const key = parseSignerKey(readFileSync(net.logKeyFile, 'utf8').trim());
  const note = signedTree(leaves, ed25519SignerFromSeed(key.name, key.seed));
  return { note, proof: proofWithin(leaves, from) };
}

async function addCheckpoint(body: string): Promise<Response> {
  const witness = net.witnesses.get('monitor')!;
  return fetch(`${witness.url}/add-checkpoint`, { method: 'POST', body });
}

describe('a log that shows a witness two histories', () => {
  it('is refused by the witness, which keeps both notes, and fails verify log with EQUIVOCATION', async () => {
    const size = await net.submit(3);
    const honest = await waitForCosigners(
      net.url,
      net.policy,
      net.logVkey,
      size,
      ['monitor']
    );
    const bundle = await fetch(`${net.url}/log/${entryBundlePath(0, size)}`);
    const realLeaves = decodeEntryBundle(
      new Uint8Array(await bundle.arrayBuffer()),
      size
    ).map(hashLeaf);
    expect(
      (await runTruce(['verify', 'log', net.url, '--policy', net.policyFile]))
        .code
    ).toBe(0);

    // A larger tree sharing the first two entries, with a proof that is
    // valid inside the fork but not from the tree the witness cosigned.
    const larger = forkedCheckpoint(realLeaves, 2, size + 2, size);
    const refused = await addCheckpoint(
      formatAddCheckpointRequest({ oldSize: size, ...larger })
    );
    expect(refused.status).toBe(422);

    // Another root at the witness's own size.
    const same = forkedCheckpoint(realLeaves, 2, size, size);
    const conflict = await addCheckpoint(
      formatAddCheckpointRequest({ oldSize: size, proof: [], note: same.note })
    );
    expect(conflict.status).toBe(409);
    expect(await conflict.text()).toBe(`${size}\n`);

    const held = (await (
      await fetch(`${net.witnesses.get('monitor')!.url}/equivocations`)
    ).json()) as { kind: string; notes: string[] }[];
    expect(held.map((e) => e.kind).sort()).toEqual([
      'consistency-proof-failed',
      'same-size-different-root',
    ]);
    for (const e of held) {
      expect(e.notes[0]).toBe(honest.slice(0, honest.indexOf('— witness.')));
    }
    expect(held.map((e) => e.notes[1]).sort()).toEqual(
      [larger.note, same.note].sort()
    );

    const run = await runTruce([
      'verify',
      'log',
      net.url,
      '--policy',
      net.policyFile,
    ]);
    expect(run.code).toBe(1);
    const fails = run.stdout.split('\n').filter((l) => l.startsWith('FAIL '));
    expect(fails).toHaveLength(2);
    for (const line of fails) {
      expect(line).toMatch(
        /^FAIL EQUIVOCATION witnesses\/monitor\/equivocations\/\d: witness monitor holds two checkpoints of sizes/
      );
    }
    expect(run.stdout).toContain(`sizes ${size} and ${size + 2}`);
    expect(run.stdout).toContain(`sizes ${size} and ${size}`);
  });
});
