// Real witnesses for the log page's browser test, each on its own port (so
// a page on the log server's origin reads them cross-origin, as it would in
// production), optionally shown a forked log so it holds an equivocation.
import {
  ed25519SignerFromSeed,
  formatAddCheckpointRequest,
  formatSignerKey,
  formatVerifierKey,
  parseSignerKey,
  publicKeyFromSeed,
  sha256,
  signCheckpoint,
  utf8Encode,
} from '@truce/core';
import {
  buildWitnessApp,
  createSqliteWitnessStore,
  createWitnessService,
} from '@truce/witness';

export const FORKED_ORIGIN = 'log.forked.example/2026';

export type TestWitness = {
  name: string;
  url: string;
  close: () => Promise<void>;
};

/**
 * Starts a witness of FORKED_ORIGIN; with `fork`, submits two checkpoints
 * of one size with different roots (both validly signed by the log key),
 * which the witness refuses and keeps as a same-size-different-root proof.
 */
export async function startTestWitness(
  name: string,
  options: { fork: boolean }
): Promise<TestWitness> {
  const logSeed = sha256(utf8Encode(`log key ${FORKED_ORIGIN}`));
  const store = createSqliteWitnessStore({ path: ':memory:' });
  const service = createWitnessService({
    store,
    key: parseSignerKey(
      formatSignerKey(name, sha256(utf8Encode(`witness ${name}`)))
    ),
    logs: [
      {
        origin: FORKED_ORIGIN,
        vkey: formatVerifierKey(FORKED_ORIGIN, publicKeyFromSeed(logSeed)),
      },
    ],
    unixSeconds: () => Math.floor(Date.now() / 1000),
    log: { warn: () => {} },
  });
  const app = await buildWitnessApp({
    witness: service,
    bodyLimitBytes: 65536,
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  if (options.fork) {
    const signer = ed25519SignerFromSeed(FORKED_ORIGIN, logSeed);
    const statuses: number[] = [];
    for (const branch of ['shown to A', 'shown to B']) {
      // From size 0 no consistency proof is needed: any root is accepted
      // first, and a second root for the same size is the fork.
      const note = signCheckpoint(
        {
          origin: FORKED_ORIGIN,
          size: 10,
          rootHash: sha256(utf8Encode(branch)),
          extensions: [],
        },
        signer
      );
      const res = await fetch(`${url}/add-checkpoint`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: formatAddCheckpointRequest({ oldSize: 0, proof: [], note }),
      });
      await res.body?.cancel();
      statuses.push(res.status);
    }
    if (statuses.join() !== '200,409') {
      throw new Error(`the fork was not recorded: ${statuses.join()}`);
    }
  }
  return {
    name,
    url,
    async close() {
      await app.close();
      store.close();
    },
  };
}
