import { describe, expect, it } from 'vitest';
import { hexDecode, hexEncode, utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import {
  ed25519PublicKey,
  ed25519Sign,
  ed25519Verify,
  isEd25519PublicKey,
} from './ed25519.js';

// RFC 8032 §7.1, TEST 1 (empty message).
const SEED = hexDecode(
  '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'
);
const PUBLIC = hexDecode(
  'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'
);
const SIG =
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';

// The identity point (y = 1) has order 1; y = p is a non-canonical encoding.
const IDENTITY = hexDecode(`01${'00'.repeat(31)}`);
const Y_EQUALS_P = hexDecode(`ed${'ff'.repeat(30)}7f`);

describe('ed25519PublicKey', () => {
  it('derives the RFC 8032 TEST 1 key', () => {
    expect(hexEncode(ed25519PublicKey(SEED))).toBe(hexEncode(PUBLIC));
  });

  describe('when the seed is not 32 bytes', () => {
    it('throws KEY_INVALID', () => {
      expect(() => ed25519PublicKey(new Uint8Array(31))).toThrowWithCode(
        CoreError,
        'KEY_INVALID'
      );
    });
  });
});

describe('ed25519Sign', () => {
  it('produces the RFC 8032 TEST 1 signature', () => {
    expect(hexEncode(ed25519Sign(SEED, new Uint8Array(0)))).toBe(SIG);
  });

  describe('when the seed is not 32 bytes', () => {
    it('throws KEY_INVALID', () => {
      expect(() =>
        ed25519Sign(new Uint8Array(33), new Uint8Array(0))
      ).toThrowWithCode(CoreError, 'KEY_INVALID');
    });
  });
});

describe('ed25519Verify', () => {
  const message = new Uint8Array(0);
  const sig = hexDecode(SIG);
  it('accepts the RFC 8032 TEST 1 signature', () => {
    expect(ed25519Verify(PUBLIC, message, sig)).toBe(true);
  });

  describe('when anything is wrong it returns false, never throws', () => {
    const flipped = sig.slice();
    flipped[0] = flipped[0]! ^ 1;
    const cases: [string, Uint8Array, Uint8Array, Uint8Array][] = [
      ['another message', PUBLIC, utf8Encode('x'), sig],
      ['a flipped signature bit', PUBLIC, message, flipped],
      ['a short signature', PUBLIC, message, sig.slice(0, 63)],
      ['a short key', PUBLIC.slice(0, 31), message, sig],
      ['a small-order key', IDENTITY, message, sig],
      ['a non-canonical key', Y_EQUALS_P, message, sig],
      ['an S of all ones', PUBLIC, message, new Uint8Array(64).fill(0xff)],
    ];
    it.each(cases)('%s', (_d, key, msg, signature) => {
      expect(ed25519Verify(key, msg, signature)).toBe(false);
    });

    it('a key passed as a plain array (untyped callers)', () => {
      const array = [...PUBLIC] as unknown as Uint8Array;
      expect(ed25519Verify(array, message, sig)).toBe(false);
    });
  });
});

describe('isEd25519PublicKey', () => {
  const cases: [string, Uint8Array, boolean][] = [
    ['the RFC 8032 TEST 1 key', PUBLIC, true],
    ['the identity point', IDENTITY, false],
    ['y = p', Y_EQUALS_P, false],
    ['31 bytes', PUBLIC.slice(0, 31), false],
    ['33 bytes', new Uint8Array(33), false],
  ];
  it.each(cases)('%s → %s', (_d, key, want) => {
    expect(isEd25519PublicKey(key)).toBe(want);
  });
});
