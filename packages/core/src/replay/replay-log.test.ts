import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../bytes.js';
import { openCheckpoint } from '../tlog/checkpoint.js';
import { verifyInclusion, inclusionProof } from '../tlog/inclusion-proof.js';
import { hashLeaf } from '../tlog/merkle.js';
import { noteVerifierFromKey } from '../tlog/note-verifier.js';
import { verifyEntryBundle, verifyTiles } from '../tlog/tile-verify.js';
import { bundleDigest, buildStaticLog, replayLogKey } from './replay-log.js';

const files = [
  { name: 'sensors.json', bytes: utf8Encode('[]\n') },
  { name: 'agreement.json', bytes: utf8Encode('{}\n') },
];

describe('bundleDigest and replayLogKey', () => {
  it('depend on the bytes only, not the order files are given in', () => {
    const a = bundleDigest(files);
    expect(bundleDigest([...files].reverse())).toEqual(a);
    expect(replayLogKey(a)).toEqual(replayLogKey(bundleDigest(files)));
  });

  it('change with any byte', () => {
    const other = [files[0]!, { ...files[1]!, bytes: utf8Encode('{ }\n') }];
    expect(replayLogKey(bundleDigest(other)).vkey).not.toBe(
      replayLogKey(bundleDigest(files)).vkey
    );
  });
});

describe('buildStaticLog', () => {
  const entries = Array.from({ length: 600 }, (_, i) =>
    utf8Encode(`entry ${i}`)
  );
  const key = replayLogKey(bundleDigest(files));
  const log = buildStaticLog(entries, key);
  const tiles = new Map(log.tiles.map((t) => [t.path, t.bytes]));

  it('signs a checkpoint the derived key verifies', () => {
    const { checkpoint } = openCheckpoint(
      log.checkpoint,
      noteVerifierFromKey(key.vkey)
    );
    expect(checkpoint).toMatchObject({ origin: key.name, size: 600 });
    expect(checkpoint.rootHash).toEqual(log.rootHash);
  });

  it('lays out tiles that lead to the root, full and partial', () => {
    expect([...tiles.keys()]).toEqual([
      'tile/0/000',
      'tile/0/001',
      'tile/0/002.p/88',
      'tile/1/000.p/2',
      'tile/entries/000',
      'tile/entries/001',
      'tile/entries/002.p/88',
    ]);
    verifyTiles({ size: 600, rootHash: log.rootHash, tiles });
    const last = verifyEntryBundle(
      tiles.get('tile/entries/002.p/88')!,
      tiles.get('tile/0/002.p/88')!
    );
    expect(last.at(-1)).toEqual(entries[599]);
  });

  it('keeps every node for inclusion proofs', () => {
    verifyInclusion({
      leafHash: hashLeaf(entries[300]!),
      index: 300,
      size: 600,
      proof: inclusionProof(300, 600, log.reader),
      root: log.rootHash,
    });
  });

  it('gives the same bytes twice', () => {
    const again = buildStaticLog(entries, key);
    expect(again.checkpoint).toBe(log.checkpoint);
    expect(again.tiles).toEqual(log.tiles);
  });
});
