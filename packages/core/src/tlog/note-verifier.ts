import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '../hash.js';
import { ed25519Verify } from '../observation/ed25519.js';
import type { Ed25519Verify } from '../observation/ed25519.js';
import { noteError } from './internal.js';
import {
  NOTE_KEY_TYPE_ECDSA,
  NOTE_KEY_TYPE_ED25519,
  formatVerifierKey,
  noteKeyId,
  p256PointFromSpki,
  parseVerifierKey,
  publicKeyFromSeed,
} from './note-key.js';
import type { VerifierKey } from './note-key.js';
import { isValidKeyName } from './signed-note.js';
import type { NoteSigner, NoteVerifier } from './signed-note.js';

/** Verifies one Ed25519 signature; inject a faster one (e.g. WebCrypto or node:crypto) if needed. */
export type Ed25519VerifyFn = Ed25519Verify;

export type NoteVerifierOptions = {
  /** Replaces the pure-JS Ed25519 verification (same strict RFC 8032 semantics expected). */
  ed25519Verify?: Ed25519VerifyFn;
};

/** An Ed25519 note signer (signature type 0x01) from a name and 32-byte seed. */
export function ed25519SignerFromSeed(
  name: string,
  seed: Uint8Array
): NoteSigner {
  if (!isValidKeyName(name)) {
    throw noteError('NOTE_KEY_INVALID', 'invalid key name');
  }
  const publicKey = publicKeyFromSeed(seed);
  const secret = seed.slice();
  return {
    name,
    keyId: noteKeyId(name, NOTE_KEY_TYPE_ED25519, publicKey),
    sign: (message) => ed25519.sign(message, secret),
  };
}

/** An Ed25519 note verifier (signature type 0x01) for `name` and a 32-byte public key. */
export function ed25519NoteVerifier(
  name: string,
  publicKey: Uint8Array,
  options: NoteVerifierOptions = {}
): NoteVerifier {
  const key = checkedKey(name, NOTE_KEY_TYPE_ED25519, publicKey);
  const verify = options.ed25519Verify ?? ed25519Verify;
  return {
    name: key.name,
    keyId: key.keyId,
    verify: (message, signature) =>
      signature.length === 64 && verify(key.publicKey, message, signature),
  };
}

/**
 * A verify-only ECDSA P-256 note verifier (type 0x02, Rekor): the key ID is
 * SHA-256(DER SPKI)[:4] and signatures are DER ECDSA over SHA-256(text).
 */
export function ecdsaNoteVerifier(
  name: string,
  spki: Uint8Array
): NoteVerifier {
  const key = checkedKey(name, NOTE_KEY_TYPE_ECDSA, spki);
  const point = p256PointFromSpki(key.publicKey);
  return {
    name: key.name,
    keyId: key.keyId,
    verify(message, signature) {
      try {
        // Go's ecdsa.VerifyASN1 accepts high-S signatures, so allow them.
        return p256.verify(signature, sha256(message), point, {
          prehash: false,
          format: 'der',
          lowS: false,
        });
      } catch {
        return false;
      }
    },
  };
}

// Builds the key through its vkey text, so both entry points validate alike.
function checkedKey(
  name: string,
  type: number,
  publicKey: Uint8Array
): VerifierKey {
  return parseVerifierKey(formatVerifierKey(name, publicKey, type));
}

/** A note verifier from a vkey of type 0x01 (Ed25519) or 0x02 (ECDSA); use cosignatureVerifier for 0x04. */
export function noteVerifierFromKey(
  vkey: string | VerifierKey,
  options: NoteVerifierOptions = {}
): NoteVerifier {
  const key = typeof vkey === 'string' ? parseVerifierKey(vkey) : vkey;
  if (key.type === NOTE_KEY_TYPE_ED25519) {
    return ed25519NoteVerifier(key.name, key.publicKey, options);
  }
  if (key.type === NOTE_KEY_TYPE_ECDSA) {
    return ecdsaNoteVerifier(key.name, key.publicKey);
  }
  throw noteError(
    'NOTE_KEY_INVALID',
    `key type 0x${key.type.toString(16)} is not a plain note signature type`
  );
}
