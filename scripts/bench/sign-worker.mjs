// Signs a range of the corpus on a worker thread: the signatures of
// observations [start, end), 64 bytes each, back in one transferred buffer.
import { sign } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import {
  OBSERVATION_PAYLOAD_TYPE,
  dssePae,
  observationPayload,
  sensorPrivateKey,
} from './corpus-format.mjs';

const { start, end, sensors } = workerData;
const keys = new Map();
const out = new Uint8Array((end - start) * 64);
for (let j = start; j < end; j++) {
  const index = j % sensors;
  let key = keys.get(index);
  if (key === undefined) {
    key = sensorPrivateKey(index);
    keys.set(index, key);
  }
  const message = dssePae(
    OBSERVATION_PAYLOAD_TYPE,
    observationPayload(j, sensors)
  );
  out.set(sign(null, message, key), (j - start) * 64);
  if ((j - start) % 5000 === 4999) parentPort.postMessage({ done: 5000 });
}
parentPort.postMessage({ signatures: out }, [out.buffer]);
