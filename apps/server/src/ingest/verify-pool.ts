import { Worker } from 'node:worker_threads';
import type { VerifyItem } from './ed25519-batch.mjs';
import { packItems, verifyPacked } from './ed25519-batch.mjs';

export type { VerifyItem };

/** Checks Ed25519 signatures in batches; `true` where a signature holds. */
export interface SignatureVerifier {
  verifyBatch(items: readonly VerifyItem[]): Promise<boolean[]>;
  close(): Promise<void>;
}

const toBooleans = (results: Uint8Array): boolean[] =>
  Array.from(results, (r) => r === 1);

/** Verifies on the calling thread (tests, small deployments). */
export function createInlineVerifier(): SignatureVerifier {
  return {
    async verifyBatch(items) {
      return toBooleans(verifyPacked(packItems(items)));
    },
    async close() {},
  };
}

type Pending = { resolve: (r: Uint8Array) => void; reject: (e: Error) => void };

/**
 * Spreads batches over worker threads, so signature checks use every core
 * while the main thread parses requests and commits to the store. A batch is
 * split into one chunk per worker.
 */
export function createWorkerVerifier(options: {
  workers: number;
  /** Batches smaller than this are verified inline: a round trip costs more. */
  minChunk?: number;
  /**
   * Nice value of the worker threads (Linux; 0 keeps the process's). The
   * main thread parses, sequences and commits for every request, so it is
   * the pipeline's bottleneck; workers that yield to it keep it on a core.
   */
  nice?: number;
}): SignatureVerifier {
  const minChunk = options.minChunk ?? 16;
  const nice = options.nice ?? 0;
  const url = new URL('./verify-worker.mjs', import.meta.url);
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failure: Error | undefined;
  const workers = Array.from({ length: Math.max(1, options.workers) }, () => {
    const worker = new Worker(url, {
      workerData: { nice },
      // A worker only holds one batch at a time; the default 16 MB young
      // generation per thread would just add to the server's RSS.
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    worker.on('message', (msg: { id: number; results: Uint8Array }) => {
      const entry = pending.get(msg.id);
      pending.delete(msg.id);
      entry?.resolve(msg.results);
    });
    worker.on('error', (err) => {
      failure = err;
      for (const entry of pending.values()) entry.reject(err);
      pending.clear();
    });
    worker.unref();
    return worker;
  });
  let rr = 0;

  const run = (worker: Worker, items: readonly VerifyItem[]) =>
    new Promise<Uint8Array>((resolve, reject) => {
      if (failure !== undefined) {
        reject(failure);
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve, reject });
      const packed = packItems(items);
      worker.postMessage({ id, packed }, [packed.buffer as ArrayBuffer]);
    });

  return {
    async verifyBatch(items) {
      if (items.length < minChunk) {
        return toBooleans(verifyPacked(packItems(items)));
      }
      const chunks = Math.min(
        workers.length,
        Math.ceil(items.length / minChunk)
      );
      const size = Math.ceil(items.length / chunks);
      const parts = await Promise.all(
        Array.from({ length: chunks }, (_, c) =>
          run(
            workers[rr++ % workers.length]!,
            items.slice(c * size, (c + 1) * size)
          )
        )
      );
      return parts.flatMap(toBooleans);
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
