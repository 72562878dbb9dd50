import { hash } from 'node:crypto';
import type { CompactRange, StoredNode } from '@truce/core';
import {
  MAX_ENTRY_BYTES,
  RFC9162_LEAF_PREFIX,
  RFC9162_NODE_PREFIX,
  compactRangeAppendAll,
} from '@truce/core';

// Scratch buffers for the prefixed hash inputs: one-shot hash() over a copy
// is cheaper than a streaming Hash object per node.
const leafInput = new Uint8Array(1 + MAX_ENTRY_BYTES);
leafInput[0] = RFC9162_LEAF_PREFIX;
const nodeInput = new Uint8Array(1 + 32 + 32);
nodeInput[0] = RFC9162_NODE_PREFIX;

function sha256(data: Uint8Array): Uint8Array {
  const out = hash('sha256', data, 'buffer');
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** SHA-256(0x00 || entry) of RFC 9162 §2.1.1, with node:crypto. */
export function hashLeafNative(entry: Uint8Array): Uint8Array {
  // Longer entries never reach the log; hash them the slow way anyway.
  if (entry.length > MAX_ENTRY_BYTES) {
    return sha256(Buffer.concat([leafInput.subarray(0, 1), entry]));
  }
  leafInput.set(entry, 1);
  return sha256(leafInput.subarray(0, 1 + entry.length));
}

function hashChildrenNative(left: Uint8Array, right: Uint8Array): Uint8Array {
  nodeInput.set(left, 1);
  nodeInput.set(right, 33);
  return sha256(nodeInput);
}

/**
 * Appends entries to a compact range: core's `compactRangeAppendAll` over
 * the entries' leaf hashes, hashed with node:crypto. Core hashes in pure JS to stay
 * browser-safe, and that was most of the sequencer's time. Same errors as
 * core; the tests check the nodes and frontier against core leaf by leaf.
 */
export function appendEntriesToRange(
  range: CompactRange,
  entries: readonly Uint8Array[]
): { range: CompactRange; nodes: StoredNode[] } {
  return appendLeafHashesToRange(range, entries.map(hashLeafNative));
}

/** `appendEntriesToRange` for leaf hashes computed earlier. */
export function appendLeafHashesToRange(
  range: CompactRange,
  leafHashes: readonly Uint8Array[]
): { range: CompactRange; nodes: StoredNode[] } {
  const appended = compactRangeAppendAll(range, leafHashes, {
    hashChildren: hashChildrenNative,
  });
  return { range: appended.range, nodes: appended.newNodes };
}
