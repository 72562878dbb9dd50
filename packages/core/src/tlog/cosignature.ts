import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesConcat, utf8Encode } from '../bytes.js';
import { ed25519Verify } from '../observation/ed25519.js';
import { isUint, noteError } from './internal.js';
import {
  NOTE_KEY_TYPE_COSIGNATURE_V1,
  NOTE_KEY_TYPE_ED25519,
  noteKeyId,
  parseVerifierKey,
  publicKeyFromSeed,
} from './note-key.js';
import type { VerifierKey } from './note-key.js';
import type { NoteVerifierOptions } from './note-verifier.js';
import { parseCheckpoint } from './checkpoint.js';
import { isValidKeyName } from './signed-note.js';
import type { NoteSignature, NoteSigner, NoteVerifier } from './signed-note.js';

// C2SP tlog-cosignature, Ed25519 cosignature/v1 (signature type 0x04).

/** The header line that domain-separates cosignature/v1 messages. */
export const COSIGNATURE_V1_HEADER = 'cosignature/v1\n';

const TIMESTAMP_SIZE = 8;
const ED25519_SIGNATURE_SIZE = 64;

function malformed(message: string): never {
  throw noteError('COSIGNATURE_MALFORMED', message);
}

/** A cosignature/v1 verifier; exposes the public key it checks against. */
export type CosignatureVerifier = NoteVerifier & {
  readonly publicKey: Uint8Array;
};

/** Computes the cosignature/v1 key ID, SHA-256(name || 0x0A || 0x04 || key)[:4]. */
export function cosignatureKeyId(
  name: string,
  publicKey: Uint8Array
): Uint8Array {
  return noteKeyId(name, NOTE_KEY_TYPE_COSIGNATURE_V1, publicKey);
}

/** Builds the signed message, `cosignature/v1\ntime <T>\n` followed by the checkpoint body (tlog-cosignature "Ed25519 signed message"). */
export function cosignatureMessage(
  body: Uint8Array | string,
  timestamp: number
): Uint8Array {
  if (!isUint(timestamp)) {
    malformed('timestamp is not a safe non-negative integer');
  }
  const bytes = typeof body === 'string' ? utf8Encode(body) : body;
  return bytesConcat(
    utf8Encode(`${COSIGNATURE_V1_HEADER}time ${timestamp}\n`),
    bytes
  );
}

function encodeTimestamp(timestamp: number): Uint8Array {
  const out = new Uint8Array(TIMESTAMP_SIZE);
  const view = new DataView(out.buffer);
  view.setUint32(0, Math.floor(timestamp / 2 ** 32));
  view.setUint32(4, timestamp % 2 ** 32);
  return out;
}

function decodeTimestamp(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, TIMESTAMP_SIZE);
  const timestamp = view.getUint32(0) * 2 ** 32 + view.getUint32(4);
  return Number.isSafeInteger(timestamp) ? timestamp : undefined;
}

/** Reads the timestamp of a cosignature/v1 signature (the bytes after the key ID). */
export function cosignatureTimestamp(
  signature: NoteSignature | Uint8Array
): number {
  const bytes =
    signature instanceof Uint8Array ? signature : signature.signature;
  if (bytes.length !== TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE) {
    malformed('cosignature is not 72 bytes');
  }
  const timestamp = decodeTimestamp(bytes);
  if (timestamp === undefined) {
    malformed('cosignature timestamp exceeds 2^53 - 1');
  }
  return timestamp;
}

/** A note signer that cosigns at a fixed `timestamp` (the clock is the caller's). */
export function cosignatureSigner(
  name: string,
  seed: Uint8Array,
  timestamp: number
): NoteSigner {
  if (!isValidKeyName(name)) {
    throw noteError('NOTE_KEY_INVALID', 'invalid key name');
  }
  if (!isUint(timestamp)) {
    malformed('timestamp is not a safe non-negative integer');
  }
  const publicKey = publicKeyFromSeed(seed);
  const secret = seed.slice();
  return {
    name,
    keyId: cosignatureKeyId(name, publicKey),
    sign: (message) =>
      bytesConcat(
        encodeTimestamp(timestamp),
        ed25519.sign(cosignatureMessage(message, timestamp), secret)
      ),
  };
}

/** Cosigns a checkpoint body at `timestamp`, returning the signature for its note line. */
export function signCosignature(input: {
  body: string;
  name: string;
  seed: Uint8Array;
  timestamp: number;
}): NoteSignature {
  parseCheckpoint(input.body);
  const signer = cosignatureSigner(input.name, input.seed, input.timestamp);
  return {
    name: signer.name,
    keyId: signer.keyId,
    signature: signer.sign(utf8Encode(input.body)),
  };
}

/**
 * A cosignature/v1 verifier from a vkey of type 0x04, or of type 0x01 whose
 * key ID is re-derived with 0x04 (as transparency-dev/formats does for
 * witnesses published with Ed25519 vkeys).
 */
export function cosignatureVerifier(
  vkey: string | VerifierKey,
  options: NoteVerifierOptions = {}
): CosignatureVerifier {
  const key = typeof vkey === 'string' ? parseVerifierKey(vkey) : vkey;
  if (
    key.type !== NOTE_KEY_TYPE_COSIGNATURE_V1 &&
    key.type !== NOTE_KEY_TYPE_ED25519
  ) {
    throw noteError('NOTE_KEY_INVALID', 'cosigner key is not Ed25519');
  }
  if (!isValidKeyName(key.name) || key.publicKey.length !== 32) {
    throw noteError('NOTE_KEY_INVALID', 'invalid cosigner key');
  }
  const publicKey = key.publicKey.slice();
  const verify = options.ed25519Verify ?? ed25519Verify;
  return {
    name: key.name,
    keyId: cosignatureKeyId(key.name, publicKey),
    publicKey,
    verify(message, signature) {
      if (signature.length !== TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE) {
        return false;
      }
      const timestamp = decodeTimestamp(signature);
      if (timestamp === undefined) return false;
      return verify(
        publicKey,
        cosignatureMessage(message, timestamp),
        signature.slice(TIMESTAMP_SIZE)
      );
    },
  };
}
