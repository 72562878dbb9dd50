import { CoreError } from '../errors.js';
import { encodeLogEntry, type LogEntryOf } from '../log/entry.js';
import {
  decodeEnvelope,
  dssePae,
  OBSERVATION_PAYLOAD_TYPE,
  type DecodedEnvelope,
  type DsseEnvelope,
} from './dsse.js';
import { ED25519_SIGNATURE_BYTES, type Ed25519Verify } from './ed25519.js';
import { parseObservationPayload, type Observation } from './payload.js';
import { parseRfc3339Micros } from './time.js';

/** Why an observation was not admitted, in the order the checks run. */
export const ADMIT_REJECT_CODES = [
  'ENVELOPE_MALFORMED',
  'PAYLOAD_TYPE_UNSUPPORTED',
  'PAYLOAD_INVALID',
  'SENSOR_UNKNOWN',
  'SENSOR_REVOKED',
  'KEYID_MISMATCH',
  'SIGNATURE_INVALID',
  'SEQ_REPLAYED',
  'TIME_IN_FUTURE',
  'ENTRY_TOO_LARGE',
] as const;

export type AdmitRejectCode = (typeof ADMIT_REJECT_CODES)[number];

export type AdmitRejection = {
  ok: false;
  code: AdmitRejectCode;
  message: string;
};

export type AdmitResult =
  | {
      ok: true;
      observation: Observation;
      /** The envelope in normal form, as the entry holds it. */
      envelope: DsseEnvelope;
      /** Canonical log entry bytes (encodeLogEntry of an observation entry). */
      entry: Uint8Array;
    }
  | AdmitRejection;

/** A sensor's current key and status, as the registry knows it. */
export type SensorKey = { publicKey: Uint8Array; revoked: boolean };

export type SensorLookup = (sensorId: string) => SensorKey | undefined;

/** An envelope that passed every check up to the signature. */
export type PreparedObservation = {
  ok: true;
  observation: Observation;
  envelope: DsseEnvelope;
  /** `observation.time` in microseconds since the Unix epoch. */
  timeMicros: number;
  /** Verify `signature` over `message` (the DSSE PAE) with `publicKey`. */
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
};

export type CompleteInput = {
  /** The outcome of verifying the prepared signature. */
  signatureValid: boolean;
  /** The last admitted seq of a sensor; undefined before its first. */
  lastSeq: (sensorId: string) => number | undefined;
  nowMicros: number;
  /** How far past `nowMicros` an observation's time may lie (clock skew). */
  maxFutureMicros: number;
};

export type AdmitInput = {
  envelope: unknown;
  sensors: SensorLookup;
  verify: Ed25519Verify;
} & Omit<CompleteInput, 'signatureValid'>;

function reject(code: AdmitRejectCode, message: string): AdmitRejection {
  return { ok: false, code, message };
}

// decodeEnvelope and parseObservationPayload only throw CoreError.
function errorMessage(err: unknown): string {
  return (err as CoreError).message;
}

/**
 * Runs the admission checks that come before the signature (envelope shape,
 * payload type, payload, sensor, keyid) and returns what to verify, so a
 * server can verify many signatures in one batch and then call
 * completeObservation for each, in log order.
 */
export function prepareObservation(input: {
  envelope: unknown;
  sensors: SensorLookup;
}): PreparedObservation | AdmitRejection {
  let decoded: DecodedEnvelope;
  try {
    decoded = decodeEnvelope(input.envelope);
  } catch (err) {
    return reject('ENVELOPE_MALFORMED', errorMessage(err));
  }
  const { envelope, payload, signatures } = decoded;
  // The observation profile of DSSE: exactly one signature, by the sensor.
  const [signature, ...extra] = signatures;
  if (signature === undefined || extra.length > 0) {
    return reject('ENVELOPE_MALFORMED', 'an observation has one signature');
  }
  if (envelope.payloadType !== OBSERVATION_PAYLOAD_TYPE) {
    return reject(
      'PAYLOAD_TYPE_UNSUPPORTED',
      `payloadType must be ${OBSERVATION_PAYLOAD_TYPE}`
    );
  }
  let observation: Observation;
  try {
    observation = parseObservationPayload(payload);
  } catch (err) {
    return reject('PAYLOAD_INVALID', errorMessage(err));
  }
  const sensor = input.sensors(observation.sensor);
  if (sensor === undefined) {
    return reject(
      'SENSOR_UNKNOWN',
      `sensor ${observation.sensor} is not registered`
    );
  }
  if (sensor.revoked) {
    return reject('SENSOR_REVOKED', `sensor ${observation.sensor} is revoked`);
  }
  if (signature.keyid !== observation.sensor) {
    return reject(
      'KEYID_MISMATCH',
      'signature keyid must equal payload sensor'
    );
  }
  return {
    ok: true,
    observation,
    envelope,
    // The schema accepted `time`, so it parses.
    timeMicros: parseRfc3339Micros(observation.time),
    publicKey: sensor.publicKey,
    message: dssePae(envelope.payloadType, payload),
    signature: signature.sig,
  };
}

/**
 * Finishes admission after the signature check: signature, then seq, then
 * time, then entry size. Call it in log order, with `lastSeq` reflecting
 * every observation admitted before this one.
 */
export function completeObservation(
  prepared: PreparedObservation,
  input: CompleteInput
): AdmitResult {
  const { observation, envelope } = prepared;
  // Signature first: an unsigned forgery learns nothing about seq state.
  const sigLengthOk = prepared.signature.length === ED25519_SIGNATURE_BYTES;
  if (!input.signatureValid || !sigLengthOk) {
    return reject('SIGNATURE_INVALID', 'signature does not verify');
  }
  const last = input.lastSeq(observation.sensor);
  if (last !== undefined && observation.seq <= last) {
    return reject(
      'SEQ_REPLAYED',
      `seq ${observation.seq} is not above ${last}`
    );
  }
  if (prepared.timeMicros > input.nowMicros + input.maxFutureMicros) {
    return reject(
      'TIME_IN_FUTURE',
      `time ${observation.time} is in the future`
    );
  }
  let entry: Uint8Array;
  try {
    // prepareObservation checked the payload type and the one signature.
    const checked = envelope as LogEntryOf<'observation'>['envelope'];
    entry = encodeLogEntry({ v: 1, type: 'observation', envelope: checked });
  } catch (err) {
    if (err instanceof CoreError && err.code === 'ENTRY_TOO_LARGE') {
      return reject('ENTRY_TOO_LARGE', err.message);
    }
    throw err;
  }
  return { ok: true, observation, envelope, entry };
}

/**
 * The whole admission check for one envelope: a pure function of the
 * envelope, registry view, seq state and clock. Bad input is a rejection
 * with a code, never a throw.
 */
export function admitObservation(input: AdmitInput): AdmitResult {
  const prepared = prepareObservation(input);
  if (!prepared.ok) return prepared;
  const signatureValid = input.verify(
    prepared.publicKey,
    prepared.message,
    prepared.signature
  );
  return completeObservation(prepared, { ...input, signatureValid });
}
