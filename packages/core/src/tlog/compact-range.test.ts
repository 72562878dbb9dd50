import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import {
  compactRangeAppend,
  compactRangeAppendAll,
  compactRangeEmpty,
  compactRangeFromReader,
  compactRangeNodeIds,
  compactRangeRoot,
  treeRoot,
} from './compact-range.js';
import {
  EMPTY_TREE_ROOT,
  hashChildren as hashChildrenCore,
  hashLeaf,
  rootFromLeafHashes,
} from './merkle.js';
import { hashReaderFromNodes, nodeKey } from './node.js';
import type { HashReader, NodeId, StoredNode } from './node.js';

const MAX = 2000;
const leafHashes = Array.from({ length: MAX }, (_, i) =>
  hashLeaf(utf8Encode(`leaf ${i}`))
);
const nodes: StoredNode[] = [];
const ranges = [compactRangeEmpty()];
for (const leafHash of leafHashes) {
  const step = compactRangeAppend(ranges[ranges.length - 1]!, leafHash);
  nodes.push(...step.newNodes);
  ranges.push(step.range);
}
const reader = hashReaderFromNodes(nodes);

describe('compactRangeAppend', () => {
  it('returns the leaf and every full node it completes', () => {
    // Appending leaf 7 completes [6,8), [4,8) and [0,8).
    const { newNodes } = compactRangeAppend(ranges[7]!, leafHashes[7]!);
    expect(newNodes.map(nodeKey)).toEqual(['0/7', '1/3', '2/1', '3/0']);
    expect(newNodes[3]!.hash).toEqual(
      rootFromLeafHashes(leafHashes.slice(0, 8))
    );
  });

  it('stores each full node exactly once over a whole tree', () => {
    const keys = nodes.map(nodeKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(2 * MAX - compactRangeNodeIds(MAX).length);
  });

  it('stores only hashes of full subtrees', () => {
    for (const node of nodes.filter((_, i) => i % 97 === 0)) {
      const width = 2 ** node.level;
      const start = node.index * width;
      expect(node.hash).toEqual(
        rootFromLeafHashes(leafHashes.slice(start, start + width))
      );
    }
  });

  describe('when the leaf hash is not 32 bytes', () => {
    it('throws TLOG_HASH_SIZE_INVALID', () => {
      expect(() =>
        compactRangeAppend(compactRangeEmpty(), new Uint8Array(33))
      ).toThrowWithCode(CoreError, 'TLOG_HASH_SIZE_INVALID');
    });
  });

  describe('when the range does not match its size', () => {
    it('throws TLOG_HASH_MISSING', () => {
      expect(() =>
        compactRangeAppend({ size: 3, hashes: [] }, leafHashes[0]!)
      ).toThrowWithCode(CoreError, 'TLOG_HASH_MISSING');
    });
  });

  describe('when the size would leave the safe integer range', () => {
    it('throws TLOG_SIZE_INVALID', () => {
      const size = Number.MAX_SAFE_INTEGER;
      const full = {
        size,
        hashes: compactRangeNodeIds(size).map(() => leafHashes[0]!),
      };
      expect(() => compactRangeAppend(full, leafHashes[0]!)).toThrowWithCode(
        CoreError,
        'TLOG_SIZE_INVALID'
      );
    });
  });
});

describe('compactRangeAppendAll', () => {
  const leaves = Array.from({ length: 13 }, (_, i) =>
    hashLeaf(utf8Encode(`leaf ${i}`))
  );

  it('equals appending one leaf at a time', () => {
    let range = compactRangeEmpty();
    const nodes: StoredNode[] = [];
    for (const leaf of leaves) {
      const step = compactRangeAppend(range, leaf);
      range = step.range;
      nodes.push(...step.newNodes);
    }
    expect(compactRangeAppendAll(compactRangeEmpty(), leaves)).toEqual({
      range,
      newNodes: nodes,
    });
  });

  it('hashes parents with the hasher it is given', () => {
    const calls: number[] = [];
    const hashChildren = (left: Uint8Array, right: Uint8Array) => {
      calls.push(1);
      return hashChildrenCore(left, right);
    };
    const all = compactRangeAppendAll(compactRangeEmpty(), leaves, {
      hashChildren,
    });
    expect(compactRangeRoot(all.range)).toEqual(rootFromLeafHashes(leaves));
    // 13 leaves complete 13 - popcount(13) = 10 parents.
    expect(calls).toHaveLength(10);
  });

  it('throws TLOG_HASH_SIZE_INVALID for a short leaf hash', () => {
    expect(() =>
      compactRangeAppendAll(compactRangeEmpty(), [new Uint8Array(31)])
    ).toThrowWithCode(CoreError, 'TLOG_HASH_SIZE_INVALID');
  });
});

describe('compactRangeRoot', () => {
  it('is the empty tree root for the empty range', () => {
    expect(compactRangeRoot(compactRangeEmpty())).toEqual(EMPTY_TREE_ROOT);
  });

  it('equals rootFromLeafHashes for every prefix up to 300', () => {
    for (let size = 0; size <= 300; size++) {
      expect(compactRangeRoot(ranges[size]!)).toEqual(
        rootFromLeafHashes(leafHashes.slice(0, size))
      );
    }
  });
});

describe('compactRangeNodeIds', () => {
  it('lists one full node per set bit, largest first', () => {
    expect(compactRangeNodeIds(13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
  });

  it('handles the largest safe size', () => {
    const ids = compactRangeNodeIds(Number.MAX_SAFE_INTEGER);
    expect(ids).toHaveLength(53);
    expect(ids[52]).toEqual({ level: 0, index: Number.MAX_SAFE_INTEGER - 1 });
  });

  describe.each([-1, 1.5, 2 ** 53, Number.NaN, Infinity])(
    'when the size is %s',
    (size) => {
      it('throws TLOG_SIZE_INVALID', () => {
        expect(() => compactRangeNodeIds(size)).toThrowWithCode(
          CoreError,
          'TLOG_SIZE_INVALID'
        );
      });
    }
  );
});

describe('compactRangeFromReader', () => {
  it('restores the frontier a restart lost, with one read', () => {
    const calls: NodeId[][] = [];
    const counting: HashReader = {
      readHashes(ids) {
        calls.push([...ids]);
        return reader.readHashes(ids);
      },
    };
    expect(compactRangeFromReader(1234, counting)).toEqual(ranges[1234]);
    expect(calls).toHaveLength(1);
  });

  describe('when the reader lacks a node', () => {
    it('throws TLOG_HASH_MISSING', () => {
      expect(() => compactRangeFromReader(MAX + 1, reader)).toThrowWithCode(
        CoreError,
        'TLOG_HASH_MISSING'
      );
    });
  });

  describe('when the reader breaks its contract', () => {
    const bad: [string, HashReader, string][] = [
      ['returns too few hashes', { readHashes: () => [] }, 'TLOG_HASH_MISSING'],
      [
        'returns a hole',
        {
          readHashes: (ids) =>
            ids.map(() => undefined as unknown as Uint8Array),
        },
        'TLOG_HASH_MISSING',
      ],
      [
        'returns a short hash',
        { readHashes: (ids) => ids.map(() => new Uint8Array(8)) },
        'TLOG_HASH_SIZE_INVALID',
      ],
    ];
    it.each(bad)('throws when it %s', (_desc, badReader, code) => {
      expect(() => compactRangeFromReader(5, badReader)).toThrowWithCode(
        CoreError,
        code
      );
    });
  });
});

describe('treeRoot', () => {
  it('equals rootFromLeafHashes for every prefix size up to 2000', () => {
    for (let size = 0; size <= MAX; size++) {
      expect(treeRoot(size, reader)).toEqual(
        rootFromLeafHashes(leafHashes.slice(0, size))
      );
    }
  });

  it('needs no read for the empty tree', () => {
    const none: HashReader = {
      readHashes: () => {
        throw new Error('unexpected read');
      },
    };
    expect(treeRoot(0, none)).toEqual(EMPTY_TREE_ROOT);
  });
});
