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
import {
  inclusionProof,
  rootFromInclusionProof,
  verifyInclusion,
} from './inclusion-proof.js';
import { hashLeaf } from './merkle.js';
import { hashReaderFromNodes } from './node.js';
import type { HashReader, NodeId, StoredNode } from './node.js';

type InclusionVector = {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
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
const leafHash = (i: number) => hashLeaf(utf8Encode(`leaf ${i}`));
// VECTORS.md §5 reference tree: the transparency-dev vectors are over it.
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

const vectors = loadJsonVectors<InclusionVector>(
  `${SHARED_DIR}/vectors/transparency-dev-merkle-testdata/inclusion`
);

describe('verifyInclusion', () => {
  it('loads the transparency-dev inclusion vectors', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(98);
  });

  describe.each(vectors.map((v) => [v.name, v.data] as const))(
    'vector %s',
    (_name, v) => {
      const input = {
        leafHash: base64Decode(v.leafHash),
        index: v.leafIdx,
        size: v.treeSize,
        proof: (v.proof ?? []).map(base64Decode),
        root: base64Decode(v.root),
      };
      if (v.wantErr) {
        it('throws a CoreError', () => {
          expect(() => verifyInclusion(input)).toThrow(CoreError);
        });
      } else {
        it('verifies', () => {
          expect(() => verifyInclusion(input)).not.toThrow();
        });
      }
    }
  );

  it('verifies every proof from the full-node store (random trees)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: MAX })
          .chain((size) =>
            fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 }))
          ),
        ([size, index]) => {
          const proof = inclusionProof(index, size, reader);
          const root = treeRoot(size, reader);
          verifyInclusion({
            leafHash: leafHash(index),
            index,
            size,
            proof,
            root,
          });
        }
      ),
      { numRuns: 300 }
    );
  });

  describe('when the proof, index, size or root is mutated', () => {
    const sizeIndex = fc
      .integer({ min: 2, max: MAX })
      .chain((size) =>
        fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 }))
      );

    it('throws TLOG_INCLUSION_PROOF_INVALID for a flipped bit', () => {
      fc.assert(
        fc.property(
          sizeIndex,
          fc.nat(),
          fc.nat(255),
          ([size, index], at, bit) => {
            const proof = inclusionProof(index, size, reader);
            const i = at % proof.length;
            const flipped = proof.map((h) => h.slice());
            const target = flipped[i]!;
            target[bit % 32] = target[bit % 32]! ^ (1 << (bit % 8));
            const root = treeRoot(size, reader);
            expect(() =>
              verifyInclusion({
                leafHash: leafHash(index),
                index,
                size,
                proof: flipped,
                root,
              })
            ).toThrowWithCode(CoreError, 'TLOG_INCLUSION_PROOF_INVALID');
          }
        ),
        { numRuns: 150 }
      );
    });

    it('throws TLOG_INCLUSION_PROOF_INVALID for a dropped or added element', () => {
      fc.assert(
        fc.property(sizeIndex, fc.boolean(), ([size, index], drop) => {
          const proof = inclusionProof(index, size, reader);
          const changed = drop ? proof.slice(1) : [...proof, leafHash(0)];
          const root = treeRoot(size, reader);
          expect(() =>
            verifyInclusion({
              leafHash: leafHash(index),
              index,
              size,
              proof: changed,
              root,
            })
          ).toThrowWithCode(CoreError, 'TLOG_INCLUSION_PROOF_INVALID');
        }),
        { numRuns: 150 }
      );
    });

    it('throws TLOG_INCLUSION_PROOF_INVALID for another index in the tree', () => {
      fc.assert(
        fc.property(sizeIndex, fc.nat(), ([size, index], other) => {
          const wrong = (index + 1 + (other % (size - 1))) % size;
          const proof = inclusionProof(index, size, reader);
          const root = treeRoot(size, reader);
          expect(() =>
            verifyInclusion({
              leafHash: leafHash(index),
              index: wrong,
              size,
              proof,
              root,
            })
          ).toThrowWithCode(CoreError, 'TLOG_INCLUSION_PROOF_INVALID');
        }),
        { numRuns: 150 }
      );
    });

    it('fails for another size unless both sizes have the very same proof', () => {
      fc.assert(
        fc.property(
          sizeIndex,
          fc.integer({ min: 1, max: MAX }),
          ([size, index], other) => {
            fc.pre(other !== size);
            const proof = inclusionProof(index, size, reader);
            const input = {
              leafHash: leafHash(index),
              index,
              size: other,
              proof,
              root: treeRoot(other, reader),
            };
            if (index >= other) {
              expect(() => verifyInclusion(input)).toThrowWithCode(
                CoreError,
                'TLOG_INDEX_OUT_OF_RANGE'
              );
            } else if (
              sameHashes(proof, inclusionProof(index, other, reader))
            ) {
              expect(() => verifyInclusion(input)).not.toThrow();
            } else {
              expect(() => verifyInclusion(input)).toThrowWithCode(
                CoreError,
                'TLOG_INCLUSION_PROOF_INVALID'
              );
            }
          }
        ),
        { numRuns: 150 }
      );
    });

    it('throws TLOG_INCLUSION_PROOF_INVALID for another root', () => {
      fc.assert(
        fc.property(sizeIndex, ([size, index]) => {
          const proof = inclusionProof(index, size, reader);
          const root = treeRoot(size - 1, reader);
          expect(() =>
            verifyInclusion({
              leafHash: leafHash(index),
              index,
              size,
              proof,
              root,
            })
          ).toThrowWithCode(CoreError, 'TLOG_INCLUSION_PROOF_INVALID');
        }),
        { numRuns: 100 }
      );
    });

    it('throws TLOG_HASH_SIZE_INVALID for a truncated element', () => {
      const proof = inclusionProof(3, 10, reader);
      proof[1] = proof[1]!.slice(0, 31);
      expect(() =>
        verifyInclusion({
          leafHash: leafHash(3),
          index: 3,
          size: 10,
          proof,
          root: treeRoot(10, reader),
        })
      ).toThrowWithCode(CoreError, 'TLOG_HASH_SIZE_INVALID');
    });
  });

  describe('when the root is not 32 bytes', () => {
    it('throws TLOG_HASH_SIZE_INVALID', () => {
      expect(() =>
        verifyInclusion({
          leafHash: leafHash(0),
          index: 0,
          size: 1,
          proof: [],
          root: leafHash(0).slice(1),
        })
      ).toThrowWithCode(CoreError, 'TLOG_HASH_SIZE_INVALID');
    });
  });

  describe.each([
    ['a negative index', -1, 5, 'TLOG_INDEX_OUT_OF_RANGE'],
    ['a fractional index', 0.5, 5, 'TLOG_INDEX_OUT_OF_RANGE'],
    ['an index at the size', 5, 5, 'TLOG_INDEX_OUT_OF_RANGE'],
    ['an unsafe index', 2 ** 64, 2 ** 53 - 1, 'TLOG_INDEX_OUT_OF_RANGE'],
    ['a negative size', 0, -5, 'TLOG_SIZE_INVALID'],
    ['an unsafe size', 0, 2 ** 64, 'TLOG_SIZE_INVALID'],
    ['a NaN size', 0, Number.NaN, 'TLOG_SIZE_INVALID'],
  ] as const)('when given %s', (_desc, index, size, code) => {
    it(`throws ${code}`, () => {
      expect(() =>
        verifyInclusion({
          leafHash: leafHash(0),
          index,
          size,
          proof: [],
          root: leafHash(0),
        })
      ).toThrowWithCode(CoreError, code);
    });
  });
});

