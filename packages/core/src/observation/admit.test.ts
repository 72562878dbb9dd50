import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Encode, utf8Encode } from '../bytes.js';
import { decodeLogEntry } from '../log/entry.js';
import {
  ADMIT_REJECT_CODES,
  admitObservation,
  type AdmitInput,
  type AdmitRejectCode,
  type SensorKey,
} from './admit.js';
import { OBSERVATION_PAYLOAD_TYPE, signEnvelope } from './dsse.js';
import { ed25519PublicKey, ed25519Sign, ed25519Verify } from './ed25519.js';
import { parseRfc3339Micros } from './time.js';

const SEED = new Uint8Array(32).fill(7);
const REVOKED_SEED = new Uint8Array(32).fill(8);
const OTHER_SEED = new Uint8Array(32).fill(9);

const SENSORS = new Map<string, SensorKey>([
  ['acoustic-017', { publicKey: ed25519PublicKey(SEED), revoked: false }],
  [
    'acoustic-099',
    { publicKey: ed25519PublicKey(REVOKED_SEED), revoked: true },
  ],
]);
const LAST_SEQ = new Map([['acoustic-017', 41]]);
const NOW = parseRfc3339Micros('2026-12-01T03:14:20Z');
const MAX_FUTURE = 5_000_000;

const PAYLOAD = {
  sensor: 'acoustic-017',
  seq: 42,
  time: '2026-12-01T03:14:15.926535Z',
  kind: 'acoustic',
  acoustic: { class: 'launch', snrDb: 18.5, bearingDeg: 271.5 },
};

type Signing = {
  payload?: object;
  payloadBytes?: Uint8Array;
  payloadType?: string;
  keyid?: string;
  seed?: Uint8Array;
};

function envelopeOf(s: Signing = {}): unknown {
  const payload = { ...PAYLOAD, ...s.payload };
  return signEnvelope({
    payloadType: s.payloadType ?? OBSERVATION_PAYLOAD_TYPE,
    payload: s.payloadBytes ?? utf8Encode(JSON.stringify(payload)),
    keyid: s.keyid ?? payload.sensor,
    sign: (message) => ed25519Sign(s.seed ?? SEED, message),
  });
}

function inputFor(envelope: unknown): AdmitInput {
  return {
    envelope,
    sensors: (id) => SENSORS.get(id),
    lastSeq: (id) => LAST_SEQ.get(id),
    nowMicros: NOW,
    maxFutureMicros: MAX_FUTURE,
    verify: ed25519Verify,
  };
}

function withSig(envelope: unknown, sig: string): unknown {
  const env = envelope as { signatures: { keyid: string }[] };
  return { ...env, signatures: [{ keyid: env.signatures[0]!.keyid, sig }] };
}

const detection = {
  class: 'tank',
  position: [37.7, 48.1],
  positionErrorM: 10,
  confidence: 0.5,
};
const bigImagery = {
  kind: 'imagery',
  acoustic: undefined,
  imagery: {
    detections: Array.from({ length: 700 }, () => detection),
    model: { name: 'm', version: '1', sha256: '0'.repeat(64) },
  },
};

const REJECTIONS: [string, () => unknown, AdmitRejectCode][] = [
  ['not an envelope', () => ({ payload: 'x' }), 'ENVELOPE_MALFORMED'],
  [
    'two signatures',
    () => {
      const env = envelopeOf() as { signatures: unknown[] };
      return { ...env, signatures: [...env.signatures, ...env.signatures] };
    },
    'ENVELOPE_MALFORMED',
  ],
  [
    'another payload type',
    () => envelopeOf({ payloadType: 'application/json' }),
    'PAYLOAD_TYPE_UNSUPPORTED',
  ],
  [
    'a payload that is not JSON',
    () => envelopeOf({ payloadBytes: utf8Encode('{') }),
    'PAYLOAD_INVALID',
  ],
  [
    'a payload outside the schema',
    () => envelopeOf({ payload: { position: [37.6, 91] } }),
    'PAYLOAD_INVALID',
  ],
  [
    'an unregistered sensor',
    () => envelopeOf({ payload: { sensor: 'acoustic-404' } }),
    'SENSOR_UNKNOWN',
  ],
  [
    'a revoked sensor',
    () =>
      envelopeOf({ payload: { sensor: 'acoustic-099' }, seed: REVOKED_SEED }),
    'SENSOR_REVOKED',
  ],
  [
    'a keyid that is not the sensor',
    () => envelopeOf({ keyid: 'acoustic-018' }),
    'KEYID_MISMATCH',
  ],
  [
    'a signature by another key',
    () => envelopeOf({ seed: OTHER_SEED }),
    'SIGNATURE_INVALID',
  ],
  [
    'a signature over another payload',
    () => {
      const other = envelopeOf({ payload: { seq: 43 } }) as {
        signatures: { sig: string }[];
      };
      return withSig(envelopeOf(), other.signatures[0]!.sig);
    },
    'SIGNATURE_INVALID',
  ],
  [
    'a 63-byte signature',
    () => withSig(envelopeOf(), base64Encode(new Uint8Array(63))),
    'SIGNATURE_INVALID',
  ],
  [
    'seq equal to the last one',
    () => envelopeOf({ payload: { seq: 41 } }),
    'SEQ_REPLAYED',
  ],
  [
    'seq below the last one',
    () => envelopeOf({ payload: { seq: 3 } }),
    'SEQ_REPLAYED',
  ],
  [
    'a time 1 µs past the allowed skew',
    () => envelopeOf({ payload: { time: '2026-12-01T03:14:25.000001Z' } }),
    'TIME_IN_FUTURE',
  ],
  [
    'an entry over 65535 bytes',
    () => envelopeOf({ payload: bigImagery }),
    'ENTRY_TOO_LARGE',
  ],
];

