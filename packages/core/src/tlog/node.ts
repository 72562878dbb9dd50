import { tlogError } from './internal.js';

/**
 * Names the hash of the full (perfect) subtree of height `level` that covers
 * leaves [index * 2^level, (index + 1) * 2^level). Only full nodes are ever
 * stored: the hashes of incomplete right-edge subtrees are computed from them.
 */
export type NodeId = { level: number; index: number };

/** A full node with its hash, as the log writes it. */
export type StoredNode = NodeId & { hash: Uint8Array };

/**
 * Synchronous port to the stored full-node hashes. `readHashes` returns one
 * 32-byte hash per id, in order, and must throw (ideally CoreError
 * 'TLOG_HASH_MISSING') when a node is absent rather than return a gap.
 * Which ids core asks for depends only on sizes and indexes, never on hash
 * values, so an async adapter may learn them in a dry run.
 */
export interface HashReader {
  readHashes(ids: readonly NodeId[]): Uint8Array[];
}

/** A stable string key for a node, `<level>/<index>`. */
export function nodeKey(id: NodeId): string {
  return `${id.level}/${id.index}`;
}

/** An in-memory HashReader over stored nodes, for tests, the CLI and the browser. */
export function hashReaderFromNodes(nodes: Iterable<StoredNode>): HashReader {
  const byKey = new Map<string, Uint8Array>();
  for (const node of nodes) byKey.set(nodeKey(node), node.hash);
  return {
    readHashes(ids) {
      return ids.map((id) => {
        const hash = byKey.get(nodeKey(id));
        if (hash === undefined) {
          throw tlogError(
            'TLOG_HASH_MISSING',
            `node ${nodeKey(id)} is missing`
          );
        }
        // A copy, so that a caller mutating a proof cannot corrupt the store.
        return hash.slice();
      });
    },
  };
}
