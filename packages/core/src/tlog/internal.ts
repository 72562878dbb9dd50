// Helpers shared inside tlog/; not part of the public surface (index.ts
// does not re-export this file).
import { CoreError } from '../errors.js';
import type { NoteErrorCode, TlogErrorCode } from '../errors.js';

/** Size in bytes of every tree hash (SHA-256). */
export const HASH_SIZE = 32;

// Typed constructors, so a misspelt code fails to compile (CoreError itself
// accepts any string).
export function tlogError(
  code: TlogErrorCode,
  message: string
): CoreError<TlogErrorCode> {
  return new CoreError(code, message);
}

export function noteError(
  code: NoteErrorCode,
  message: string,
  cause?: unknown
): CoreError<NoteErrorCode> {
  return new CoreError(code, message, cause === undefined ? {} : { cause });
}

/** True for the numbers core accepts as sizes and indexes. */
export function isUint(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** Throws TLOG_HASH_SIZE_INVALID unless `hash` is a 32-byte Uint8Array. */
export function assertHash(
  hash: unknown,
  what: string
): asserts hash is Uint8Array {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
    throw tlogError(
      'TLOG_HASH_SIZE_INVALID',
      `${what} is not a ${HASH_SIZE}-byte hash`
    );
  }
}

/** Throws TLOG_SIZE_INVALID unless `size` is a safe non-negative integer. */
export function assertTreeSize(size: number, what = 'tree size'): void {
  if (!isUint(size)) {
    throw tlogError(
      'TLOG_SIZE_INVALID',
      `${what} ${String(size)} is not a safe non-negative integer`
    );
  }
}

// Sizes reach 2^53, beyond 32-bit bitwise operators: use arithmetic.

/** Smallest power of two >= n (1 for n = 0), the draft-ietf-plants-merkle-tree-certs BIT_CEIL. */
export function bitCeil(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Largest power of two strictly below `n` (n >= 2): the RFC 9162 §2.1.1 split `k`. */
export function splitPoint(n: number): number {
  return bitCeil(n) / 2;
}

/** Least significant bit. */
export function lsb(n: number): number {
  return n % 2;
}

/** Right shift by one. */
export function half(n: number): number {
  return Math.floor(n / 2);
}
