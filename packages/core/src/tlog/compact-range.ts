import {
  assertHash,
  assertTreeSize,
  half,
  lsb,
  tlogError,
} from './internal.js';
import { emptyTreeRoot, hashChildren } from './merkle.js';
import type { HashReader, NodeId, StoredNode } from './node.js';
import { readNodeHashes } from './node-range.js';

// The right frontier ("compact range" of [0, size)) of a Merkle tree: one
// full-node hash per set bit of `size`, largest subtree first. Values are
// immutable; every function returns a new range. Pure functions rather than
// a class, so a range is plain data the server can keep and tests can
// compare.

/** The frontier of a tree: the full nodes covering [0, size), largest first. */
export type CompactRange = {
  readonly size: number;
  readonly hashes: readonly Uint8Array[];
};

/** Result of appending one leaf: the new frontier and the nodes to store. */
export type CompactRangeAppend = {
  range: CompactRange;
  newNodes: StoredNode[];
};

/** Lists the full nodes of the frontier of a tree of `size` leaves, largest first. */
export function compactRangeNodeIds(size: number): NodeId[] {
  assertTreeSize(size);
  const ids: NodeId[] = [];
  let start = 0;
  for (let level = 52; level >= 0; level--) {
    const width = 2 ** level;
    if (size - start >= width) {
      ids.push({ level, index: start / width });
      start += width;
    }
  }
  return ids;
}

/** The frontier of the empty tree. */
export function compactRangeEmpty(): CompactRange {
  return { size: 0, hashes: [] };
}

function assertWellFormed(range: CompactRange): void {
  assertTreeSize(range.size);
  if (range.hashes.length !== compactRangeNodeIds(range.size).length) {
    throw tlogError(
      'TLOG_HASH_MISSING',
      'compact range does not match its size'
    );
  }
}

/** Hashes two children into their parent (RFC 9162 §2.1.1: 0x01 ‖ L ‖ R). */
export type NodeHasher = (left: Uint8Array, right: Uint8Array) => Uint8Array;

/**
 * Appends one leaf hash, returning the new frontier and every node this
 * append completes: the leaf itself (level 0) and each full parent above it.
 */
export function compactRangeAppend(
  range: CompactRange,
  leafHash: Uint8Array
): CompactRangeAppend {
  return compactRangeAppendAll(range, [leafHash]);
}

/**
 * Appends leaf hashes in order: `compactRangeAppend` for each, in one pass.
 * A server may pass a faster `hashChildren` (e.g. node:crypto) than the
 * pure-JS default; it must compute the same RFC 9162 node hash.
 */
export function compactRangeAppendAll(
  range: CompactRange,
  leafHashes: readonly Uint8Array[],
  options: { hashChildren?: NodeHasher } = {}
): CompactRangeAppend {
  assertWellFormed(range);
  if (range.size + leafHashes.length > Number.MAX_SAFE_INTEGER) {
    throw tlogError(
      'TLOG_SIZE_INVALID',
      'tree size would exceed the safe integer range'
    );
  }
  const hashNode = options.hashChildren ?? hashChildren;
  const hashes = range.hashes.slice();
  const newNodes: StoredNode[] = [];
  let size = range.size;
  for (const leafHash of leafHashes) {
    assertHash(leafHash, 'leaf hash');
    let hash = leafHash;
    let level = 0;
    let index = size;
    newNodes.push({ level, index, hash });
    // Each set low bit of the old size is a left sibling now complete.
    while (lsb(Math.floor(size / 2 ** level)) === 1) {
      hash = hashNode(hashes.pop()!, hash);
      level++;
      index = half(index);
      newNodes.push({ level, index, hash });
    }
    hashes.push(hash);
    size++;
  }
  return { range: { size, hashes }, newNodes };
}

/** Computes the root hash of the tree the frontier describes. */
export function compactRangeRoot(range: CompactRange): Uint8Array {
  assertWellFormed(range);
  const { hashes } = range;
  const last = hashes[hashes.length - 1];
  if (last === undefined) return emptyTreeRoot();
  // Fold right to left; a copy when there is nothing to fold, so the root
  // never aliases the range.
  let root: Uint8Array = last.slice();
  for (let i = hashes.length - 2; i >= 0; i--) {
    root = hashChildren(hashes[i]!, root);
  }
  return root;
}

/** Restores the frontier of a tree of `size` leaves from stored full nodes. */
export function compactRangeFromReader(
  size: number,
  reader: HashReader
): CompactRange {
  const hashes = readNodeHashes(reader, compactRangeNodeIds(size));
  return { size, hashes };
}

/** Computes the root of the tree of `size` leaves from stored full nodes only. */
export function treeRoot(size: number, reader: HashReader): Uint8Array {
  return compactRangeRoot(compactRangeFromReader(size, reader));
}
