import { describe, expect, it } from 'vitest';
import { base64Decode, utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import { encodeLogEntry } from '../log/entry.js';
import {
  completeObservation,
  prepareObservation,
  type SensorLookup,
} from './admit.js';
import { dssePae, OBSERVATION_PAYLOAD_TYPE, signEnvelope } from './dsse.js';
import { ed25519PublicKey, ed25519Sign } from './ed25519.js';
import { parseRfc3339Micros } from './time.js';

// The split a server uses to verify signatures in batches; the full table
// of rejections is in admit.test.ts.
const SEED = new Uint8Array(32).fill(7);
const PAYLOAD = {
  sensor: 'acoustic-017',
  seq: 42,
  time: '2026-12-01T03:14:15.926535Z',
  kind: 'heartbeat',
  heartbeat: { status: 'ok' },
};
const sensors: SensorLookup = (id) =>
  id === PAYLOAD.sensor
    ? { publicKey: ed25519PublicKey(SEED), revoked: false }
    : undefined;
const envelope = signEnvelope({
  payloadType: OBSERVATION_PAYLOAD_TYPE,
  payload: utf8Encode(JSON.stringify(PAYLOAD)),
  keyid: PAYLOAD.sensor,
  sign: (message) => ed25519Sign(SEED, message),
});
const NOW = parseRfc3339Micros('2026-12-01T03:14:20Z');

describe('prepareObservation', () => {
  it('returns the PAE, key and signature to verify in a batch', () => {
    const prepared = prepareObservation({ envelope, sensors });
    if (!prepared.ok) throw new Error(prepared.message);
    const payload = base64Decode(envelope.payload);
    expect(prepared.message).toEqual(
      dssePae(OBSERVATION_PAYLOAD_TYPE, payload)
    );
    expect(prepared.publicKey).toEqual(ed25519PublicKey(SEED));
    expect(prepared.signature).toEqual(
      base64Decode(envelope.signatures[0]!.sig)
    );
    expect(prepared.timeMicros).toBe(parseRfc3339Micros(PAYLOAD.time));
  });
});

describe('completeObservation', () => {
  const prepared = prepareObservation({ envelope, sensors });
  if (!prepared.ok) throw new Error(prepared.message);
  const rest = { lastSeq: () => undefined, nowMicros: NOW, maxFutureMicros: 0 };

  it('trusts the batch verdict on the signature', () => {
    const result = completeObservation(prepared, {
      ...rest,
      signatureValid: false,
    });
    expect(result.ok ? 'ok' : result.code).toBe('SIGNATURE_INVALID');
  });

  it('returns the same entry as encodeLogEntry', () => {
    const result = completeObservation(prepared, {
      ...rest,
      signatureValid: true,
    });
    if (!result.ok) throw new Error(result.message);
    const checked = {
      ...prepared.envelope,
      payloadType: OBSERVATION_PAYLOAD_TYPE,
    } as const;
    const entry = encodeLogEntry({
      v: 1,
      type: 'observation',
      envelope: { ...checked, signatures: [checked.signatures[0]!] },
    });
    expect(result.entry).toEqual(entry);
  });

  it('rejects a replay inside one batch when lastSeq follows log order', () => {
    const seqs = new Map<string, number>();
    const codes = [envelope, envelope].map((env) => {
      const p = prepareObservation({ envelope: env, sensors });
      if (!p.ok) return p.code;
      const lastSeq = (id: string) => seqs.get(id);
      const r = completeObservation(p, {
        ...rest,
        lastSeq,
        signatureValid: true,
      });
      if (r.ok) seqs.set(r.observation.sensor, r.observation.seq);
      return r.ok ? 'ok' : r.code;
    });
    expect(codes).toEqual(['ok', 'SEQ_REPLAYED']);
  });

  it('throws, rather than rejects, for a prepared value it never made', () => {
    const sig = { keyid: '', sig: prepared.envelope.signatures[0]!.sig };
    const tampered = {
      ...prepared,
      envelope: { ...prepared.envelope, signatures: [sig] },
    };
    expect(() =>
      completeObservation(tampered, { ...rest, signatureValid: true })
    ).toThrowWithCode(CoreError, 'ENTRY_MALFORMED');
  });
});
