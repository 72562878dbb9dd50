import { bytesEqual } from '../bytes.js';
import { treeRoot } from './compact-range.js';
import { decodeEntryBundle } from './entry-bundle.js';
import { HASH_SIZE, assertTreeSize, tlogError } from './internal.js';
import { hashLeaf, rootFromLeafHashes } from './merkle.js';
import type { HashReader, NodeId } from './node.js';
import { nodeKey } from './node.js';
import { TILE_HEIGHT, TILE_WIDTH, tilePath, tilesForSize } from './tile.js';

// Checks tiles fetched from a tlog-tiles log (c2sp.org/tlog-tiles) against
// each other and against a checkpoint's root hash.

/** Fetched resources keyed by path under the log prefix, e.g. `tile/0/000`. */
export type TileSet = ReadonlyMap<string, Uint8Array>;

/** Splits hash tile bytes into hashes, requiring 1 to 256 whole hashes. */
export function splitHashTile(data: Uint8Array, width?: number): Uint8Array[] {
  const count = data.length / HASH_SIZE;
  if (!Number.isInteger(count) || count < 1 || count > TILE_WIDTH) {
    throw tlogError('TLOG_TILE_INVALID', `hash tile of ${data.length} bytes`);
  }
  if (width !== undefined && count !== width) {
    throw tlogError(
      'TLOG_TILE_INVALID',
      `hash tile holds ${count} hashes, expected ${width}`
    );
  }
  return Array.from({ length: count }, (_, i) =>
    data.slice(i * HASH_SIZE, (i + 1) * HASH_SIZE)
  );
}

/** Width of tile `index` at tile level `level` in the tree of `size`. */
function tileWidth(size: number, level: number, index: number): number {
  const count = Math.floor(size / TILE_WIDTH ** level);
  return Math.max(0, Math.min(TILE_WIDTH, count - index * TILE_WIDTH));
}

type TileAccess = {
  hashesOf(level: number, index: number): Uint8Array[];
  reader: HashReader;
};

function tileAccess(tiles: TileSet, size: number): TileAccess {
  assertTreeSize(size);
  const cache = new Map<string, Uint8Array[]>();
  const hashesOf = (level: number, index: number): Uint8Array[] => {
    const width = tileWidth(size, level, index);
    if (width === 0) {
      throw tlogError(
        'TLOG_HASH_MISSING',
        `tile ${level}/${index} is not in the tree`
      );
    }
    const path = tilePath({ level, index, width });
    let hashes = cache.get(path);
    if (hashes === undefined) {
      const data = tiles.get(path);
      if (data === undefined) {
        throw tlogError('TLOG_HASH_MISSING', `tile ${path} is missing`);
      }
      hashes = splitHashTile(data, width);
      cache.set(path, hashes);
    }
    return hashes;
  };
  const read = (id: NodeId): Uint8Array => {
    const span = 2 ** (id.level % TILE_HEIGHT);
    const first = id.index * span;
    const offset = first % TILE_WIDTH;
    const hashes = hashesOf(
      Math.floor(id.level / TILE_HEIGHT),
      Math.floor(first / TILE_WIDTH)
    ).slice(offset, offset + span);
    if (hashes.length !== span) {
      throw tlogError(
        'TLOG_HASH_MISSING',
        `node ${nodeKey(id)} is not in the tree`
      );
    }
    // Levels between tile levels are hashed up inside the tile; a copy
    // keeps callers from mutating the cached tile.
    return rootFromLeafHashes(hashes).slice();
  };
  return { hashesOf, reader: { readHashes: (ids) => ids.map(read) } };
}

/**
 * A HashReader over the fetched hash tiles of the tree of `size`, so that
 * treeRoot, inclusionProof and consistencyProof run on a client.
 */
export function hashReaderFromTiles(tiles: TileSet, size: number): HashReader {
  return tileAccess(tiles, size).reader;
}

/**
 * Verifies every hash tile of the tree of `size`: each is present with the
 * right width, each full tile hashes to its entry in the tile above, and
 * together they yield `rootHash`. Entry bundles are checked separately
 * (verifyEntryBundle).
 */
export function verifyTiles(input: {
  size: number;
  rootHash: Uint8Array;
  tiles: TileSet;
}): void {
  const { size, rootHash, tiles } = input;
  const access = tileAccess(tiles, size);
  for (const ref of tilesForSize(size)) {
    if (ref.kind !== 'hash') continue;
    const hashes = access.hashesOf(ref.level, ref.index);
    if (ref.level === 0) continue;
    hashes.forEach((hash, i) => {
      const child = access.hashesOf(ref.level - 1, ref.index * TILE_WIDTH + i);
      if (!bytesEqual(rootFromLeafHashes(child), hash)) {
        throw tlogError(
          'TLOG_ROOT_MISMATCH',
          `tile ${tilePath(ref)} does not match the tiles below it`
        );
      }
    });
  }
  if (!bytesEqual(treeRoot(size, access.reader), rootHash)) {
    throw tlogError('TLOG_ROOT_MISMATCH', 'tiles do not lead to the root hash');
  }
}

/**
 * Decodes an entry bundle and checks each entry against the leaf hashes of
 * the level-0 tile with the same index and width; returns the entries.
 */
export function verifyEntryBundle(
  bundle: Uint8Array,
  levelZeroTile: Uint8Array
): Uint8Array[] {
  const leafHashes = splitHashTile(levelZeroTile);
  const entries = decodeEntryBundle(bundle, leafHashes.length);
  entries.forEach((entry, i) => {
    if (!bytesEqual(hashLeaf(entry), leafHashes[i]!)) {
      throw tlogError(
        'TLOG_ROOT_MISMATCH',
        `entry ${i} does not match its leaf hash`
      );
    }
  });
  return entries;
}
