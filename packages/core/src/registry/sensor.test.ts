import { describe, expect, it } from 'vitest';
import { base64Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import { ed25519PublicKey } from '../observation/ed25519.js';
import { parseSensorRecord } from './sensor.js';

const KEY = base64Encode(ed25519PublicKey(new Uint8Array(32).fill(1)));

// The example record of DESIGN 4.2, with a real key.
const RECORD = {
  id: 'acoustic-017',
  kind: 'acoustic',
  publicKey: KEY,
  position: [37.61, 48.02, 180],
  operator: 'monitor',
  timingSigmaS: 0.0005,
};

describe('parseSensorRecord', () => {
  describe('when the record is valid', () => {
    const cases: [string, object][] = [
      ['the DESIGN 4.2 example', RECORD],
      [
        'a party operator and [lon, lat]',
        { ...RECORD, operator: 'A', position: [37.6, 48] },
      ],
      [
        'an ISO alpha-3 operator, no timing sigma',
        { ...RECORD, operator: 'DEU', timingSigmaS: undefined },
      ],
      [
        'a 64-character id with dots and underscores',
        { ...RECORD, id: `a.b_c-${'d'.repeat(58)}` },
      ],
    ];
    it.each(cases)('accepts %s', (_d, record) => {
      const parsed = parseSensorRecord(record);
      expect(parsed.id).toBe((record as typeof RECORD).id);
    });
  });

  describe('when the record is invalid', () => {
    const identity = base64Encode(Uint8Array.of(1, ...new Uint8Array(31)));
    const cases: [string, object][] = [
      ['an upper-case id', { ...RECORD, id: 'Acoustic-017' }],
      ['an id starting with "-"', { ...RECORD, id: '-a' }],
      ['a 65-character id', { ...RECORD, id: 'a'.repeat(65) }],
      ['an id with a slash', { ...RECORD, id: 'a/b' }],
      ['kind heartbeat', { ...RECORD, kind: 'heartbeat' }],
      [
        'a 31-byte key',
        { ...RECORD, publicKey: base64Encode(new Uint8Array(31)) },
      ],
      [
        'a key that is not base64',
        { ...RECORD, publicKey: `${KEY.slice(0, -1)}!` },
      ],
      ['a URL-safe base64 key', { ...RECORD, publicKey: '-_'.repeat(22) }],
      ['a small-order key', { ...RECORD, publicKey: identity }],
      ['latitude 91', { ...RECORD, position: [37.6, 91] }],
      ['an operator with a space', { ...RECORD, operator: 'the monitor' }],
      ['timingSigmaS 0', { ...RECORD, timingSigmaS: 0 }],
      ['an unknown field', { ...RECORD, serial: 'x' }],
      ['a missing position', { ...RECORD, position: undefined }],
      ['null', null as unknown as object],
    ];
    it.each(cases)('rejects %s with REGISTRY_RECORD_INVALID', (_d, record) => {
      expect(() => parseSensorRecord(record)).toThrowWithCode(
        CoreError,
        'REGISTRY_RECORD_INVALID'
      );
    });
  });
});
