/// <reference types="node" />
// Node types for reading the Sunlight test files (tests only).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { SHARED_DIR } from '@truce/testing';
import { describe, expect, it } from 'vitest';
import { hexDecode, utf8Decode, utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import {
  MAX_ENTRY_SIZE,
  decodeEntryBundle,
  encodeEntryBundle,
} from './entry-bundle.js';

const MIRROR = `${SHARED_DIR}/vectors/sunlight-skylight-testdata/cmd/skylight/testdata/witness/mirror/000de184301123b9278c086a7d9f68c9577e83872224c197058fd90784ea9706`;

describe('encodeEntryBundle', () => {
  it('prefixes each entry with its big-endian uint16 length', () => {
    const bundle = encodeEntryBundle([
      utf8Encode('ab'),
      new Uint8Array(0),
      new Uint8Array(0x1234),
    ]);
    expect(bundle.slice(0, 6)).toEqual(hexDecode('000261620000'));
    expect(bundle.slice(6, 8)).toEqual(hexDecode('1234'));
    expect(bundle.length).toBe(8 + 0x1234);
  });

  it('round-trips through decodeEntryBundle', () => {
    const entries = Array.from({ length: 256 }, (_, i) =>
      utf8Encode(`record ${i}`)
    );
    expect(decodeEntryBundle(encodeEntryBundle(entries), 256)).toEqual(entries);
  });

  it('accepts an entry of exactly 65,535 bytes', () => {
    const entry = new Uint8Array(MAX_ENTRY_SIZE).fill(7);
    expect(decodeEntryBundle(encodeEntryBundle([entry]))).toEqual([entry]);
  });

  describe('when an entry exceeds 65,535 bytes', () => {
    it('throws TLOG_ENTRY_TOO_LARGE', () => {
      expect(() =>
        encodeEntryBundle([new Uint8Array(MAX_ENTRY_SIZE + 1)])
      ).toThrowWithCode(CoreError, 'TLOG_ENTRY_TOO_LARGE');
    });
  });

  describe.each([0, 257])('when given %i entries', (count) => {
    it('throws TLOG_TILE_INVALID', () => {
      const entries = Array.from({ length: count }, () => new Uint8Array(1));
      expect(() => encodeEntryBundle(entries)).toThrowWithCode(
        CoreError,
        'TLOG_TILE_INVALID'
      );
    });
  });
});

describe('decodeEntryBundle', () => {
  const invalid: [string, Uint8Array, number?][] = [
    ['an empty bundle', new Uint8Array(0)],
    ['a lone length byte', hexDecode('00')],
    ['a truncated entry', hexDecode('000361')],
    ['a truncated trailing prefix', hexDecode('00016100')],
    ['257 empty entries', new Uint8Array(257 * 2)],
    ['a count other than the expected width', hexDecode('000161000162'), 3],
  ];
  describe.each(invalid)('when given %s', (_desc, bytes, width) => {
    it('throws TLOG_TILE_INVALID', () => {
      expect(() => decodeEntryBundle(bytes, width)).toThrowWithCode(
        CoreError,
        'TLOG_TILE_INVALID'
      );
    });
  });

  it('copies entries out of the bundle', () => {
    const bundle = hexDecode('000161000162');
    const [first] = decodeEntryBundle(bundle);
    bundle[2] = 0x7a;
    expect(first).toEqual(utf8Encode('a'));
  });

  // The Sunlight mirror test data serves decoys, not the records: the
  // bundles are gzip of "fake mirrored ... entry bundle\n". They are no
  // valid bundles, which is what a strict decoder must say.
  describe.each(['entries/000', 'entries/001.p/44'])(
    'when given the Sunlight decoy bundle tile/%s',
    (name) => {
      const gz = new Uint8Array(readFileSync(`${MIRROR}/tile/${name}`));
      const raw = new Uint8Array(gunzipSync(gz));

      it('holds decoy text, not records', () => {
        expect(utf8Decode(raw)).toMatch(/^fake mirrored .*entry bundle\n$/);
      });

      it('throws TLOG_TILE_INVALID on the raw and the gzip bytes', () => {
        expect(() => decodeEntryBundle(raw)).toThrowWithCode(
          CoreError,
          'TLOG_TILE_INVALID'
        );
        expect(() => decodeEntryBundle(gz)).toThrowWithCode(
          CoreError,
          'TLOG_TILE_INVALID'
        );
      });
    }
  );
});
