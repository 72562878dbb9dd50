// The benchmark's synthetic observations, shared by the main script and the
// signing workers. Plain JavaScript so that workers load it without the
// TypeScript loader. Types: corpus-format.d.mts.
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';

export const OBSERVATION_PAYLOAD_TYPE =
  'application/vnd.truce.observation.v1+json';

// Bump when the payload or key derivation changes: cached signatures from an
// older format must not be reused.
export const CORPUS_FORMAT = 1;

// RFC 8410 §7: PKCS#8 DER prefix of an Ed25519 private key (32-byte seed).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

// Observation times start here, long enough ago that none is in the future.
const BASE_MS = Date.UTC(2026, 0, 1);
const CLASSES = ['launch', 'impact', 'explosion', 'small_arms', 'unknown'];

export function sensorId(index) {
  return `bench-${String(index).padStart(4, '0')}`;
}

/** A sensor's signing key, from a fixed seed so runs are reproducible. */
export function sensorPrivateKey(index) {
  const seed = createHash('sha256')
    .update(`truce bench sensor ${index}`)
    .digest();
  return createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
}

/** The raw 32-byte public key of a sensor. */
export function sensorPublicKey(index) {
  const spki = createPublicKey(sensorPrivateKey(index)).export({
    format: 'der',
    type: 'spki',
  });
  return spki.subarray(spki.length - 32);
}

function sensorPosition(index) {
  // A 40 x 25 grid of sensors about 2 km apart.
  const lon = 37.2 + (index % 40) * 0.025;
  const lat = 47.8 + Math.floor(index / 40) * 0.018;
  return [Number(lon.toFixed(5)), Number(lat.toFixed(5)), 150 + (index % 7)];
}

/** The sensors.json record of a sensor. */
export function sensorRecord(index) {
  return {
    id: sensorId(index),
    kind: 'acoustic',
    publicKey: sensorPublicKey(index).toString('base64'),
    position: sensorPosition(index),
    operator: 'monitor',
  };
}

/**
 * Observation `j` of the corpus: sensors take turns (j mod sensors), and
 * each sensor's seq counts up from 1 with its observations one second apart.
 */
export function observationPayload(j, sensors) {
  const index = j % sensors;
  const seq = Math.floor(j / sensors) + 1;
  const timeMs = BASE_MS + seq * 1000 + (index % 1000);
  return Buffer.from(
    JSON.stringify({
      sensor: sensorId(index),
      seq,
      time: new Date(timeMs).toISOString(),
      kind: 'acoustic',
      position: sensorPosition(index),
      acoustic: {
        class: CLASSES[(j * 7) % CLASSES.length],
        snrDb: 6 + ((j * 37) % 230) / 10,
        bearingDeg: ((j * 131) % 3600) / 10,
        bearingSigmaDeg: 2.5,
      },
    })
  );
}

/** DSSE v1 pre-authentication encoding (DSSE protocol.md). */
export function dssePae(payloadType, payload) {
  const type = Buffer.from(payloadType);
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `),
    type,
    Buffer.from(` ${payload.length} `),
    payload,
  ]);
}

/** The DSSE envelope JSON of observation `j`, given its 64-byte signature. */
export function envelopeJson(j, sensors, signature) {
  return JSON.stringify({
    payloadType: OBSERVATION_PAYLOAD_TYPE,
    payload: observationPayload(j, sensors).toString('base64'),
    signatures: [
      { keyid: sensorId(j % sensors), sig: signature.toString('base64') },
    ],
  });
}
