import { createPrivateKey, sign } from 'node:crypto';
import type { NoteSigner } from '@truce/core';
import { ed25519SignerFromSeed } from '@truce/core';

// RFC 8410 §7: PKCS#8 DER prefix of an Ed25519 private key (32-byte seed).
const PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04,
  0x22, 0x04, 0x20,
]);

/**
 * Core's Ed25519 note signer, signing with node:crypto instead of pure JS
 * (a checkpoint signature took milliseconds of the event loop). Ed25519
 * signatures are deterministic (RFC 8032 §5.1.6), so the bytes are the same;
 * core still checks the name and derives the key ID.
 */
export function nodeNoteSigner(name: string, seed: Uint8Array): NoteSigner {
  const { keyId } = ed25519SignerFromSeed(name, seed);
  const der = new Uint8Array(PKCS8_PREFIX.length + seed.length);
  der.set(PKCS8_PREFIX);
  der.set(seed, PKCS8_PREFIX.length);
  const key = createPrivateKey({
    key: Buffer.from(der),
    format: 'der',
    type: 'pkcs8',
  });
  return {
    name,
    keyId,
    sign: (message) => new Uint8Array(sign(null, message, key)),
  };
}
