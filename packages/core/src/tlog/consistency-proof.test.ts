/// <reference types="node" />
// Node types only for the vector loader of @truce/testing (tests only).
import { SHARED_DIR, loadJsonVectors } from '@truce/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Decode, bytesEqual, hexDecode, utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import {
  compactRangeAppend,
  compactRangeEmpty,
  treeRoot,
} from './compact-range.js';
import { consistencyProof, verifyConsistency } from './consistency-proof.js';
import { EMPTY_TREE_ROOT, hashLeaf } from './merkle.js';
import { hashReaderFromNodes } from './node.js';
import type { HashReader, NodeId, StoredNode } from './node.js';

type ConsistencyVector = {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
};

function buildTree(entries: Uint8Array[]): HashReader {
  let range = compactRangeEmpty();
  const nodes: StoredNode[] = [];
  for (const entry of entries) {
    const step = compactRangeAppend(range, hashLeaf(entry));
    range = step.range;
    nodes.push(...step.newNodes);
  }
  return hashReaderFromNodes(nodes);
}

const MAX = 2000;
const reader = buildTree(
  Array.from({ length: MAX }, (_, i) => utf8Encode(`leaf ${i}`))
);
const root = (size: number) => treeRoot(size, reader);
const reference = buildTree(
  [
    '',
    '00',
    '10',
    '2021',
    '3031',
    '40414243',
    '5051525354555657',
    '606162636465666768696a6b6c6d6e6f',
  ].map(hexDecode)
);

const vectors = loadJsonVectors<ConsistencyVector>(
  `${SHARED_DIR}/vectors/transparency-dev-merkle-testdata/consistency`
);

function sameHashes(a: Uint8Array[], b: Uint8Array[]): boolean {
  return a.length === b.length && a.every((h, i) => bytesEqual(h, b[i]!));
}

// 1 <= oldSize < newSize <= MAX: the sizes with a non-empty proof.
const sizes = fc
  .integer({ min: 2, max: MAX })
  .chain((newSize) =>
    fc.tuple(fc.integer({ min: 1, max: newSize - 1 }), fc.constant(newSize))
  );

