import { ed25519 } from '@noble/curves/ed25519.js';
import { CoreError } from '../errors.js';

/** Signature check as a port, so a server can plug in a faster or batched one. */
export type Ed25519Verify = (
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array
) => boolean;

export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;
export const ED25519_SEED_BYTES = 32;

/**
 * Strict RFC 8032 §5.1.7 verification (zip215: false: non-canonical point
 * encodings and small-order keys are rejected), returning false rather than
 * throwing on malformed keys or signatures.
 */
export const ed25519Verify: Ed25519Verify = (publicKey, message, signature) => {
  if (
    publicKey.length !== ED25519_PUBLIC_KEY_BYTES ||
    signature.length !== ED25519_SIGNATURE_BYTES
  ) {
    return false;
  }
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
};

function checkSeed(seed: Uint8Array): void {
  if (seed.length !== ED25519_SEED_BYTES) {
    throw new CoreError('KEY_INVALID', 'an Ed25519 seed is 32 bytes');
  }
}

/** Signs `message` with the Ed25519 key derived from a 32-byte seed (RFC 8032 §5.1.6). */
export function ed25519Sign(seed: Uint8Array, message: Uint8Array): Uint8Array {
  checkSeed(seed);
  return ed25519.sign(message, seed);
}

/** The 32-byte Ed25519 public key for a 32-byte seed (RFC 8032 §5.1.5). */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  checkSeed(seed);
  return ed25519.getPublicKey(seed);
}

/**
 * Whether `publicKey` is a canonical encoding of a curve point that is not of
 * small order, i.e. a key that strict verification can ever accept.
 */
export function isEd25519PublicKey(publicKey: Uint8Array): boolean {
  if (publicKey.length !== ED25519_PUBLIC_KEY_BYTES) return false;
  try {
    return !ed25519.Point.fromBytes(publicKey, false).isSmallOrder();
  } catch {
    return false;
  }
}
