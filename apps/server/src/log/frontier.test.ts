import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompactRange, StoredNode } from '@truce/core';
import {
  CoreError,
  MAX_ENTRY_BYTES,
  compactRangeAppend,
  compactRangeEmpty,
  compactRangeNodeIds,
  hashLeaf,
} from '@truce/core';
import { appendEntriesToRange, hashLeafNative } from './frontier.js';

function appendWithCore(range: CompactRange, entries: Uint8Array[]) {
  const nodes: StoredNode[] = [];
  for (const entry of entries) {
    const step = compactRangeAppend(range, hashLeaf(entry));
    range = step.range;
    nodes.push(...step.newNodes);
  }
  return { range, nodes };
}

const plain = (r: { range: CompactRange; nodes: StoredNode[] }) => ({
  size: r.range.size,
  hashes: r.range.hashes.map((h) => Array.from(h)),
  nodes: r.nodes.map((n) => ({ ...n, hash: Array.from(n.hash) })),
});

describe('hashLeafNative', () => {
  it('equals core hashLeaf past the largest entry, too', () => {
    for (const length of [MAX_ENTRY_BYTES, MAX_ENTRY_BYTES + 1]) {
      const entry = new Uint8Array(length).fill(7);
      expect(Array.from(hashLeafNative(entry))).toEqual(
        Array.from(hashLeaf(entry))
      );
    }
  });

  it('equals core hashLeaf', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (entry) => {
        expect(Array.from(hashLeafNative(entry))).toEqual(
          Array.from(hashLeaf(entry))
        );
      })
    );
  });
});

describe('appendEntriesToRange', () => {
  const entries = fc.array(fc.uint8Array({ maxLength: 40 }), {
    maxLength: 40,
  });

  it('matches core compactRangeAppend from the empty tree, in any chunks', () => {
    fc.assert(
      fc.property(fc.array(entries, { maxLength: 8 }), (chunks) => {
        let core = { range: compactRangeEmpty(), nodes: [] as StoredNode[] };
        let ours = { range: compactRangeEmpty(), nodes: [] as StoredNode[] };
        for (const chunk of chunks) {
          core = appendWithCore(core.range, chunk);
          ours = appendEntriesToRange(ours.range, chunk);
          expect(plain(ours)).toEqual(plain(core));
        }
      })
    );
  });

  it('matches core from any size up to 2^53 - 1', () => {
    const range = fc
      .integer({ min: 0, max: Number.MAX_SAFE_INTEGER - 100 })
      .chain((size) =>
        fc
          .array(fc.uint8Array({ minLength: 32, maxLength: 32 }), {
            minLength: compactRangeNodeIds(size).length,
            maxLength: compactRangeNodeIds(size).length,
          })
          .map((hashes): CompactRange => ({ size, hashes }))
      );
    fc.assert(
      fc.property(range, entries, (start, chunk) => {
        expect(plain(appendEntriesToRange(start, chunk))).toEqual(
          plain(appendWithCore(start, chunk))
        );
      })
    );
  });

  describe('when the range does not match its size', () => {
    it('throws TLOG_HASH_MISSING, as core does', () => {
      const range = { size: 3, hashes: [] };
      const leaf = new Uint8Array(1);
      expect(() => appendEntriesToRange(range, [leaf])).toThrowWithCode(
        CoreError,
        'TLOG_HASH_MISSING'
      );
      expect(() => compactRangeAppend(range, hashLeaf(leaf))).toThrowWithCode(
        CoreError,
        'TLOG_HASH_MISSING'
      );
    });
  });

  describe('when the size would pass 2^53 - 1', () => {
    it('throws TLOG_SIZE_INVALID, as core does', () => {
      const size = Number.MAX_SAFE_INTEGER;
      const hashes = compactRangeNodeIds(size).map(() => new Uint8Array(32));
      const leaf = new Uint8Array(1);
      expect(() =>
        appendEntriesToRange({ size, hashes }, [leaf])
      ).toThrowWithCode(CoreError, 'TLOG_SIZE_INVALID');
      expect(() =>
        compactRangeAppend({ size, hashes }, hashLeaf(leaf))
      ).toThrowWithCode(CoreError, 'TLOG_SIZE_INVALID');
    });
  });
});
