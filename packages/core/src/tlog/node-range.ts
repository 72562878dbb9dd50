// Reading subtree hashes from full nodes; internal to tlog/ (index.ts does
// not re-export this file).
import { assertHash, splitPoint, tlogError } from './internal.js';
import { hashChildren } from './merkle.js';
import { nodeKey } from './node.js';
import type { HashReader, NodeId } from './node.js';

/**
 * Reads `ids` in one call and checks the reader kept its contract, so a
 * faulty adapter surfaces as a CoreError rather than as a wrong hash.
 */
export function readNodeHashes(
  reader: HashReader,
  ids: readonly NodeId[]
): Uint8Array[] {
  if (ids.length === 0) return [];
  const hashes: unknown = reader.readHashes(ids);
  if (!Array.isArray(hashes) || hashes.length !== ids.length) {
    throw tlogError(
      'TLOG_HASH_MISSING',
      'hash reader returned the wrong number of hashes'
    );
  }
  ids.forEach((id, i) => {
    if (hashes[i] === undefined || hashes[i] === null) {
      throw tlogError('TLOG_HASH_MISSING', `node ${nodeKey(id)} is missing`);
    }
    assertHash(hashes[i], `node ${nodeKey(id)}`);
  });
  return hashes as Uint8Array[];
}

/**
 * Lists the full nodes, largest first, whose leaves are exactly
 * [start, end). `start` must be a multiple of the bit ceiling of the range
 * length (an MTC subtree); every range in an RFC 9162 proof is one.
 */
export function rangeNodeIds(start: number, end: number): NodeId[] {
  const ids: NodeId[] = [];
  let at = start;
  while (at < end) {
    let width = 1;
    let level = 0;
    while (at % (width * 2) === 0 && at + width * 2 <= end) {
      width *= 2;
      level++;
    }
    ids.push({ level, index: at / width });
    at += width;
  }
  return ids;
}

/** Folds full-node hashes, largest first, into the hash of their range. */
export function foldRangeHashes(hashes: readonly Uint8Array[]): Uint8Array {
  let hash = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) {
    hash = hashChildren(hashes[i]!, hash);
  }
  return hash;
}

/** Reads MTH(D[start:end]) for several non-empty ranges with one batched read. */
export function readRangeHashes(
  reader: HashReader,
  ranges: readonly (readonly [number, number])[]
): Uint8Array[] {
  const perRange = ranges.map(([start, end]) => rangeNodeIds(start, end));
  const hashes = readNodeHashes(reader, perRange.flat());
  let offset = 0;
  return perRange.map((ids) => {
    const slice = hashes.slice(offset, offset + ids.length);
    offset += ids.length;
    return foldRangeHashes(slice);
  });
}

/**
 * The ranges of PATH(index, D[lo:hi]) (RFC 9162 §2.1.3.1), bottom-up: the
 * sibling subtree at each level from the leaf to the root of D[lo:hi].
 */
export function inclusionPathRanges(
  index: number,
  lo: number,
  hi: number
): [number, number][] {
  const ranges: [number, number][] = [];
  while (hi - lo > 1) {
    const mid = lo + splitPoint(hi - lo);
    if (index < mid) {
      ranges.push([mid, hi]);
      hi = mid;
    } else {
      ranges.push([lo, mid]);
      lo = mid;
    }
  }
  return ranges.reverse();
}
