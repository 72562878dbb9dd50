/// <reference types="node" />
// Node types only for the vector loader of @truce/testing (tests only).
import { SHARED_DIR, loadJsonVectors } from '@truce/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Decode, utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import {
  compactRangeAppend,
  compactRangeEmpty,
  treeRoot,
} from './compact-range.js';
import { consistencyProof } from './consistency-proof.js';
import { inclusionProof } from './inclusion-proof.js';
import { EMPTY_TREE_ROOT, hashLeaf, rootFromLeafHashes } from './merkle.js';
import { hashReaderFromNodes } from './node.js';
import type { StoredNode } from './node.js';
import {
  isValidSubtree,
  subtreeConsistencyProof,
  subtreeInclusionProof,
  verifySubtreeConsistency,
  verifySubtreeInclusion,
} from './subtree.js';

type SubtreeInclusionVector = {
  leafIdx: number;
  start: number;
  end: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  wantErr: boolean;
};

type SubtreeConsistencyVector = {
  start: number;
  end: number;
  size: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  wantErr: boolean;
};

const DIR = `${SHARED_DIR}/vectors/transparency-dev-merkle-testdata`;
const inclusion = loadJsonVectors<SubtreeInclusionVector>(
  `${DIR}/subtreeinclusion`
);
const consistency = loadJsonVectors<SubtreeConsistencyVector>(
  `${DIR}/subtreeconsistency`
);

const MAX = 2000;
const leafHashes = Array.from({ length: MAX }, (_, i) =>
  hashLeaf(utf8Encode(`leaf ${i}`))
);
let range = compactRangeEmpty();
const nodes: StoredNode[] = [];
for (const leafHash of leafHashes) {
  const step = compactRangeAppend(range, leafHash);
  range = step.range;
  nodes.push(...step.newNodes);
}
const reader = hashReaderFromNodes(nodes);
const subtreeRoot = (start: number, end: number) =>
  rootFromLeafHashes(leafHashes.slice(start, end));

// A tree size and a non-empty subtree [start, end) of it: start is a
// multiple of 2^h and end - start <= 2^h, so BIT_CEIL(end - start) divides start.
const subtrees = fc
  .tuple(
    fc.integer({ min: 1, max: MAX }),
    fc.integer({ min: 0, max: 11 }),
    fc.nat(),
    fc.nat()
  )
  .map(([size, h, j, k]) => {
    const width = 2 ** h;
    const start = (j % Math.ceil(size / width)) * width;
    const end = start + 1 + (k % Math.min(width, size - start));
    return { start, end, size };
  });

describe('isValidSubtree', () => {
  it.each([
    [0, 0],
    [0, 13],
    [4, 8],
    [8, 13],
    [13, 13],
  ])('accepts [%i, %i)', (start, end) => {
    expect(isValidSubtree(start, end)).toBe(true);
  });

  it.each([
    [3, 5],
    [1, 3],
    [2, 6],
    [5, 4],
    [-2, 0],
    [0, 2 ** 53],
  ])('rejects [%s, %s)', (start, end) => {
    expect(isValidSubtree(start, end)).toBe(false);
  });
});

describe('verifySubtreeInclusion', () => {
  it('loads the transparency-dev subtree inclusion vectors', () => {
    expect(inclusion.length).toBeGreaterThan(100);
  });

  describe.each(inclusion.map((v) => [v.name, v.data] as const))(
    'vector %s',
    (_name, v) => {
      const input = {
        leafHash: base64Decode(v.leafHash),
        index: v.leafIdx,
        start: v.start,
        end: v.end,
        proof: (v.proof ?? []).map(base64Decode),
        root: base64Decode(v.root),
      };
      if (v.wantErr) {
        it('throws a CoreError', () => {
          expect(() => verifySubtreeInclusion(input)).toThrow(CoreError);
        });
      } else {
        it('verifies', () => {
          expect(() => verifySubtreeInclusion(input)).not.toThrow();
        });
      }
    }
  );

  const base = {
    leafHash: EMPTY_TREE_ROOT,
    proof: [],
    root: EMPTY_TREE_ROOT,
  };

  describe('when the subtree is not aligned', () => {
    it('throws TLOG_SUBTREE_INVALID', () => {
      expect(() =>
        verifySubtreeInclusion({ ...base, index: 3, start: 3, end: 5 })
      ).toThrowWithCode(CoreError, 'TLOG_SUBTREE_INVALID');
    });
  });

  describe('when the index is outside the subtree', () => {
    it('throws TLOG_INDEX_OUT_OF_RANGE', () => {
      expect(() =>
        verifySubtreeInclusion({ ...base, index: 0, start: 4, end: 8 })
      ).toThrowWithCode(CoreError, 'TLOG_INDEX_OUT_OF_RANGE');
    });
  });
});

describe('subtreeInclusionProof', () => {
  it('verifies for random subtrees and leaves', () => {
    fc.assert(
      fc.property(subtrees, fc.nat(), ({ start, end }, at) => {
        const index = start + (at % (end - start));
        const proof = subtreeInclusionProof(index, start, end, reader);
        verifySubtreeInclusion({
          leafHash: leafHashes[index]!,
          index,
          start,
          end,
          proof,
          root: subtreeRoot(start, end),
        });
      }),
      { numRuns: 200 }
    );
  });

  describe('when the index is outside the subtree', () => {
    it('throws TLOG_INDEX_OUT_OF_RANGE', () => {
      expect(() => subtreeInclusionProof(8, 4, 8, reader)).toThrowWithCode(
        CoreError,
        'TLOG_INDEX_OUT_OF_RANGE'
      );
    });
  });
});

