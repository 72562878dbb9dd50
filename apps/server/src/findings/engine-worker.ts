// The findings worker thread's entry (loaded by engine-worker.mjs): the
// engine host on the thread's port.
import { parentPort, workerData } from 'node:worker_threads';
import type { EngineWorkerInit, FromEngine } from './engine-protocol.js';
import { createEngineHost } from './engine-host.js';

const port = parentPort!;
const handle = createEngineHost(
  workerData as EngineWorkerInit,
  (m: FromEngine) => port.postMessage(m)
);
port.on('message', handle);
