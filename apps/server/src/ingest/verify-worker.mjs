// A verification worker: receives packed batches, answers with results.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { verifyPacked } from './ed25519-batch.mjs';

// Linux: a nice value applies to one thread when given its thread id.
const nice = workerData?.nice ?? 0;
if (nice > 0) {
  try {
    setPriority(
      Number(readlinkSync('/proc/thread-self').split('/').pop()),
      nice
    );
  } catch {
    // Elsewhere the worker keeps the process's priority.
  }
}

parentPort.on('message', ({ id, packed }) => {
  const results = verifyPacked(packed);
  parentPort.postMessage({ id, results }, [results.buffer]);
});
