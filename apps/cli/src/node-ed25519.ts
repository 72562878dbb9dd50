import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Ed25519Verify } from '@truce/core';

// RFC 8410 §4: the SubjectPublicKeyInfo DER prefix of an Ed25519 key.
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const CACHE_LIMIT = 10_000;

/**
 * Ed25519 verification by node:crypto (OpenSSL), the check the server's
 * ingest makes, about ten times faster than core's pure-JS one; a log of
 * millions of observations is re-verified in minutes, not hours.
 */
export function createNodeEd25519Verify(): Ed25519Verify {
  const keys = new Map<string, KeyObject | undefined>();
  const keyObject = (raw: Uint8Array) => {
    const id = Buffer.from(raw).toString('base64');
    if (keys.has(id)) return keys.get(id);
    let key: KeyObject | undefined;
    try {
      key = createPublicKey({
        key: Buffer.concat([SPKI_PREFIX, raw]),
        format: 'der',
        type: 'spki',
      });
    } catch {
      key = undefined;
    }
    if (keys.size >= CACHE_LIMIT) keys.clear();
    keys.set(id, key);
    return key;
  };
  return (publicKey, message, signature) => {
    if (publicKey.length !== 32 || signature.length !== 64) return false;
    const key = keyObject(publicKey);
    if (key === undefined) return false;
    try {
      return verify(null, message, key, signature);
    } catch {
      return false;
    }
  };
}
