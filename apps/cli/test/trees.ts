import type { NoteSigner, StoredNode } from '@truce/core';
import {
  consistencyProof,
  hashChildren,
  hashLeaf,
  hashReaderFromNodes,
  rootFromLeafHashes,
  signCheckpoint,
  utf8Encode,
} from '@truce/core';

// Merkle trees built in memory, for tests that play a (dishonest) log.

/** Leaf hashes of made-up entries `label/0`, `label/1`, ... */
export function madeUpLeaves(label: string, count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) =>
    hashLeaf(utf8Encode(`${label}/${i}`))
  );
}

/** Every full subtree hash of a tree, as a log stores them. */
export function treeNodes(leaves: readonly Uint8Array[]): StoredNode[] {
  const nodes: StoredNode[] = [];
  let level = leaves.map((hash, index) => ({ level: 0, index, hash }));
  while (level.length > 0) {
    nodes.push(...level);
    const up: StoredNode[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      up.push({
        level: level[i]!.level + 1,
        index: i / 2,
        hash: hashChildren(level[i]!.hash, level[i + 1]!.hash),
      });
    }
    level = up;
  }
  return nodes;
}

/** The checkpoint of the tree of `leaves`, signed by `signer` (named for the origin). */
export function signedTree(
  leaves: readonly Uint8Array[],
  signer: NoteSigner
): string {
  return signCheckpoint(
    {
      origin: signer.name,
      size: leaves.length,
      rootHash: rootFromLeafHashes(leaves),
      extensions: [],
    },
    signer
  );
}

/** The consistency proof from `from` to the whole tree of `leaves`. */
export function proofWithin(
  leaves: readonly Uint8Array[],
  from: number
): Uint8Array[] {
  return consistencyProof(
    from,
    leaves.length,
    hashReaderFromNodes(treeNodes(leaves))
  );
}
