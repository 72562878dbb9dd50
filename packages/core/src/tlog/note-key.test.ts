import { describe, expect, it } from 'vitest';
import { base64Encode, hexEncode, utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import { sha256 } from '../hash.js';
import {
  NOTE_KEY_TYPE_COSIGNATURE_V1,
  NOTE_KEY_TYPE_ECDSA,
  NOTE_KEY_TYPE_ED25519,
  formatSignerKey,
  formatVerifierKey,
  noteKeyId,
  parseSignerKey,
  parseVerifierKey,
  publicKeyFromSeed,
} from './note-key.js';

const PETER_SKEY =
  'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY =
  'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const FOO_VKEY =
  'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const REKOR_VKEY =
  'rekor.sigstore.dev+c0d23d6a+AjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABNhtmPtrWm3U1eQXBogSMdGvXwBcK5AW5i0hrZLOC96l+smGNM7nwZ4QvFK/4sueRoVj//QP22Ni4Qt9DPfkWLc=';
const WITNESS_VKEY =
  'witness.example.org+b8a2cf20+BFLN3yikSfFkVAJtrnh/CiY3Zozkoy7clp+P7XB28qUN';

describe('noteKeyId', () => {
  it('is SHA-256(name || 0x0A || type || key)[:4] (VECTORS.md §1)', () => {
    const { publicKey } = parseVerifierKey(FOO_VKEY);
    expect(
      hexEncode(noteKeyId('example.com/foo', NOTE_KEY_TYPE_ED25519, publicKey))
    ).toBe('530d903a');
  });
});

describe('parseVerifierKey', () => {
  it.each([
    [PETER_VKEY, NOTE_KEY_TYPE_ED25519, 32],
    [FOO_VKEY, NOTE_KEY_TYPE_ED25519, 32],
    [REKOR_VKEY, NOTE_KEY_TYPE_ECDSA, 91],
    [WITNESS_VKEY, NOTE_KEY_TYPE_COSIGNATURE_V1, 32],
  ])('parses %s', (vkey, type, length) => {
    const key = parseVerifierKey(vkey);
    expect(key.type).toBe(type);
    expect(key.publicKey).toHaveLength(length);
    expect(formatVerifierKey(key.name, key.publicKey, key.type)).toBe(vkey);
  });

  it('accepts an upper-case key ID, like Go', () => {
    expect(
      parseVerifierKey(PETER_VKEY.replace('c74f20a3', 'C74F20A3')).name
    ).toBe('PeterNeumann');
  });

  it('takes a key type 0x02 ID from the SPKI alone (VECTORS.md §3)', () => {
    const key = parseVerifierKey(REKOR_VKEY);
    expect(key.keyId).toEqual(sha256(key.publicKey).slice(0, 4));
  });

  const ed = parseVerifierKey(PETER_VKEY);
  const invalid: [string, string][] = [
    ['no fields', 'PeterNeumann'],
    ['two fields', 'PeterNeumann+c74f20a3'],
    ['a wrong key ID', PETER_VKEY.replace('c74f20a3', 'c74f20a4')],
    ['a short key ID', PETER_VKEY.replace('c74f20a3', 'c74f20a')],
    ['a non-hex key ID', PETER_VKEY.replace('c74f20a3', 'c74f20ag')],
    ['an empty name', PETER_VKEY.slice('PeterNeumann'.length)],
    [
      'a name with a space',
      `Peter Neumann+c74f20a3+${PETER_VKEY.split('+')[2]}`,
    ],
    ['bad base64', 'PeterNeumann+c74f20a3+ARpc2QcU!'],
    [
      'base64 with whitespace',
      `${PETER_VKEY.slice(0, -4)} ${PETER_VKEY.slice(-3)}`,
    ],
    ['an empty key', 'PeterNeumann+c74f20a3+'],
    ['a type byte only', 'PeterNeumann+c74f20a3+AQ=='],
    [
      'a short Ed25519 key',
      `PeterNeumann+c74f20a3+${base64Encode(new Uint8Array([1, ...ed.publicKey.slice(1)]))}`,
    ],
    [
      'an unknown key type',
      `a+00000000+${base64Encode(new Uint8Array([0x03, ...ed.publicKey]))}`,
    ],
    [
      'a non-P-256 ECDSA key',
      `a+00000000+${base64Encode(new Uint8Array([0x02, ...ed.publicKey]))}`,
    ],
  ];
  describe.each(invalid)('when given %s', (_desc, vkey) => {
    it('throws NOTE_KEY_INVALID', () => {
      expect(() => parseVerifierKey(vkey)).toThrowWithCode(
        CoreError,
        'NOTE_KEY_INVALID'
      );
    });
  });

  describe('when given a non-string', () => {
    it('throws NOTE_KEY_INVALID', () => {
      expect(() =>
        parseVerifierKey(undefined as unknown as string)
      ).toThrowWithCode(CoreError, 'NOTE_KEY_INVALID');
    });
  });
});

describe('parseSignerKey', () => {
  it('parses the Go test key and derives its verifier key', () => {
    const { name, keyId, seed } = parseSignerKey(PETER_SKEY);
    expect(name).toBe('PeterNeumann');
    expect(hexEncode(keyId)).toBe('c74f20a3');
    expect(formatVerifierKey(name, publicKeyFromSeed(seed))).toBe(PETER_VKEY);
    expect(formatSignerKey(name, seed)).toBe(PETER_SKEY);
  });

  const invalid: [string, string][] = [
    ['a verifier key', PETER_VKEY],
    ['a wrong prefix', PETER_SKEY.replace('PRIVATE+KEY', 'PRIVATE+KEYS')],
    ['a wrong key ID', PETER_SKEY.replace('c74f20a3', '00000000')],
    ['a cosignature type', PETER_SKEY.replace('+AYEK', '+BIEK')],
    [
      'a short seed',
      'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKA==',
    ],
  ];
  describe.each(invalid)('when given %s', (_desc, skey) => {
    it('throws NOTE_KEY_INVALID', () => {
      expect(() => parseSignerKey(skey)).toThrowWithCode(
        CoreError,
        'NOTE_KEY_INVALID'
      );
    });
  });
});

describe('publicKeyFromSeed', () => {
  it('derives the Sunlight witness key (VECTORS.md §4)', () => {
    const seed = sha256(utf8Encode('skylight test witness key'));
    expect(
      formatVerifierKey(
        'witness.example.org',
        publicKeyFromSeed(seed),
        NOTE_KEY_TYPE_COSIGNATURE_V1
      )
    ).toBe(WITNESS_VKEY);
  });

  describe('when the seed is not 32 bytes', () => {
    it('throws NOTE_KEY_INVALID', () => {
      expect(() => publicKeyFromSeed(new Uint8Array(31))).toThrowWithCode(
        CoreError,
        'NOTE_KEY_INVALID'
      );
    });
  });
});

describe('formatVerifierKey', () => {
  describe('when the name is invalid', () => {
    it('throws NOTE_KEY_INVALID', () => {
      expect(() =>
        formatVerifierKey('a+b', new Uint8Array(32))
      ).toThrowWithCode(CoreError, 'NOTE_KEY_INVALID');
    });
  });
});
