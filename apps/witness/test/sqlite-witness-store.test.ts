import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createSqliteWitnessStore } from '../src/storage/sqlite/sqlite-witness-store.js';
import type { StoredLogState } from '../src/storage/witness-store.js';
import { WitnessStoreError } from '../src/storage/witness-store.js';
import { ORIGIN, buildTree } from './helpers.js';

const A = buildTree({ branch: 'a', size: 16, shared: 2 });
const B = buildTree({ branch: 'b', size: 16, shared: 2 });
const state = (tree: typeof A, size: number): StoredLogState => ({
  origin: ORIGIN,
  size,
  rootHash: tree.root(size),
  note: tree.note(size),
  timestamp: 100 + size,
  cosignature: `— w x${size}\n`,
});

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'truce-witness-store-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'witness.db');
}

describe('createSqliteWitnessStore', () => {
  it('keeps the latest state and the history across a reopen', () => {
    const path = tempDb();
    const first = createSqliteWitnessStore({ path });
    first.transaction((tx) => tx.recordCosigned(state(A, 5)));
    first.transaction((tx) => tx.recordCosigned(state(A, 9)));
    first.close();
    const again = createSqliteWitnessStore({ path });
    onTestFinished(() => again.close());
    expect(again.listLogs()).toEqual([state(A, 9)]);
    again.transaction((tx) => {
      expect(tx.latest(ORIGIN)).toEqual(state(A, 9));
      expect(tx.cosignedAt(ORIGIN, 5)).toEqual({
        size: 5,
        rootHash: A.root(5),
        note: A.note(5),
        timestamp: 105,
      });
      expect(tx.cosignedAt(ORIGIN, 6)).toBeUndefined();
      expect(tx.latest('other')).toBeUndefined();
    });
  });

  it('runs in WAL mode', () => {
    const path = tempDb();
    createSqliteWitnessStore({ path }).close();
    const db = new Database(path, { readonly: true });
    onTestFinished(() => {
      db.close();
    });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  describe('recordCosigned', () => {
    it('throws STORE_FORK_REFUSED for another root at a cosigned size', () => {
      const store = createSqliteWitnessStore({ path: ':memory:' });
      onTestFinished(() => store.close());
      store.transaction((tx) => tx.recordCosigned(state(A, 5)));
      store.transaction((tx) => tx.recordCosigned(state(A, 9)));
      let error: unknown;
      try {
        store.transaction((tx) => tx.recordCosigned(state(B, 9)));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(WitnessStoreError);
      expect((error as WitnessStoreError).code).toBe('STORE_FORK_REFUSED');
      expect(store.listLogs()).toEqual([state(A, 9)]);
    });

    it('throws STORE_FORK_REFUSED for a size below the latest', () => {
      const store = createSqliteWitnessStore({ path: ':memory:' });
      onTestFinished(() => store.close());
      store.transaction((tx) => tx.recordCosigned(state(A, 9)));
      expect(() =>
        store.transaction((tx) => tx.recordCosigned(state(A, 5)))
      ).toThrow(WitnessStoreError);
    });

    it('accepts the same checkpoint again with a new cosignature', () => {
      const store = createSqliteWitnessStore({ path: ':memory:' });
      onTestFinished(() => store.close());
      store.transaction((tx) => tx.recordCosigned(state(A, 9)));
      const again = { ...state(A, 9), timestamp: 500, cosignature: '— w y\n' };
      store.transaction((tx) => tx.recordCosigned(again));
      expect(store.listLogs()).toEqual([again]);
    });
  });

  it('rolls back everything a failed transaction wrote', () => {
    const store = createSqliteWitnessStore({ path: ':memory:' });
    onTestFinished(() => store.close());
    expect(() =>
      store.transaction((tx) => {
        tx.recordCosigned(state(A, 5));
        throw new Error('crash before commit');
      })
    ).toThrow('crash before commit');
    expect(store.listLogs()).toEqual([]);
  });

  it('refuses to change or delete history, even by hand', () => {
    const path = tempDb();
    const store = createSqliteWitnessStore({ path });
    store.transaction((tx) => tx.recordCosigned(state(A, 5)));
    store.close();
    const db = new Database(path);
    onTestFinished(() => {
      db.close();
    });
    expect(() => db.exec("UPDATE cosigned SET note = 'x'")).toThrow(
      /immutable/
    );
    expect(() => db.exec('DELETE FROM cosigned')).toThrow(/immutable/);
  });

  describe('recordEquivocation', () => {
    it('keeps each pair of notes once, with the proof', () => {
      const store = createSqliteWitnessStore({ path: ':memory:' });
      onTestFinished(() => store.close());
      const fork = {
        kind: 'same-size-different-root' as const,
        origin: ORIGIN,
        previousNote: A.note(5),
        newNote: B.note(5),
      };
      const suspect = {
        kind: 'consistency-proof-failed' as const,
        origin: ORIGIN,
        previousNote: A.note(5),
        newNote: B.note(9),
        proof: B.proof(5, 9),
      };
      const empty = { ...suspect, newNote: B.note(8), proof: [] };
      store.transaction((tx) => {
        tx.recordEquivocation(fork, 10);
        tx.recordEquivocation(fork, 11);
        tx.recordEquivocation(suspect, 12);
        tx.recordEquivocation(empty, 13);
      });
      expect(store.listEquivocations()).toEqual([
        { ...fork, id: 1, detectedAt: 10, refuted: false },
        { ...suspect, id: 2, detectedAt: 12, refuted: false },
        { ...empty, id: 3, detectedAt: 13, refuted: false },
      ]);
    });
  });
});
