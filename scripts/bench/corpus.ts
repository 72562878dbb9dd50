import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { VerifyItem } from '../../apps/server/src/ingest/ed25519-batch.mjs';
import {
  CORPUS_FORMAT,
  OBSERVATION_PAYLOAD_TYPE,
  dssePae,
  envelopeJson,
  observationPayload,
  sensorPublicKey,
  sensorRecord,
} from './corpus-format.mjs';

export type Corpus = {
  sensorsFile: string;
  /** 64 bytes per observation, in corpus order. */
  signatures: Buffer;
  /** Signatures made in this run (the rest came from the cache). */
  signedNow: number;
};

/** Writes sensors.json and loads or makes the signatures of `entries` observations. */
export async function prepareCorpus(options: {
  dir: string;
  entries: number;
  sensors: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<Corpus> {
  const { dir, entries, sensors } = options;
  mkdirSync(dir, { recursive: true });
  const sensorsFile = join(dir, `sensors-v${CORPUS_FORMAT}-${sensors}.json`);
  if (!existsSync(sensorsFile)) {
    const records = Array.from({ length: sensors }, (_, i) => sensorRecord(i));
    writeFileSync(sensorsFile, `${JSON.stringify(records, null, 1)}\n`);
  }
  // Signature j depends only on j and the sensor count, so one cache file
  // per sensor count grows to the longest run asked for.
  const cacheFile = join(dir, `signatures-v${CORPUS_FORMAT}-${sensors}.bin`);
  let cached: Buffer = existsSync(cacheFile)
    ? readFileSync(cacheFile)
    : Buffer.alloc(0);
  cached = cached.subarray(0, cached.length - (cached.length % 64));
  const have = cached.length / 64;
  if (have >= entries) {
    return {
      sensorsFile,
      signatures: cached.subarray(0, entries * 64),
      signedNow: 0,
    };
  }
  const fresh = await signRange(have, entries, sensors, (done) =>
    options.onProgress?.(done, entries - have)
  );
  const signatures = Buffer.concat([cached, fresh]);
  writeFileSync(cacheFile, signatures);
  return { sensorsFile, signatures, signedNow: entries - have };
}

async function signRange(
  start: number,
  end: number,
  sensors: number,
  onProgress: (done: number) => void
): Promise<Buffer> {
  const cores = availableParallelism();
  const size = Math.ceil((end - start) / cores);
  const url = new URL('./sign-worker.mjs', import.meta.url);
  let done = 0;
  const parts = await Promise.all(
    Array.from({ length: cores }, (_, c) => {
      const from = Math.min(end, start + c * size);
      const to = Math.min(end, from + size);
      return new Promise<Buffer>((resolve, reject) => {
        const worker = new Worker(url, {
          workerData: { start: from, end: to, sensors },
        });
        worker.on(
          'message',
          (msg: { done?: number; signatures?: Uint8Array }) => {
            if (msg.done !== undefined) onProgress((done += msg.done));
            if (msg.signatures !== undefined) {
              resolve(Buffer.from(msg.signatures.buffer));
              void worker.terminate();
            }
          }
        );
        worker.on('error', reject);
      });
    })
  );
  return Buffer.concat(parts);
}

/** The first `count` observations as the verifier sees them (PAE, key, signature). */
export function verifyItems(corpus: Corpus, sensors: number, count: number) {
  const n = Math.min(count, corpus.signatures.length / 64);
  const keys = new Map<number, Buffer>();
  const items: VerifyItem[] = [];
  for (let j = 0; j < n; j++) {
    const index = j % sensors;
    let key = keys.get(index);
    if (key === undefined) keys.set(index, (key = sensorPublicKey(index)));
    items.push({
      publicKey: key,
      message: dssePae(
        OBSERVATION_PAYLOAD_TYPE,
        observationPayload(j, sensors)
      ),
      signature: corpus.signatures.subarray(j * 64, j * 64 + 64),
    });
  }
  return items;
}

/**
 * Request bodies per poster. A sensor always posts through the same poster,
 * in seq order, so concurrent requests never race one sensor's seqs.
 */
export function requestBodies(
  corpus: Corpus,
  options: { sensors: number; posters: number; batch: number }
): { bodies: Buffer[][]; envelopes: number[][] } {
  const { sensors, posters, batch } = options;
  const bodies: Buffer[][] = Array.from({ length: posters }, () => []);
  const envelopes: number[][] = Array.from({ length: posters }, () => []);
  const open: string[][] = Array.from({ length: posters }, () => []);
  const flush = (p: number) => {
    if (open[p]!.length === 0) return;
    bodies[p]!.push(Buffer.from(`{"envelopes":[${open[p]!.join(',')}]}`));
    envelopes[p]!.push(open[p]!.length);
    open[p] = [];
  };
  const total = corpus.signatures.length / 64;
  for (let j = 0; j < total; j++) {
    const p = (j % sensors) % posters;
    const sig = corpus.signatures.subarray(j * 64, j * 64 + 64);
    open[p]!.push(envelopeJson(j, sensors, sig));
    if (open[p]!.length >= batch) flush(p);
  }
  for (let p = 0; p < posters; p++) flush(p);
  return { bodies, envelopes };
}