describe('admitObservation', () => {
  describe('when the envelope is a valid observation', () => {
    const envelope = envelopeOf();
    const result = admitObservation(inputFor(envelope));

    it('admits it with the canonical log entry', () => {
      if (!result.ok) throw new Error(result.message);
      expect(result.observation).toEqual(PAYLOAD);
      expect(result.envelope).toEqual(envelope);
      expect(decodeLogEntry(result.entry)).toEqual({
        v: 1,
        type: 'observation',
        envelope,
      });
    });

    it('admits a time exactly at the allowed skew and a first seq of 0', () => {
      const env = envelopeOf({
        payload: { time: '2026-12-01T03:14:25Z', seq: 0 },
      });
      const input = { ...inputFor(env), lastSeq: () => undefined };
      expect(admitObservation(input).ok).toBe(true);
    });

    it('stores a URL-safe envelope in standard base64', () => {
      const env = envelope as {
        payload: string;
        signatures: { keyid: string; sig: string }[];
      };
      const urlSafe = (t: string) =>
        t.replaceAll('+', '-').replaceAll('/', '_');
      const submitted = {
        ...(withSig(env, urlSafe(env.signatures[0]!.sig)) as object),
        payload: urlSafe(env.payload),
      };
      const admitted = admitObservation(inputFor(submitted));
      expect(admitted.ok && admitted.entry).toEqual(result.ok && result.entry);
    });
  });

  describe('when a check fails', () => {
    it('has one row for every reject code', () => {
      expect(new Set(REJECTIONS.map(([, , code]) => code))).toEqual(
        new Set(ADMIT_REJECT_CODES)
      );
    });

    it.each(REJECTIONS)('rejects %s with %s', (_d, make, code) => {
      const result = admitObservation(inputFor(make()));
      expect(result.ok ? 'ok' : result.code).toBe(code);
    });
  });

  describe('when several checks would fail', () => {
    const forged = (payload: object) =>
      envelopeOf({ payload, seed: OTHER_SEED });
    const cases: [string, unknown, AdmitRejectCode][] = [
      [
        'a forgery with a replayed seq reports the signature',
        forged({ seq: 1 }),
        'SIGNATURE_INVALID',
      ],
      [
        'a forgery from the future reports the signature',
        forged({ time: '2030-01-01T00:00:00Z' }),
        'SIGNATURE_INVALID',
      ],
      [
        'an unknown sensor with a bad signature reports the sensor',
        forged({ sensor: 'x' }),
        'SENSOR_UNKNOWN',
      ],
      [
        'a replayed seq from the future reports the seq',
        envelopeOf({ payload: { seq: 1, time: '2030-01-01T00:00:00Z' } }),
        'SEQ_REPLAYED',
      ],
      [
        'a bad payload under a wrong type reports the type',
        envelopeOf({ payloadType: 'x', payloadBytes: utf8Encode('{') }),
        'PAYLOAD_TYPE_UNSUPPORTED',
      ],
    ];
    it.each(cases)('%s', (_d, envelope, code) => {
      const result = admitObservation(inputFor(envelope));
      expect(result.ok ? 'ok' : result.code).toBe(code);
    });
  });

  describe('when the envelope is arbitrary data', () => {
    it('rejects it without throwing', () => {
      fc.assert(
        fc.property(fc.anything(), (value) => {
          const result = admitObservation(inputFor(value));
          expect(result.ok).toBe(false);
        })
      );
    });
  });
});
