import { bytesEqual } from '../bytes.js';
import {
  assertHash,
  assertTreeSize,
  bitCeil,
  half,
  lsb,
  splitPoint,
  tlogError,
} from './internal.js';
import { hashChildren, isEmptyTreeRoot } from './merkle.js';
import type { HashReader } from './node.js';
import { readRangeHashes } from './node-range.js';

/** Inputs to verify an RFC 9162 consistency proof. */
export type VerifyConsistencyInput = {
  oldSize: number;
  newSize: number;
  oldRoot: Uint8Array;
  newRoot: Uint8Array;
  proof: readonly Uint8Array[];
};

export type VerifyConsistencyOptions = {
  /**
   * Accept `oldSize` 0 with an empty proof (and `oldRoot` equal to
   * EMPTY_TREE_ROOT), as C2SP tlog-witness does for a witness's first
   * checkpoint. Off by default: RFC 9162 defines proofs for 0 < old <= new
   * only, and the transparency-dev vectors treat old size 0 as an error.
   */
  allowEmptyOld?: boolean;
};

function invalid(message: string): never {
  throw tlogError('TLOG_CONSISTENCY_PROOF_INVALID', message);
}

function assertSizes(oldSize: number, newSize: number): void {
  assertTreeSize(oldSize, 'old size');
  assertTreeSize(newSize, 'new size');
}

/**
 * Builds the consistency proof from the tree of `oldSize` to the tree of
 * `newSize` (RFC 9162 §2.1.4.1), reading only full nodes, in one batched
 * read. Old size 0 or equal sizes give an empty proof.
 */
export function consistencyProof(
  oldSize: number,
  newSize: number,
  reader: HashReader
): Uint8Array[] {
  assertSizes(oldSize, newSize);
  if (oldSize > newSize) {
    throw tlogError(
      'TLOG_SIZE_INVALID',
      `old size ${oldSize} is above new size ${newSize}`
    );
  }
  if (oldSize === 0 || oldSize === newSize) return [];
  // SUBPROOF(m, D[lo:hi], b) walked from the root down.
  const ranges: [number, number][] = [];
  let lo = 0;
  let hi = newSize;
  let m = oldSize;
  let known = true;
  for (;;) {
    if (m === hi - lo) {
      if (!known) ranges.push([lo, hi]);
      break;
    }
    const k = splitPoint(hi - lo);
    if (m <= k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      m -= k;
      lo += k;
      known = false;
    }
  }
  return readRangeHashes(reader, ranges.reverse());
}

/**
 * Verifies that the tree of `newSize` with `newRoot` extends the tree of
 * `oldSize` with `oldRoot` (RFC 9162 §2.1.4.2). Equal sizes need an empty
 * proof and equal roots; old size 0 is refused unless `allowEmptyOld`.
 */
export function verifyConsistency(
  input: VerifyConsistencyInput,
  options: VerifyConsistencyOptions = {}
): void {
  const { oldSize, newSize, oldRoot, newRoot, proof } = input;
  assertSizes(oldSize, newSize);
  if (oldSize > newSize) {
    invalid(`old size ${oldSize} is above new size ${newSize}`);
  }
  if (oldSize === 0) {
    if (options.allowEmptyOld !== true) {
      invalid('a consistency proof from the empty tree is meaningless');
    }
    if (proof.length !== 0) invalid('proof from the empty tree must be empty');
    if (!isEmptyTreeRoot(oldRoot)) {
      invalid('old root is not the empty tree root');
    }
    if (newSize === 0 && !isEmptyTreeRoot(newRoot)) {
      invalid('new root is not the empty tree root');
    }
    assertHash(newRoot, 'new root');
    return;
  }
  if (oldSize === newSize) {
    // Only a comparison: no hashing, so the roots' lengths do not matter.
    if (proof.length !== 0) invalid('proof between equal sizes must be empty');
    if (!bytesEqual(oldRoot, newRoot)) invalid('roots of equal sizes differ');
    return;
  }
  assertHash(oldRoot, 'old root');
  assertHash(newRoot, 'new root');
  proof.forEach((hash, i) => assertHash(hash, `proof[${i}]`));
  if (proof.length === 0) invalid('consistency proof is empty');

  // RFC 9162 §2.1.4.2, steps 2 to 7.
  const path = bitCeil(oldSize) === oldSize ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (lsb(fn) === 1) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) invalid('consistency proof is too long');
    if (lsb(fn) === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (lsb(fn) === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) invalid('consistency proof is too short');
  if (!bytesEqual(fr, oldRoot)) {
    invalid('consistency proof does not lead to the old root');
  }
  if (!bytesEqual(sr, newRoot)) {
    invalid('consistency proof does not lead to the new root');
  }
}
