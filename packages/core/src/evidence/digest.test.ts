import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../bytes.js';
import {
  canonicalJsonSha256Hex,
  isSha256Hex,
  sha256Base64,
  sha256Hex,
} from './digest.js';

// SHA-256("abc") from FIPS 180-4 examples (NIST CSRC, SHA256.pdf).
const ABC_HEX =
  'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 "abc" example', () => {
    expect(sha256Hex(utf8Encode('abc'))).toBe(ABC_HEX);
  });
});

describe('sha256Base64', () => {
  it('encodes the same digest in base64', () => {
    expect(sha256Base64(utf8Encode('abc'))).toBe(
      'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='
    );
  });
});

describe('canonicalJsonSha256Hex', () => {
  it('hashes the canonical bytes, so key order does not matter', () => {
    expect(canonicalJsonSha256Hex({ b: 1, a: 2 })).toBe(
      sha256Hex(utf8Encode('{"a":2,"b":1}'))
    );
  });
});

describe('isSha256Hex', () => {
  const cases: [string, boolean][] = [
    [ABC_HEX, true],
    [ABC_HEX.toUpperCase(), false],
    [ABC_HEX.slice(1), false],
    [`${ABC_HEX}0`, false],
    ['', false],
  ];
  it.each(cases)('%j → %s', (text, want) => {
    expect(isSha256Hex(text)).toBe(want);
  });
});
