import { base64Encode, hexEncode } from '../bytes.js';
import { sha256 } from '../hash.js';
import { canonicalJsonBytes } from './canonical-json.js';

/** A SHA-256 digest as it appears in our documents: 64 lowercase hex digits. */
export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;

/** SHA-256 of `bytes` as 64 lowercase hex digits. */
export function sha256Hex(bytes: Uint8Array): string {
  return hexEncode(sha256(bytes));
}

/** SHA-256 of `bytes` in standard padded base64 (RFC 4648 §4). */
export function sha256Base64(bytes: Uint8Array): string {
  return base64Encode(sha256(bytes));
}

/** SHA-256 hex of the RFC 8785 canonical form of a JSON value. */
export function canonicalJsonSha256Hex(value: unknown): string {
  return sha256Hex(canonicalJsonBytes(value));
}

/** Whether `text` is a SHA-256 digest in our hex form. */
export function isSha256Hex(text: string): boolean {
  return SHA256_HEX_PATTERN.test(text);
}
