/// <reference types="node" />
// Node types for reading the Sunlight test files (tests only).
import { readFileSync } from 'node:fs';
import { SHARED_DIR } from '@truce/testing';
import { describe, expect, it } from 'vitest';
import { base64Decode, utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import {
  compactRangeAppend,
  compactRangeEmpty,
  compactRangeRoot,
  treeRoot,
} from './compact-range.js';
import { consistencyProof, verifyConsistency } from './consistency-proof.js';
import { encodeEntryBundle } from './entry-bundle.js';
import { inclusionProof, verifyInclusion } from './inclusion-proof.js';
import { hashLeaf } from './merkle.js';
import { hashReaderFromNodes } from './node.js';
import type { StoredNode } from './node.js';
import { readHashTile, tileRefPath, tilesForSize } from './tile.js';
import {
  hashReaderFromTiles,
  splitHashTile,
  verifyEntryBundle,
  verifyTiles,
} from './tile-verify.js';

// VECTORS.md §6: Sunlight's 300-leaf mirror test log, leaves "record i".
const MIRROR = `${SHARED_DIR}/vectors/sunlight-skylight-testdata/cmd/skylight/testdata/witness/mirror/000de184301123b9278c086a7d9f68c9577e83872224c197058fd90784ea9706`;
const ROOT_300 = base64Decode('gw31yQrqZZCcEOPrzX+bpy3nJ6QgngTKn8G1m0i62uU=');
const FILES = ['tile/0/000', 'tile/0/001.p/44', 'tile/1/000.p/1'];

const records = Array.from({ length: 300 }, (_, i) =>
  utf8Encode(`record ${i}`)
);
let range = compactRangeEmpty();
const nodes: StoredNode[] = [];
for (const record of records) {
  const step = compactRangeAppend(range, hashLeaf(record));
  range = step.range;
  nodes.push(...step.newNodes);
}
const reader = hashReaderFromNodes(nodes);
const served = new Map(
  FILES.map((path) => [path, new Uint8Array(readFileSync(`${MIRROR}/${path}`))])
);

describe('readHashTile', () => {
  it.each(FILES)('recomputes %s byte for byte from the records', (path) => {
    const ref = tilesForSize(300).find((r) => tileRefPath(r) === path);
    if (ref?.kind !== 'hash') throw new Error(`no hash tile ${path}`);
    expect(readHashTile(ref, reader)).toEqual(served.get(path));
  });

  it('gives the checkpoint root of the Sunlight log', () => {
    expect(compactRangeRoot(range)).toEqual(ROOT_300);
  });
});

describe('verifyTiles', () => {
  it('accepts the served tiles for the checkpoint root', () => {
    expect(() =>
      verifyTiles({ size: 300, rootHash: ROOT_300, tiles: served })
    ).not.toThrow();
  });

  it('accepts a large tree built from stored nodes', () => {
    const size = 70000;
    let big = compactRangeEmpty();
    const bigNodes: StoredNode[] = [];
    for (let i = 0; i < size; i++) {
      const step = compactRangeAppend(big, hashLeaf(utf8Encode(`e${i}`)));
      big = step.range;
      bigNodes.push(...step.newNodes);
    }
    const bigReader = hashReaderFromNodes(bigNodes);
    const tiles = new Map<string, Uint8Array>();
    for (const ref of tilesForSize(size)) {
      if (ref.kind === 'hash') {
        tiles.set(tileRefPath(ref), readHashTile(ref, bigReader));
      }
    }
    const rootHash = compactRangeRoot(big);
    expect(() => verifyTiles({ size, rootHash, tiles })).not.toThrow();
    // Clients can prove from tiles alone.
    const tileReader = hashReaderFromTiles(tiles, size);
    const proof = inclusionProof(12345, size, tileReader);
    verifyInclusion({
      leafHash: bigNodes[0]!.hash,
      index: 0,
      size,
      proof: inclusionProof(0, size, tileReader),
      root: rootHash,
    });
    expect(proof).toEqual(inclusionProof(12345, size, bigReader));
    expect(consistencyProof(40000, size, tileReader)).toEqual(
      consistencyProof(40000, size, bigReader)
    );
  });

  describe('when the root differs', () => {
    it('throws TLOG_ROOT_MISMATCH', () => {
      expect(() =>
        verifyTiles({
          size: 300,
          rootHash: treeRoot(299, reader),
          tiles: served,
        })
      ).toThrowWithCode(CoreError, 'TLOG_ROOT_MISMATCH');
    });
  });

  describe('when a full tile disagrees with the tile above', () => {
    it('throws TLOG_ROOT_MISMATCH', () => {
      const tampered = new Map(served);
      const tile = served.get('tile/0/000')!.slice();
      tile[100] = tile[100]! ^ 1;
      tampered.set('tile/0/000', tile);
      expect(() =>
        verifyTiles({ size: 300, rootHash: ROOT_300, tiles: tampered })
      ).toThrowWithCode(CoreError, 'TLOG_ROOT_MISMATCH');
    });
  });

  describe('when a tile is missing', () => {
    it.each(FILES)('throws TLOG_HASH_MISSING without %s', (path) => {
      const partial = new Map(served);
      partial.delete(path);
      expect(() =>
        verifyTiles({ size: 300, rootHash: ROOT_300, tiles: partial })
      ).toThrowWithCode(CoreError, 'TLOG_HASH_MISSING');
    });
  });

  describe('when a tile has the wrong length', () => {
    it('throws TLOG_TILE_INVALID', () => {
      const cut = new Map(served);
      cut.set(
        'tile/0/001.p/44',
        served.get('tile/0/001.p/44')!.slice(0, 43 * 32)
      );
      expect(() =>
        verifyTiles({ size: 300, rootHash: ROOT_300, tiles: cut })
      ).toThrowWithCode(CoreError, 'TLOG_TILE_INVALID');
    });
  });

  it('accepts the empty tree with no tiles', () => {
    expect(() =>
      verifyTiles({
        size: 0,
        rootHash: compactRangeRoot(compactRangeEmpty()),
        tiles: new Map(),
      })
    ).not.toThrow();
  });
});

describe('hashReaderFromTiles', () => {
  it('serves proofs that verify against the checkpoint', () => {
    const tileReader = hashReaderFromTiles(served, 300);
    for (const index of [0, 255, 256, 299]) {
      verifyInclusion({
        leafHash: hashLeaf(records[index]!),
        index,
        size: 300,
        proof: inclusionProof(index, 300, tileReader),
        root: ROOT_300,
      });
    }
    verifyConsistency({
      oldSize: 256,
      newSize: 300,
      oldRoot: treeRoot(256, reader),
      newRoot: ROOT_300,
      proof: consistencyProof(256, 300, tileReader),
    });
  });

  describe('when a node lies beyond the tree size', () => {
    it('throws TLOG_HASH_MISSING', () => {
      const tileReader = hashReaderFromTiles(served, 300);
      expect(() =>
        tileReader.readHashes([{ level: 0, index: 300 }])
      ).toThrowWithCode(CoreError, 'TLOG_HASH_MISSING');
      expect(() =>
        tileReader.readHashes([{ level: 16, index: 0 }])
      ).toThrowWithCode(CoreError, 'TLOG_HASH_MISSING');
    });
  });
});

describe('splitHashTile', () => {
  describe.each([0, 31, 33, 257 * 32])('when given %i bytes', (length) => {
    it('throws TLOG_TILE_INVALID', () => {
      expect(() => splitHashTile(new Uint8Array(length))).toThrowWithCode(
        CoreError,
        'TLOG_TILE_INVALID'
      );
    });
  });
});

describe('verifyEntryBundle', () => {
  it('returns the records 0..255 for the first full bundle', () => {
    const bundle = encodeEntryBundle(records.slice(0, 256));
    expect(verifyEntryBundle(bundle, served.get('tile/0/000')!)).toEqual(
      records.slice(0, 256)
    );
  });

  it('returns the records 256..299 for the partial bundle', () => {
    const bundle = encodeEntryBundle(records.slice(256));
    expect(verifyEntryBundle(bundle, served.get('tile/0/001.p/44')!)).toEqual(
      records.slice(256)
    );
  });

  describe('when an entry does not match its leaf hash', () => {
    it('throws TLOG_ROOT_MISMATCH', () => {
      const bundle = encodeEntryBundle([
        ...records.slice(256, 299),
        utf8Encode('forged'),
      ]);
      expect(() =>
        verifyEntryBundle(bundle, served.get('tile/0/001.p/44')!)
      ).toThrowWithCode(CoreError, 'TLOG_ROOT_MISMATCH');
    });
  });

  describe('when the bundle width differs from the tile', () => {
    it('throws TLOG_TILE_INVALID', () => {
      const bundle = encodeEntryBundle(records.slice(256, 299));
      expect(() =>
        verifyEntryBundle(bundle, served.get('tile/0/001.p/44')!)
      ).toThrowWithCode(CoreError, 'TLOG_TILE_INVALID');
    });
  });
});
