import { describe, expect, it } from 'vitest';
import {
  OBSERVATION_PAYLOAD_TYPE,
  base64Decode,
  dssePae,
  ed25519PublicKey,
  ed25519Verify,
  utf8Decode,
} from '@truce/core';
import type { DsseEnvelope } from '@truce/core';
import { seedFrom } from '../../server/test/helpers.js';
import { envelopeFromLine } from '../src/observation-line.js';

const key = {
  name: 'acoustic-7',
  keyId: new Uint8Array(4),
  seed: seedFrom('line key'),
};
const base = {
  time: '2026-06-01T00:00:00Z',
  kind: 'heartbeat',
  heartbeat: { status: 'ok' },
};

function payloadOf(envelope: unknown) {
  return JSON.parse(
    utf8Decode(base64Decode((envelope as DsseEnvelope).payload))
  );
}

describe('envelopeFromLine', () => {
  it('signs a payload as a DSSE envelope with the sensor key, filling sensor and seq', () => {
    const outcome = envelopeFromLine(JSON.stringify(base), key, () => 41);
    expect(outcome.ok).toBe(true);
    const envelope = (outcome as { envelope: DsseEnvelope }).envelope;
    expect(envelope.payloadType).toBe(OBSERVATION_PAYLOAD_TYPE);
    expect(envelope.signatures[0]!.keyid).toBe('acoustic-7');
    expect(payloadOf(envelope)).toEqual({
      ...base,
      sensor: 'acoustic-7',
      seq: 41,
    });
    const message = dssePae(
      envelope.payloadType,
      base64Decode(envelope.payload)
    );
    const signature = base64Decode(envelope.signatures[0]!.sig);
    expect(ed25519Verify(ed25519PublicKey(key.seed), message, signature)).toBe(
      true
    );
  });

  it('keeps a seq the line has and does not take a number for it', () => {
    let taken = 0;
    const outcome = envelopeFromLine(
      JSON.stringify({ ...base, seq: 5, sensor: 'acoustic-7' }),
      key,
      () => taken++
    );
    expect(payloadOf((outcome as { envelope: unknown }).envelope).seq).toBe(5);
    expect(taken).toBe(0);
  });

  it('passes a line that is already an envelope through unchanged', () => {
    const envelope = { payloadType: 'x', payload: 'AA==', signatures: [] };
    expect(envelopeFromLine(JSON.stringify(envelope), key, () => 0)).toEqual({
      ok: true,
      envelope,
    });
  });

  // Each row: a line that is not sent, and the code it is recorded with.
  const rejected: [string, string, string][] = [
    ['not JSON', '{"time":', 'LINE_INVALID'],
    ['an array', '[1, 2]', 'LINE_INVALID'],
    ['a string', '"hello"', 'LINE_INVALID'],
    ['null', 'null', 'LINE_INVALID'],
    [
      "another sensor's payload",
      JSON.stringify({ ...base, sensor: 'acoustic-8', seq: 1 }),
      'SENSOR_MISMATCH',
    ],
    ['no seq and no --start-seq', JSON.stringify(base), 'SEQ_MISSING'],
  ];

  describe.each(rejected)('for %s', (_desc, line, code) => {
    it(`rejects it with ${code}`, () => {
      expect(envelopeFromLine(line, key, () => undefined)).toMatchObject({
        ok: false,
        code,
      });
    });
  });
});
