import { bytesEqual } from '../bytes.js';
import {
  assertHash,
  assertTreeSize,
  half,
  isUint,
  lsb,
  tlogError,
} from './internal.js';
import { hashChildren } from './merkle.js';
import type { HashReader } from './node.js';
import { inclusionPathRanges, readRangeHashes } from './node-range.js';

/** Inputs to recompute a root from an RFC 9162 inclusion proof. */
export type InclusionProofInput = {
  leafHash: Uint8Array;
  index: number;
  size: number;
  proof: readonly Uint8Array[];
};

/** Inputs to verify an RFC 9162 inclusion proof against a known root. */
export type VerifyInclusionInput = InclusionProofInput & { root: Uint8Array };

function assertIndexInTree(index: number, size: number): void {
  assertTreeSize(size);
  if (!isUint(index) || index >= size) {
    throw tlogError(
      'TLOG_INDEX_OUT_OF_RANGE',
      `index ${String(index)} is not below tree size ${size}`
    );
  }
}

/**
 * Builds the inclusion proof of leaf `index` in the tree of `size` leaves
 * (RFC 9162 §2.1.3.1), reading only full nodes, in one batched read.
 */
export function inclusionProof(
  index: number,
  size: number,
  reader: HashReader
): Uint8Array[] {
  assertIndexInTree(index, size);
  return readRangeHashes(reader, inclusionPathRanges(index, 0, size));
}

/**
 * Recomputes the root implied by an inclusion proof (RFC 9162 §2.1.3.2,
 * steps 1 to 4), throwing if the proof has the wrong shape.
 */
export function rootFromInclusionProof(input: InclusionProofInput): Uint8Array {
  const { leafHash, index, size, proof } = input;
  assertIndexInTree(index, size);
  assertHash(leafHash, 'leaf hash');
  proof.forEach((hash, i) => assertHash(hash, `proof[${i}]`));
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) {
      throw tlogError(
        'TLOG_INCLUSION_PROOF_INVALID',
        'inclusion proof is too long'
      );
    }
    if (lsb(fn) === 1 || fn === sn) {
      r = hashChildren(p, r);
      while (lsb(fn) === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) {
    throw tlogError(
      'TLOG_INCLUSION_PROOF_INVALID',
      'inclusion proof is too short'
    );
  }
  return r;
}

/** Verifies that `leafHash` is leaf `index` of the tree of `size` with `root` (RFC 9162 §2.1.3.2). */
export function verifyInclusion(input: VerifyInclusionInput): void {
  const computed = rootFromInclusionProof(input);
  assertHash(input.root, 'root');
  if (!bytesEqual(computed, input.root)) {
    throw tlogError(
      'TLOG_INCLUSION_PROOF_INVALID',
      'inclusion proof does not lead to the root'
    );
  }
}
