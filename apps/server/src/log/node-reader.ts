import type { HashReader, NodeId } from '@truce/core';
import type { LogStore } from '../storage/store.js';

const key = (id: NodeId) => `${id.level}/${id.index}`;
const PLACEHOLDER = new Uint8Array(32);

/**
 * Runs a core function that needs a synchronous `HashReader` against the
 * asynchronous store. Which nodes a proof or root reads depends only on the
 * sizes and indexes, never on hash values, so a first dry run with
 * placeholder hashes names every node; one batched read fetches them; the
 * second run computes the answer.
 */
export async function withStoredNodes<T>(
  store: LogStore,
  compute: (reader: HashReader) => T
): Promise<T> {
  const wanted = new Map<string, NodeId>();
  compute({
    readHashes(ids) {
      for (const id of ids) wanted.set(key(id), id);
      return ids.map(() => PLACEHOLDER);
    },
  });
  const ids = [...wanted.values()];
  const hashes = await store.readNodes(ids);
  const byKey = new Map(ids.map((id, i) => [key(id), hashes[i]!]));
  return compute({
    readHashes(list) {
      return list.map((id) => {
        const hash = byKey.get(key(id));
        if (hash === undefined) {
          throw new Error(`node ${key(id)} was not read in the dry run`);
        }
        return hash;
      });
    },
  });
}
