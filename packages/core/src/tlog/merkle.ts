import { bytesConcat, bytesEqual } from '../bytes.js';
import { sha256 } from '../hash.js';
import { HASH_SIZE, assertHash, splitPoint } from './internal.js';

// Merkle Tree Hash of RFC 9162 §2.1.1 (identical to RFC 6962 §2.1).

/** Domain separation byte prepended to a leaf before hashing (RFC 9162 §2.1.1). */
export const RFC9162_LEAF_PREFIX = 0x00;

/** Domain separation byte prepended to two child hashes (RFC 9162 §2.1.1). */
export const RFC9162_NODE_PREFIX = 0x01;

export { HASH_SIZE };

const LEAF_PREFIX = new Uint8Array([RFC9162_LEAF_PREFIX]);
const NODE_PREFIX = new Uint8Array([RFC9162_NODE_PREFIX]);

/** MTH of the empty tree: SHA-256 of the empty string. */
export const EMPTY_TREE_ROOT: Uint8Array = sha256(new Uint8Array(0));

// A private copy for comparisons: an exported Uint8Array can be mutated.
const EMPTY = EMPTY_TREE_ROOT.slice();

/** Returns a fresh copy of the empty tree root. */
export function emptyTreeRoot(): Uint8Array {
  return EMPTY.slice();
}

/** True when `hash` is the empty tree root. */
export function isEmptyTreeRoot(hash: Uint8Array): boolean {
  return bytesEqual(hash, EMPTY);
}

/** Hashes one log entry into its leaf hash, SHA-256(0x00 || entry). */
export function hashLeaf(entry: Uint8Array): Uint8Array {
  return sha256(bytesConcat(LEAF_PREFIX, entry));
}

/** Hashes two child hashes into their parent, SHA-256(0x01 || left || right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(bytesConcat(NODE_PREFIX, left, right));
}

/**
 * Computes MTH over a list of leaf hashes (RFC 9162 §2.1.1); for reference
 * and tests, as it holds every leaf in memory.
 */
export function rootFromLeafHashes(
  leafHashes: readonly Uint8Array[]
): Uint8Array {
  leafHashes.forEach((hash, i) => assertHash(hash, `leaf hash ${i}`));
  if (leafHashes.length === 0) return emptyTreeRoot();
  return subtreeRoot(leafHashes, 0, leafHashes.length);
}

function subtreeRoot(
  hashes: readonly Uint8Array[],
  start: number,
  end: number
): Uint8Array {
  if (end - start === 1) return hashes[start]!;
  const k = splitPoint(end - start);
  return hashChildren(
    subtreeRoot(hashes, start, start + k),
    subtreeRoot(hashes, start + k, end)
  );
}
