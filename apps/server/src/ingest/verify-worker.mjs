// A verification worker: receives packed batches, answers with results.
import { parentPort } from 'node:worker_threads';
import { verifyPacked } from './ed25519-batch.mjs';

parentPort.on('message', ({ id, packed }) => {
  const results = verifyPacked(packed);
  parentPort.postMessage({ id, results }, [results.buffer]);
});