describe('subtreeConsistencyProof', () => {
  it('verifies for random subtrees and tree sizes', () => {
    fc.assert(
      fc.property(subtrees, fc.nat(MAX), ({ start, end, size }, grow) => {
        const n = Math.min(MAX, size + grow);
        verifySubtreeConsistency({
          start,
          end,
          size: n,
          subtreeRoot: subtreeRoot(start, end),
          root: treeRoot(n, reader),
          proof: subtreeConsistencyProof(start, end, n, reader),
        });
      }),
      { numRuns: 300 }
    );
  });

  it('covers [8, 13) in a tree of 14 (draft example)', () => {
    const proof = subtreeConsistencyProof(8, 13, 14, reader);
    expect(proof).toEqual([
      leafHashes[12],
      leafHashes[13],
      subtreeRoot(8, 12),
      subtreeRoot(0, 8),
    ]);
    verifySubtreeConsistency({
      start: 8,
      end: 13,
      size: 14,
      subtreeRoot: subtreeRoot(8, 13),
      root: treeRoot(14, reader),
      proof,
    });
  });

  it('is a consistency proof from start 0 and an inclusion proof for one leaf', () => {
    fc.assert(
      fc.property(subtrees, ({ end, size }) => {
        expect(subtreeConsistencyProof(0, end, size, reader)).toEqual(
          consistencyProof(end, size, reader)
        );
        expect(subtreeConsistencyProof(end - 1, end, size, reader)).toEqual(
          inclusionProof(end - 1, size, reader)
        );
      }),
      { numRuns: 100 }
    );
  });

  it('fails when a proof bit flips', () => {
    fc.assert(
      fc.property(
        subtrees,
        fc.nat(),
        fc.nat(255),
        ({ start, end, size }, at, bit) => {
          const proof = subtreeConsistencyProof(start, end, size, reader);
          fc.pre(proof.length > 0);
          const target = proof[at % proof.length]!;
          target[bit % 32] = target[bit % 32]! ^ (1 << (bit % 8));
          expect(() =>
            verifySubtreeConsistency({
              start,
              end,
              size,
              subtreeRoot: subtreeRoot(start, end),
              root: treeRoot(size, reader),
              proof,
            })
          ).toThrowWithCode(CoreError, 'TLOG_CONSISTENCY_PROOF_INVALID');
        }
      ),
      { numRuns: 150 }
    );
  });

  it('is empty for an empty subtree', () => {
    expect(subtreeConsistencyProof(4, 4, 9, reader)).toEqual([]);
  });

  describe('when the subtree ends beyond the tree', () => {
    it('throws TLOG_SUBTREE_INVALID', () => {
      expect(() => subtreeConsistencyProof(0, 10, 9, reader)).toThrowWithCode(
        CoreError,
        'TLOG_SUBTREE_INVALID'
      );
    });
  });
});

describe('verifySubtreeConsistency', () => {
  it('loads the transparency-dev subtree consistency vectors', () => {
    expect(consistency.length).toBeGreaterThan(100);
  });

  describe.each(consistency.map((v) => [v.name, v.data] as const))(
    'vector %s',
    (_name, v) => {
      const input = {
        start: v.start,
        end: v.end,
        size: v.size,
        subtreeRoot: base64Decode(v.root1),
        root: base64Decode(v.root2),
        proof: (v.proof ?? []).map(base64Decode),
      };
      if (v.wantErr) {
        it('throws a CoreError', () => {
          expect(() => verifySubtreeConsistency(input)).toThrow(CoreError);
        });
      } else {
        it('verifies', () => {
          expect(() => verifySubtreeConsistency(input)).not.toThrow();
        });
      }
    }
  );

  const base = {
    subtreeRoot: EMPTY_TREE_ROOT,
    root: EMPTY_TREE_ROOT,
    proof: [],
  };

  describe('when the subtree ends beyond the tree', () => {
    it('throws TLOG_SUBTREE_INVALID', () => {
      expect(() =>
        verifySubtreeConsistency({ ...base, start: 0, end: 4, size: 3 })
      ).toThrowWithCode(CoreError, 'TLOG_SUBTREE_INVALID');
    });
  });

  describe('when the tree size is unsafe', () => {
    it('throws TLOG_SUBTREE_INVALID', () => {
      expect(() =>
        verifySubtreeConsistency({ ...base, start: 0, end: 4, size: 2 ** 60 })
      ).toThrowWithCode(CoreError, 'TLOG_SUBTREE_INVALID');
    });
  });

  describe('when a proof element is not 32 bytes', () => {
    it('throws TLOG_HASH_SIZE_INVALID', () => {
      expect(() =>
        verifySubtreeConsistency({
          ...base,
          start: 4,
          end: 8,
          size: 9,
          proof: [new Uint8Array(31)],
        })
      ).toThrowWithCode(CoreError, 'TLOG_HASH_SIZE_INVALID');
    });
  });

  describe('when the proof needs a first element and is empty', () => {
    it('throws TLOG_CONSISTENCY_PROOF_INVALID', () => {
      expect(() =>
        verifySubtreeConsistency({ ...base, start: 8, end: 13, size: 14 })
      ).toThrowWithCode(CoreError, 'TLOG_CONSISTENCY_PROOF_INVALID');
    });
  });
});
