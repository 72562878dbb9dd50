import { bytesEqual } from '../bytes.js';
import { coreErrorOf } from '../errors.js';
import {
  compactRangeAppend,
  compactRangeEmpty,
  compactRangeRoot,
} from '../tlog/compact-range.js';
import { decodeEntryBundle } from '../tlog/entry-bundle.js';
import { HASH_SIZE, hashLeaf } from '../tlog/merkle.js';
import type { StoredNode } from '../tlog/node.js';
import {
  TILE_HEIGHT,
  TILE_WIDTH,
  tileRefPath,
  tilesForSize,
} from '../tlog/tile.js';
import type { EntryBundleRef, HashTileRef, TileRef } from '../tlog/tile.js';
import type { AuditIssues } from './audit-issue.js';
import { fetchInOrder } from './fetch-in-order.js';

/**
 * Reads one resource of a tlog-tiles log by its path under the log prefix
 * (`tile/0/000`, `tile/entries/001.p/7`). Resolves undefined when the log
 * says it has no such resource; rejects only when the log could not be
 * asked, and that rejection ends the audit.
 */
export type TileFetcher = (path: string) => Promise<Uint8Array | undefined>;

/** A tree size and root hash trusted from an earlier audit. */
export type TreeHead = { size: number; rootHash: Uint8Array };

export type TreeAuditInput = {
  head: TreeHead;
  previous: TreeHead | undefined;
  fetchTile: TileFetcher;
  concurrency: number;
  issues: AuditIssues;
  /** Called for every entry, in index order. */
  onEntry: (index: number, bytes: Uint8Array) => void;
  onProgress: (done: number, total: number) => void;
};

const tileKey = (level: number, index: number) => `${level}/${index}`;

/**
 * Fetches every hash tile and entry bundle of the tree of `head.size` and
 * recomputes the tree from the entries alone: each full node a hash tile
 * holds must equal the recomputed one, the root must equal `head.rootHash`,
 * and the root of the first `previous.size` leaves must equal
 * `previous.rootHash`. Entry bundles stream through in order, so memory
 * stays small however long the log is.
 */
export async function auditTree(input: TreeAuditInput): Promise<void> {
  const { head, previous, issues } = input;
  const refs = tilesForSize(head.size);
  let done = 0;
  const fetchRef = async (ref: TileRef) => {
    const data = await input.fetchTile(tileRefPath(ref));
    input.onProgress(++done, refs.length);
    return data;
  };
  const tileHashes = (ref: HashTileRef, data: Uint8Array | undefined) => {
    const path = ['tiles', tileRefPath(ref)];
    if (data === undefined) {
      issues.add('TILE_MISSING', path, 'the log does not serve this tile');
      return undefined;
    }
    if (data.length !== ref.width * HASH_SIZE) {
      const want = ref.width * HASH_SIZE;
      const message = `tile has ${data.length} bytes, not ${want}`;
      issues.add('TILE_MISMATCH', path, message);
      return undefined;
    }
    return Array.from({ length: ref.width }, (_, i) =>
      data.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE)
    );
  };

  // Upper tiles are 1/256 of the level below: small enough to hold.
  const upper = new Map<string, Uint8Array[] | undefined>();
  const upperRefs = refs.filter(
    (ref): ref is HashTileRef => ref.kind === 'hash' && ref.level > 0
  );
  const upperTasks = upperRefs.map((ref) => () => fetchRef(ref));
  let u = 0;
  for await (const data of fetchInOrder(upperTasks, input.concurrency)) {
    const ref = upperRefs[u++]!;
    upper.set(tileKey(ref.level, ref.index), tileHashes(ref, data));
  }

  const bundles = refs.filter((ref): ref is EntryBundleRef => {
    return ref.kind === 'entries';
  });
  const pairTasks = bundles.flatMap((bundle) => [
    () => fetchRef({ ...bundle, kind: 'hash', level: 0 }),
    () => fetchRef(bundle),
  ]);
  const mismatched = new Set<string>();
  const checkNode = (node: StoredNode, hashes: Uint8Array[] | undefined) => {
    if (hashes === undefined) return;
    const level = node.level / TILE_HEIGHT;
    const index = Math.floor(node.index / TILE_WIDTH);
    const want = hashes[node.index % TILE_WIDTH]!;
    const key = tileKey(level, index);
    if (bytesEqual(want, node.hash) || mismatched.has(key)) return;
    mismatched.add(key);
    const width = hashes.length;
    const path = tileRefPath({ kind: 'hash', level, index, width });
    issues.add(
      'TILE_MISMATCH',
      ['tiles', path],
      `node ${node.level}/${node.index} differs from the hash of the entries below it`
    );
  };

  let range = compactRangeEmpty();
  let level0: Uint8Array[] | undefined;
  let slot = 0;
  for await (const data of fetchInOrder(pairTasks, input.concurrency)) {
    const ref = bundles[slot >> 1]!;
    const isTile = slot++ % 2 === 0;
    if (isTile) {
      level0 = tileHashes({ ...ref, kind: 'hash', level: 0 }, data);
      continue;
    }
    const path = ['tiles', tileRefPath(ref)];
    if (data === undefined) {
      issues.add('TILE_MISSING', path, 'the log does not serve this bundle');
      return;
    }
    let entries: Uint8Array[];
    try {
      entries = decodeEntryBundle(data, ref.width);
    } catch (error) {
      issues.add('ENTRY_BUNDLE_INVALID', path, coreErrorOf(error).message);
      return;
    }
    for (const [k, entry] of entries.entries()) {
      const index = ref.index * TILE_WIDTH + k;
      const step = compactRangeAppend(range, hashLeaf(entry));
      range = step.range;
      for (const node of step.newNodes) {
        if (node.level % TILE_HEIGHT !== 0) continue;
        const hashes =
          node.level === 0
            ? level0
            : upper.get(
                tileKey(
                  node.level / TILE_HEIGHT,
                  Math.floor(node.index / TILE_WIDTH)
                )
              );
        checkNode(node, hashes);
      }
      if (!issues.entriesFull) input.onEntry(index, entry);
      if (previous !== undefined && index + 1 === previous.size) {
        if (!bytesEqual(compactRangeRoot(range), previous.rootHash)) {
          issues.add(
            'CONSISTENCY_FAILED',
            ['previous'],
            `the first ${previous.size} entries no longer hash to the root of the previous audit`
          );
        }
      }
    }
  }
  if (!bytesEqual(compactRangeRoot(range), head.rootHash)) {
    issues.add(
      'ROOT_MISMATCH',
      ['checkpoint'],
      `the ${head.size} entries do not hash to the checkpoint's root`
    );
  }
}
