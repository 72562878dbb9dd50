import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

/** SHA-256 in pure JS, so the same code runs in Node and in the browser. */
export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}
