// One core's share of the raw Ed25519 ceiling: verifies a packed batch of
// real DSSE PAE messages over and over with the server's own node:crypto
// path (verifyPacked, KeyObjects cached) and reports how many it checked.
import { parentPort, workerData } from 'node:worker_threads';
import { verifyPacked } from '../../apps/server/src/ingest/ed25519-batch.mjs';

const { packed, seconds } = workerData;
// Warm up: fills the key cache and lets V8 optimise, as in a running server.
const first = verifyPacked(packed);
if (first.some((ok) => ok !== 1)) throw new Error('a corpus signature failed');
parentPort.postMessage({ ready: true });
parentPort.once('message', () => {
  let count = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  while (performance.now() < until) {
    count += verifyPacked(packed).length;
  }
  parentPort.postMessage({ count, ms: performance.now() - t0 });
});
