import { ed25519 } from '@noble/curves/ed25519.js';
import {
  base64Decode,
  base64Encode,
  bytesConcat,
  bytesEqual,
  hexDecode,
  hexEncode,
  utf8Encode,
} from '../bytes.js';
import { sha256 } from '../hash.js';
import { noteError } from './internal.js';
import { isValidKeyName } from './signed-note.js';

// Key encodings of golang.org/x/mod/sumdb/note, which C2SP signed-note
// calls "vkeys": `<name>+<hex key ID>+<base64(type || public key)>` and
// `PRIVATE+KEY+<name>+<hex key ID>+<base64(type || private key)>`.

/** Signature type of Ed25519 note signatures (c2sp.org/signed-note "Signature types"). */
export const NOTE_KEY_TYPE_ED25519 = 0x01;
/** Signature type of ECDSA note signatures, as Rekor and transparency-dev/witness use. */
export const NOTE_KEY_TYPE_ECDSA = 0x02;
/** Signature type of timestamped Ed25519 cosignatures (c2sp.org/tlog-cosignature). */
export const NOTE_KEY_TYPE_COSIGNATURE_V1 = 0x04;

// DER SubjectPublicKeyInfo prefix of an uncompressed NIST P-256 key
// (id-ecPublicKey, prime256v1); the 65-byte point follows.
const P256_SPKI_PREFIX = hexDecode(
  '3059301306072a8648ce3d020106082a8648ce3d030107034200'
);
const SEED_SIZE = 32;

/** A parsed verifier key. For type 0x02 `publicKey` is the DER SPKI. */
export type VerifierKey = {
  name: string;
  keyId: Uint8Array;
  type: number;
  publicKey: Uint8Array;
};

/** A parsed Ed25519 signer key. */
export type SignerKey = { name: string; keyId: Uint8Array; seed: Uint8Array };

function invalidKey(message: string, cause?: unknown): never {
  throw noteError('NOTE_KEY_INVALID', message, cause);
}

function assertName(name: string): void {
  if (!isValidKeyName(name)) invalidKey('invalid key name');
}

/**
 * Computes the recommended key ID, SHA-256(name || 0x0A || type || key)[:4]
 * (c2sp.org/signed-note "Signatures").
 */
export function noteKeyId(
  name: string,
  type: number,
  publicKey: Uint8Array
): Uint8Array {
  return sha256(
    bytesConcat(utf8Encode(`${name}\n`), new Uint8Array([type]), publicKey)
  ).slice(0, 4);
}

/** Returns the point of a P-256 DER SPKI, or throws NOTE_KEY_INVALID. */
export function p256PointFromSpki(spki: Uint8Array): Uint8Array {
  const prefix = P256_SPKI_PREFIX.length;
  if (
    spki.length !== prefix + 65 ||
    !bytesEqual(spki.slice(0, prefix), P256_SPKI_PREFIX) ||
    spki[prefix] !== 0x04
  ) {
    invalidKey('ECDSA key is not an uncompressed P-256 SPKI');
  }
  return spki.slice(prefix);
}

function checkKeyMaterial(type: number, publicKey: Uint8Array): void {
  if (type === NOTE_KEY_TYPE_ED25519 || type === NOTE_KEY_TYPE_COSIGNATURE_V1) {
    if (publicKey.length !== 32) {
      invalidKey('Ed25519 public key is not 32 bytes');
    }
  } else if (type === NOTE_KEY_TYPE_ECDSA) {
    p256PointFromSpki(publicKey);
  } else {
    invalidKey(`unsupported key type 0x${type.toString(16)}`);
  }
}

/** The key ID a verifier key carries; type 0x02 hashes the DER SPKI alone. */
export function verifierKeyId(
  name: string,
  type: number,
  publicKey: Uint8Array
): Uint8Array {
  return type === NOTE_KEY_TYPE_ECDSA
    ? sha256(publicKey).slice(0, 4)
    : noteKeyId(name, type, publicKey);
}

/** Formats a verifier key, `<name>+<hex key ID>+<base64(type || key)>` (Ed25519 unless `type` says otherwise). */
export function formatVerifierKey(
  name: string,
  publicKey: Uint8Array,
  type: number = NOTE_KEY_TYPE_ED25519
): string {
  assertName(name);
  checkKeyMaterial(type, publicKey);
  const keyId = verifierKeyId(name, type, publicKey);
  return `${name}+${hexEncode(keyId)}+${base64Encode(bytesConcat(new Uint8Array([type]), publicKey))}`;
}

// Splits `name+hexid+base64`, where the base64 part may itself hold `+`.
function splitKey(text: string): {
  name: string;
  keyId: Uint8Array;
  key: Uint8Array;
} {
  if (typeof text !== 'string') invalidKey('key is not a string');
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first < 0 || second < 0) invalidKey('key lacks name+id+key fields');
  const name = text.slice(0, first);
  const hexId = text.slice(first + 1, second);
  assertName(name);
  if (!/^[0-9a-fA-F]{8}$/.test(hexId)) invalidKey('key ID is not 8 hex digits');
  let key: Uint8Array;
  try {
    key = base64Decode(text.slice(second + 1));
  } catch (error) {
    invalidKey('key is not canonical base64', error);
  }
  if (key.length < 2) invalidKey('key has no material');
  return { name, keyId: hexDecode(hexId), key };
}

/** Parses and checks a verifier key; the key ID must match the key. */
export function parseVerifierKey(vkey: string): VerifierKey {
  const { name, keyId, key } = splitKey(vkey);
  const type = key[0]!;
  const publicKey = key.slice(1);
  checkKeyMaterial(type, publicKey);
  if (!bytesEqual(keyId, verifierKeyId(name, type, publicKey))) {
    invalidKey('key ID does not match the key');
  }
  return { name, keyId, type, publicKey };
}

/** Derives the Ed25519 public key from a 32-byte seed (RFC 8032 §5.1.5). */
export function publicKeyFromSeed(seed: Uint8Array): Uint8Array {
  if (!(seed instanceof Uint8Array) || seed.length !== SEED_SIZE) {
    invalidKey('Ed25519 seed is not 32 bytes');
  }
  return ed25519.getPublicKey(seed);
}

/** Formats an Ed25519 signer key, `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || seed)>`. */
export function formatSignerKey(name: string, seed: Uint8Array): string {
  assertName(name);
  const keyId = noteKeyId(name, NOTE_KEY_TYPE_ED25519, publicKeyFromSeed(seed));
  const key = bytesConcat(new Uint8Array([NOTE_KEY_TYPE_ED25519]), seed);
  return `PRIVATE+KEY+${name}+${hexEncode(keyId)}+${base64Encode(key)}`;
}

/** Parses an Ed25519 signer key; the key ID must match the derived public key. */
export function parseSignerKey(skey: string): SignerKey {
  if (typeof skey !== 'string' || !skey.startsWith('PRIVATE+KEY+')) {
    invalidKey('signer key does not start with PRIVATE+KEY+');
  }
  const { name, keyId, key } = splitKey(skey.slice('PRIVATE+KEY+'.length));
  if (key[0] !== NOTE_KEY_TYPE_ED25519) invalidKey('signer key is not Ed25519');
  const seed = key.slice(1);
  const publicKey = publicKeyFromSeed(seed);
  if (!bytesEqual(keyId, noteKeyId(name, NOTE_KEY_TYPE_ED25519, publicKey))) {
    invalidKey('signer key ID does not match the key');
  }
  return { name, keyId, seed };
}