describe('inclusionProof', () => {
  it('reproduces the happy-path vectors on the reference tree', () => {
    const happy = vectors.filter(
      (v) =>
        !v.data.wantErr &&
        v.data.treeSize <= 8 &&
        bytesEqual(
          base64Decode(v.data.root),
          treeRoot(v.data.treeSize, reference)
        )
    );
    expect(happy.length).toBeGreaterThanOrEqual(5);
    for (const { data } of happy) {
      expect(inclusionProof(data.leafIdx, data.treeSize, reference)).toEqual(
        (data.proof ?? []).map(base64Decode)
      );
    }
  });

  it('reads all nodes of a proof with one readHashes call', () => {
    const calls: NodeId[][] = [];
    const counting: HashReader = {
      readHashes(ids) {
        calls.push([...ids]);
        return reader.readHashes(ids);
      },
    };
    inclusionProof(1000, 1999, counting);
    expect(calls).toHaveLength(1);
  });

  it('reads only full nodes below the size', () => {
    const partial = buildTree(
      Array.from({ length: 13 }, (_, i) => utf8Encode(`leaf ${i}`))
    );
    for (let index = 0; index < 13; index++) {
      expect(inclusionProof(index, 13, partial)).toEqual(
        inclusionProof(index, 13, reader)
      );
    }
  });

  describe('when the index is not below the size', () => {
    it('throws TLOG_INDEX_OUT_OF_RANGE', () => {
      expect(() => inclusionProof(8, 8, reader)).toThrowWithCode(
        CoreError,
        'TLOG_INDEX_OUT_OF_RANGE'
      );
    });
  });
});

describe('rootFromInclusionProof', () => {
  it('returns the root the proof implies', () => {
    const proof = inclusionProof(6, 7, reader);
    expect(
      rootFromInclusionProof({
        leafHash: leafHash(6),
        index: 6,
        size: 7,
        proof,
      })
    ).toEqual(treeRoot(7, reader));
  });
});

function sameHashes(a: Uint8Array[], b: Uint8Array[]): boolean {
  return a.length === b.length && a.every((h, i) => bytesEqual(h, b[i]!));
}
