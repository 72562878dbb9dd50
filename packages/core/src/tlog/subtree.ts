import { bytesEqual } from '../bytes.js';
import {
  assertHash,
  bitCeil,
  half,
  isUint,
  lsb,
  splitPoint,
  tlogError,
} from './internal.js';
import { isEmptyTreeRoot, hashChildren } from './merkle.js';
import { verifyInclusion } from './inclusion-proof.js';
import type { HashReader } from './node.js';
import { inclusionPathRanges, readRangeHashes } from './node-range.js';

// Subtrees of draft-ietf-plants-merkle-tree-certs ("Subtrees" section),
// so that the transparency-dev subtree vectors can be checked; Truce
// itself cosigns whole checkpoints only.

/** Inputs to verify that a leaf is in the subtree [start, end). */
export type VerifySubtreeInclusionInput = {
  leafHash: Uint8Array;
  index: number;
  start: number;
  end: number;
  proof: readonly Uint8Array[];
  root: Uint8Array;
};

/** Inputs to verify that subtree [start, end) is part of the tree of `size`. */
export type VerifySubtreeConsistencyInput = {
  start: number;
  end: number;
  size: number;
  subtreeRoot: Uint8Array;
  root: Uint8Array;
  proof: readonly Uint8Array[];
};

/** True when [start, end) is a subtree: start is a multiple of BIT_CEIL(end - start). */
export function isValidSubtree(start: number, end: number): boolean {
  return (
    isUint(start) &&
    isUint(end) &&
    start <= end &&
    start % bitCeil(end - start) === 0
  );
}

function assertSubtree(start: number, end: number): void {
  if (!isValidSubtree(start, end)) {
    throw tlogError(
      'TLOG_SUBTREE_INVALID',
      `[${String(start)}, ${String(end)}) is not a valid subtree`
    );
  }
}

/** Verifies a subtree inclusion proof ("Verifying a Subtree Inclusion Proof"). */
export function verifySubtreeInclusion(
  input: VerifySubtreeInclusionInput
): void {
  const { leafHash, index, start, end, proof, root } = input;
  assertSubtree(start, end);
  if (!isUint(index) || index < start || index >= end) {
    throw tlogError(
      'TLOG_INDEX_OUT_OF_RANGE',
      `index ${String(index)} is outside [${start}, ${end})`
    );
  }
  // The same procedure as RFC 9162 §2.1.3.2 over the tree D[start:end].
  verifyInclusion({
    leafHash,
    index: index - start,
    size: end - start,
    proof,
    root,
  });
}

/** Builds the inclusion proof of leaf `index` in subtree [start, end) ("Subtree Inclusion Proofs"). */
export function subtreeInclusionProof(
  index: number,
  start: number,
  end: number,
  reader: HashReader
): Uint8Array[] {
  assertSubtree(start, end);
  if (!isUint(index) || index < start || index >= end) {
    throw tlogError(
      'TLOG_INDEX_OUT_OF_RANGE',
      `index ${String(index)} is outside [${start}, ${end})`
    );
  }
  return readRangeHashes(reader, inclusionPathRanges(index, start, end));
}

/**
 * Builds the consistency proof of subtree [start, end) with the tree of
 * `size` leaves ("Generating a Subtree Consistency Proof"), in one read.
 */
export function subtreeConsistencyProof(
  start: number,
  end: number,
  size: number,
  reader: HashReader
): Uint8Array[] {
  assertSubtree(start, end);
  if (!isUint(size) || end > size) {
    throw tlogError(
      'TLOG_SUBTREE_INVALID',
      `subtree end ${end} is beyond tree size ${String(size)}`
    );
  }
  if (start === end) return [];
  // SUBTREE_SUBPROOF(start, end, D[lo:hi], known) from the root down, with
  // start and end kept relative to lo.
  const ranges: [number, number][] = [];
  let lo = 0;
  let hi = size;
  let s = start;
  let e = end;
  let known = true;
  for (;;) {
    if (s === 0 && e === hi - lo) {
      if (!known) ranges.push([lo, hi]);
      break;
    }
    const k = splitPoint(hi - lo);
    if (e <= k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      // Either the subtree lies right of k, or it starts at 0 and spans k,
      // in which case its own root is not a node of this tree.
      if (s < k) known = false;
      ranges.push([lo, lo + k]);
      s = Math.max(0, s - k);
      e -= k;
      lo += k;
    }
  }
  return readRangeHashes(reader, ranges.reverse());
}

function invalid(message: string): never {
  throw tlogError('TLOG_CONSISTENCY_PROOF_INVALID', message);
}

/** Verifies a subtree consistency proof ("Verifying a Subtree Consistency Proof"). */
export function verifySubtreeConsistency(
  input: VerifySubtreeConsistencyInput
): void {
  const { start, end, size, subtreeRoot, root, proof } = input;
  assertSubtree(start, end);
  if (!isUint(size) || end > size) {
    throw tlogError(
      'TLOG_SUBTREE_INVALID',
      `subtree end ${end} is beyond tree size ${String(size)}`
    );
  }
  if (start === end) {
    if (proof.length !== 0) invalid('proof for an empty subtree must be empty');
    if (!isEmptyTreeRoot(subtreeRoot)) {
      invalid('empty subtree has a non-empty root');
    }
    return;
  }
  proof.forEach((hash, i) => assertHash(hash, `proof[${i}]`));
  let fn = start;
  let sn = end - 1;
  let tn = size - 1;
  const shift = (): void => {
    fn = half(fn);
    sn = half(sn);
    tn = half(tn);
  };
  if (sn === tn) {
    while (fn !== sn) shift();
  } else {
    while (fn !== sn && lsb(sn) === 1) shift();
  }
  const rest = proof.slice();
  let fr: Uint8Array;
  if (fn === sn) {
    fr = subtreeRoot;
  } else {
    const first = rest.shift();
    if (first === undefined) invalid('subtree consistency proof is empty');
    fr = first;
  }
  let sr = fr;
  if (rest.length > 0) {
    // Hashing starts: the roots must be real hashes from here on.
    assertHash(subtreeRoot, 'subtree root');
    assertHash(root, 'root');
  }
  for (const c of rest) {
    if (tn === 0) invalid('subtree consistency proof is too long');
    if (lsb(sn) === 1 || sn === tn) {
      if (fn < sn) fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (lsb(sn) === 0 && sn !== 0) shift();
    } else {
      sr = hashChildren(sr, c);
    }
    shift();
  }
  if (tn !== 0) invalid('subtree consistency proof is too short');
  if (!bytesEqual(fr, subtreeRoot)) {
    invalid('proof does not lead to the subtree root');
  }
  if (!bytesEqual(sr, root)) invalid('proof does not lead to the tree root');
}