describe('verifyConsistency', () => {
  it('loads the transparency-dev consistency vectors', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(98);
  });

  describe.each(vectors.map((v) => [v.name, v.data] as const))(
    'vector %s',
    (_name, v) => {
      const input = {
        oldSize: v.size1,
        newSize: v.size2,
        oldRoot: base64Decode(v.root1),
        newRoot: base64Decode(v.root2),
        proof: (v.proof ?? []).map(base64Decode),
      };
      if (v.wantErr) {
        it('throws a CoreError', () => {
          expect(() => verifyConsistency(input)).toThrow(CoreError);
        });
      } else {
        it('verifies', () => {
          expect(() => verifyConsistency(input)).not.toThrow();
        });
      }
    }
  );

  it('verifies every proof from the full-node store (random trees)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: MAX })
          .chain((newSize) =>
            fc.tuple(fc.integer({ min: 1, max: newSize }), fc.constant(newSize))
          ),
        ([oldSize, newSize]) => {
          verifyConsistency({
            oldSize,
            newSize,
            oldRoot: root(oldSize),
            newRoot: root(newSize),
            proof: consistencyProof(oldSize, newSize, reader),
          });
        }
      ),
      { numRuns: 300 }
    );
  });

  describe('when the proof, sizes or roots are mutated', () => {
    it('throws TLOG_CONSISTENCY_PROOF_INVALID for a flipped bit', () => {
      fc.assert(
        fc.property(
          sizes,
          fc.nat(),
          fc.nat(255),
          ([oldSize, newSize], at, bit) => {
            const proof = consistencyProof(oldSize, newSize, reader).map((h) =>
              h.slice()
            );
            const target = proof[at % proof.length]!;
            target[bit % 32] = target[bit % 32]! ^ (1 << (bit % 8));
            expect(() =>
              verifyConsistency({
                oldSize,
                newSize,
                oldRoot: root(oldSize),
                newRoot: root(newSize),
                proof,
              })
            ).toThrowWithCode(CoreError, 'TLOG_CONSISTENCY_PROOF_INVALID');
          }
        ),
        { numRuns: 150 }
      );
    });

    it('throws TLOG_CONSISTENCY_PROOF_INVALID for a dropped or added element', () => {
      fc.assert(
        fc.property(
          sizes,
          fc.boolean(),
          fc.boolean(),
          ([oldSize, newSize], drop, front) => {
            const proof = consistencyProof(oldSize, newSize, reader);
            const extra = root(oldSize);
            const changed = drop
              ? front
                ? proof.slice(1)
                : proof.slice(0, -1)
              : front
                ? [extra, ...proof]
                : [...proof, extra];
            expect(() =>
              verifyConsistency({
                oldSize,
                newSize,
                oldRoot: root(oldSize),
                newRoot: root(newSize),
                proof: changed,
              })
            ).toThrowWithCode(CoreError, 'TLOG_CONSISTENCY_PROOF_INVALID');
          }
        ),
        { numRuns: 150 }
      );
    });

    it('fails for other sizes unless they have the very same proof', () => {
      fc.assert(
        fc.property(
          sizes,
          fc.integer({ min: 1, max: MAX }),
          fc.boolean(),
          ([oldSize, newSize], other, moveOld) => {
            const proof = consistencyProof(oldSize, newSize, reader);
            const [o, n] = moveOld ? [other, newSize] : [oldSize, other];
            fc.pre(o !== oldSize || n !== newSize);
            const input = {
              oldSize: o,
              newSize: n,
              oldRoot: root(o),
              newRoot: root(n),
              proof,
            };
            if (o <= n && sameHashes(proof, consistencyProof(o, n, reader))) {
              expect(() => verifyConsistency(input)).not.toThrow();
            } else {
              expect(() => verifyConsistency(input)).toThrowWithCode(
                CoreError,
                'TLOG_CONSISTENCY_PROOF_INVALID'
              );
            }
          }
        ),
        { numRuns: 200 }
      );
    });

    it('throws TLOG_CONSISTENCY_PROOF_INVALID for another root', () => {
      fc.assert(
        fc.property(sizes, fc.boolean(), ([oldSize, newSize], moveOld) => {
          const proof = consistencyProof(oldSize, newSize, reader);
          const oldRoot = moveOld ? root(oldSize - 1 || 2) : root(oldSize);
          const newRoot = moveOld ? root(newSize) : root(newSize - 1);
          expect(() =>
            verifyConsistency({ oldSize, newSize, oldRoot, newRoot, proof })
          ).toThrowWithCode(CoreError, 'TLOG_CONSISTENCY_PROOF_INVALID');
        }),
        { numRuns: 150 }
      );
    });

    it('throws TLOG_HASH_SIZE_INVALID for a truncated element', () => {
      const proof = consistencyProof(3, 10, reader);
      proof[0] = proof[0]!.slice(1);
      expect(() =>
        verifyConsistency({
          oldSize: 3,
          newSize: 10,
          oldRoot: root(3),
          newRoot: root(10),
          proof,
        })
      ).toThrowWithCode(CoreError, 'TLOG_HASH_SIZE_INVALID');
    });

    it('throws TLOG_HASH_SIZE_INVALID for a short root', () => {
      const proof = consistencyProof(3, 10, reader);
      expect(() =>
        verifyConsistency({
          oldSize: 3,
          newSize: 10,
          oldRoot: root(3),
          newRoot: root(10).slice(0, 16),
          proof,
        })
      ).toThrowWithCode(CoreError, 'TLOG_HASH_SIZE_INVALID');
    });
  });

  describe.each([
    ['a negative old size', -1, 5],
    ['a fractional new size', 1, 5.5],
    ['an unsafe new size', 1, 2 ** 53],
    ['an infinite old size', Infinity, 5],
  ] as const)('when given %s', (_desc, oldSize, newSize) => {
    it('throws TLOG_SIZE_INVALID', () => {
      expect(() =>
        verifyConsistency({
          oldSize,
          newSize,
          oldRoot: root(1),
          newRoot: root(5),
          proof: [],
        })
      ).toThrowWithCode(CoreError, 'TLOG_SIZE_INVALID');
    });
  });

  describe('when the old size is 0', () => {
    const input = {
      oldSize: 0,
      newSize: 7,
      oldRoot: EMPTY_TREE_ROOT,
      newRoot: root(7),
      proof: [],
    };

    it('throws TLOG_CONSISTENCY_PROOF_INVALID by default (RFC 9162)', () => {
      expect(() => verifyConsistency(input)).toThrowWithCode(
        CoreError,
        'TLOG_CONSISTENCY_PROOF_INVALID'
      );
    });

    it('accepts an empty proof with allowEmptyOld (C2SP tlog-witness)', () => {
      expect(() =>
        verifyConsistency(input, { allowEmptyOld: true })
      ).not.toThrow();
      expect(() =>
        verifyConsistency(
          { ...input, newSize: 0, newRoot: EMPTY_TREE_ROOT },
          { allowEmptyOld: true }
        )
      ).not.toThrow();
    });

    describe.each([
      ['the proof is not empty', { proof: [root(1)] }],
      ['the old root is not the empty root', { oldRoot: root(1) }],
      ['both sizes are 0 but the new root is not empty', { newSize: 0 }],
    ])('with allowEmptyOld, when %s', (_desc, change) => {
      it('throws TLOG_CONSISTENCY_PROOF_INVALID', () => {
        expect(() =>
          verifyConsistency({ ...input, ...change }, { allowEmptyOld: true })
        ).toThrowWithCode(CoreError, 'TLOG_CONSISTENCY_PROOF_INVALID');
      });
    });

    it('with allowEmptyOld, throws TLOG_HASH_SIZE_INVALID for a short new root', () => {
      expect(() =>
        verifyConsistency(
          { ...input, newRoot: new Uint8Array(3) },
          { allowEmptyOld: true }
        )
      ).toThrowWithCode(CoreError, 'TLOG_HASH_SIZE_INVALID');
    });
  });
});

describe('consistencyProof', () => {
  it('reproduces the happy-path vectors on the reference tree', () => {
    const happy = vectors.filter(
      (v) =>
        !v.data.wantErr &&
        v.data.size2 <= 8 &&
        bytesEqual(
          base64Decode(v.data.root2),
          treeRoot(v.data.size2, reference)
        )
    );
    expect(happy.length).toBeGreaterThanOrEqual(5);
    for (const { data } of happy) {
      expect(consistencyProof(data.size1, data.size2, reference)).toEqual(
        (data.proof ?? []).map(base64Decode)
      );
    }
  });

  it('is empty for equal sizes and from size 0', () => {
    expect(consistencyProof(5, 5, reader)).toEqual([]);
    expect(consistencyProof(0, 5, reader)).toEqual([]);
  });

  it('reads all nodes of a proof with one readHashes call', () => {
    const calls: NodeId[][] = [];
    const counting: HashReader = {
      readHashes(ids) {
        calls.push([...ids]);
        return reader.readHashes(ids);
      },
    };
    consistencyProof(777, 1999, counting);
    expect(calls).toHaveLength(1);
  });

  describe('when the old size is above the new size', () => {
    it('throws TLOG_SIZE_INVALID', () => {
      expect(() => consistencyProof(6, 5, reader)).toThrowWithCode(
        CoreError,
        'TLOG_SIZE_INVALID'
      );
    });
  });
});
