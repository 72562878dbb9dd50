import type { FastifyInstance } from 'fastify';
import { onTestFinished } from 'vitest';
import type { NoteSigner, StoredNode } from '@truce/core';
import {
  compactRangeAppend,
  compactRangeEmpty,
  compactRangeRoot,
  consistencyProof,
  ed25519SignerFromSeed,
  formatAddCheckpointRequest,
  formatSignerKey,
  formatVerifierKey,
  hashLeaf,
  hashReaderFromNodes,
  parseSignerKey,
  publicKeyFromSeed,
  signCheckpoint,
  utf8Encode,
} from '@truce/core';
import { buildWitnessApp } from '../src/app.js';
import { createSqliteWitnessStore } from '../src/storage/sqlite/sqlite-witness-store.js';
import type { WitnessStore } from '../src/storage/witness-store.js';
import { createWitnessService } from '../src/witness-service.js';
import type { WitnessService } from '../src/witness-service.js';

export const ORIGIN = 'log.truce.example/2026';
export const LOG_SEED = new Uint8Array(32).fill(21);
export const logSigner = ed25519SignerFromSeed(ORIGIN, LOG_SEED);
export const LOG_VKEY = formatVerifierKey(ORIGIN, publicKeyFromSeed(LOG_SEED));

export const WITNESS_NAME = 'witness.party-a.example';
export const WITNESS_SKEY = formatSignerKey(
  WITNESS_NAME,
  new Uint8Array(32).fill(22)
);

/** A log tree with its signed checkpoint at every size and proofs between them. */
export type Tree = {
  origin: string;
  note: (size: number) => string;
  root: (size: number) => Uint8Array;
  proof: (from: number, to: number) => Uint8Array[];
  /** The add-checkpoint body from `from` to `to`. */
  body: (from: number, to: number) => string;
};

/**
 * Builds a tree of `size` leaves whose first `shared` leaves are common to
 * every branch and whose later leaves are the branch's own: two branches
 * are a log forked after `shared` entries.
 */
export function buildTree(options: {
  branch: string;
  size: number;
  shared: number;
  signer?: NoteSigner;
  origin?: string;
}): Tree {
  const signer = options.signer ?? logSigner;
  const origin = options.origin ?? ORIGIN;
  let range = compactRangeEmpty();
  const nodes: StoredNode[] = [];
  const roots = [compactRangeRoot(range)];
  for (let i = 0; i < options.size; i++) {
    const text = i < options.shared ? `entry ${i}` : `${options.branch} ${i}`;
    const next = compactRangeAppend(range, hashLeaf(utf8Encode(text)));
    range = next.range;
    nodes.push(...next.newNodes);
    roots.push(compactRangeRoot(range));
  }
  const reader = hashReaderFromNodes(nodes);
  const notes = new Map<number, string>();
  const root = (n: number) => roots[n]!;
  const note = (n: number) => {
    let text = notes.get(n);
    if (text === undefined) {
      text = signCheckpoint(
        { origin, size: n, rootHash: root(n), extensions: [] },
        signer
      );
      notes.set(n, text);
    }
    return text;
  };
  const proof = (from: number, to: number) =>
    consistencyProof(from, to, reader);
  return {
    origin,
    note,
    root,
    proof,
    body: (from, to) =>
      formatAddCheckpointRequest({
        oldSize: from,
        proof: proof(from, to),
        note: note(to),
      }),
  };
}

export type TestWitness = {
  app: FastifyInstance;
  service: WitnessService;
  store: WitnessStore;
  /** Set the clock (POSIX seconds). */
  setNow: (seconds: number) => void;
};

/** A witness on in-memory SQLite with a fixed clock, closed after the test. */
export async function createTestWitness(
  options: {
    store?: WitnessStore;
    logs?: { origin: string; vkey: string }[];
  } = {}
): Promise<TestWitness> {
  let now = 1_767_139_200;
  const store = options.store ?? createSqliteWitnessStore({ path: ':memory:' });
  const service = createWitnessService({
    store,
    key: parseSignerKey(WITNESS_SKEY),
    logs: options.logs ?? [{ origin: ORIGIN, vkey: LOG_VKEY }],
    unixSeconds: () => now,
    log: { warn: () => {} },
  });
  const app = await buildWitnessApp({
    witness: service,
    bodyLimitBytes: 65536,
  });
  onTestFinished(async () => {
    await app.close();
    store.close();
  });
  return {
    app,
    service,
    store,
    setNow: (seconds) => {
      now = seconds;
    },
  };
}

/** POSTs an add-checkpoint body. */
export function addCheckpoint(
  app: FastifyInstance,
  body: string | Uint8Array,
  contentType: string | undefined = 'text/plain'
) {
  return app.inject({
    method: 'POST',
    url: '/add-checkpoint',
    payload: typeof body === 'string' ? body : Buffer.from(body),
    headers: contentType === undefined ? {} : { 'content-type': contentType },
  });
}
