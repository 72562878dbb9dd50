import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogStore, StoredCheckpoint } from './store.js';
import { StoreError } from './store.js';

export type StoreContractOptions = {
  name: string;
  /** A fresh, empty store. */
  create: () => Promise<LogStore>;
  /** Closes and reopens the same store, if the backend persists. */
  reopen?: (store: LogStore) => Promise<LogStore>;
};

const bytes = (...values: number[]) => new Uint8Array(values);
const hash = (seed: number) => new Uint8Array(32).fill(seed);
const checkpoint = (size: number, seed: number): StoredCheckpoint => ({
  size,
  rootHash: hash(seed),
  note: `origin\n${size}\nroot-${seed}\n\n— origin sig\n`,
});

/** The behaviour every `LogStore` adapter must show (STYLE §7.28). */
export function runStoreContract(options: StoreContractOptions): void {
  describe(`LogStore contract: ${options.name}`, () => {
    let store: LogStore;
    beforeEach(async () => {
      store = await options.create();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('appendEntries', () => {
      it('assigns consecutive indexes from zero', async () => {
        expect(await store.appendEntries([{ bytes: bytes(1) }])).toBe(0);
        expect(
          await store.appendEntries([{ bytes: bytes(2) }, { bytes: bytes(3) }])
        ).toBe(1);
        expect(await store.sequencedSize()).toBe(3);
        expect(await store.readEntries(0, 3)).toEqual([
          bytes(1),
          bytes(2),
          bytes(3),
        ]);
      });

      it('counts entries as sequenced only once the append resolves (durable)', async () => {
        const appending = store.appendEntries([{ bytes: bytes(1) }]);
        const during = store.sequencedSize();
        await appending;
        expect(await during).toBe(0);
        expect(await store.sequencedSize()).toBe(1);
      });

      it('keeps the highest seq per sensor', async () => {
        await store.appendEntries([
          { bytes: bytes(1), sensor: 'a', seq: 4 },
          { bytes: bytes(2), sensor: 'b', seq: 1 },
          { bytes: bytes(3), sensor: 'a', seq: 9 },
        ]);
        expect(await store.lastSeqBySensor()).toEqual(
          new Map([
            ['a', 9],
            ['b', 1],
          ])
        );
      });

      it('keeps the highest seq per sensor, whatever the order and commit', async () => {
        await store.appendEntries([
          { bytes: bytes(1), sensor: 'a', seq: 9 },
          { bytes: bytes(2), sensor: 'a', seq: 4 },
          { bytes: bytes(3), sensor: 'b', seq: 2 },
        ]);
        await store.appendEntries([
          { bytes: bytes(4), sensor: 'a', seq: 5 },
          { bytes: bytes(5), sensor: 'b', seq: 3 },
        ]);
        expect(await store.lastSeqBySensor()).toEqual(
          new Map([
            ['a', 9],
            ['b', 3],
          ])
        );
      });

      it('indexes entries by type', async () => {
        await store.appendEntries([
          { bytes: bytes(1) },
          { bytes: bytes(2), type: 'sensor_registered' },
          { bytes: bytes(3), type: 'sensor_revoked' },
        ]);
        expect(await store.readEntriesByType(['sensor_registered'])).toEqual([
          { index: 1, bytes: bytes(2) },
        ]);
      });
    });

    describe('readEntries', () => {
      it('throws STORE_ENTRY_MISSING past the end', async () => {
        await store.appendEntries([{ bytes: bytes(1) }]);
        await expect(store.readEntries(0, 2)).toThrowWithCode(
          StoreError,
          'STORE_ENTRY_MISSING'
        );
      });
    });

    describe('commitIntegration', () => {
      it('stores nodes and the checkpoint together', async () => {
        await store.appendEntries([{ bytes: bytes(1) }, { bytes: bytes(2) }]);
        await store.commitIntegration(
          [
            { level: 0, index: 0, hash: hash(1) },
            { level: 0, index: 1, hash: hash(2) },
            { level: 1, index: 0, hash: hash(3) },
          ],
          checkpoint(2, 3)
        );
        expect(
          await store.readNodes([
            { level: 1, index: 0 },
            { level: 0, index: 1 },
          ])
        ).toEqual([hash(3), hash(2)]);
        expect(await store.latestCheckpoint()).toEqual(checkpoint(2, 3));
        expect(await store.checkpointAt(2)).toEqual(checkpoint(2, 3));
        expect(await store.checkpointAt(1)).toBeUndefined();
      });

      it('accepts the same checkpoint twice and refuses a different one', async () => {
        await store.appendEntries([{ bytes: bytes(1) }]);
        const nodes = [{ level: 0, index: 0, hash: hash(1) }];
        await store.commitIntegration(nodes, checkpoint(1, 1));
        await store.commitIntegration(nodes, checkpoint(1, 1));
        await expect(
          store.commitIntegration(nodes, checkpoint(1, 7))
        ).toThrowWithCode(StoreError, 'STORE_CHECKPOINT_CONFLICT');
        expect(await store.latestCheckpoint()).toEqual(checkpoint(1, 1));
      });

      it('accepts a node stored before with the same hash (re-integration)', async () => {
        await store.appendEntries([{ bytes: bytes(1) }, { bytes: bytes(2) }]);
        await store.commitIntegration(
          [{ level: 0, index: 0, hash: hash(1) }],
          checkpoint(1, 1)
        );
        await store.commitIntegration(
          [
            { level: 0, index: 0, hash: hash(1) },
            { level: 0, index: 1, hash: hash(2) },
          ],
          checkpoint(2, 2)
        );
        expect(
          await store.readNodes([
            { level: 0, index: 0 },
            { level: 0, index: 1 },
          ])
        ).toEqual([hash(1), hash(2)]);
        expect((await store.latestCheckpoint())?.size).toBe(2);
      });

      it('refuses a checkpoint beyond the sequenced entries', async () => {
        await expect(
          store.commitIntegration([], checkpoint(1, 1))
        ).toThrowWithCode(StoreError, 'STORE_SIZE_MISMATCH');
      });

      it('refuses to overwrite a node and stores nothing of that commit', async () => {
        await store.appendEntries([{ bytes: bytes(1) }, { bytes: bytes(2) }]);
        await store.commitIntegration(
          [{ level: 0, index: 0, hash: hash(1) }],
          checkpoint(1, 1)
        );
        await expect(
          store.commitIntegration(
            [
              { level: 0, index: 1, hash: hash(2) },
              { level: 0, index: 0, hash: hash(9) },
            ],
            checkpoint(2, 2)
          )
        ).toThrowWithCode(StoreError, 'STORE_NODE_CONFLICT');
        await expect(store.readNodes([{ level: 0, index: 1 }])).toThrowWithCode(
          StoreError,
          'STORE_NODE_MISSING'
        );
        expect((await store.latestCheckpoint())?.size).toBe(1);
      });
    });

    describe('cosignatures', () => {
      it('keeps the first line per witness and size, and the max size per witness', async () => {
        await store.appendEntries([{ bytes: bytes(1) }, { bytes: bytes(2) }]);
        await store.commitIntegration([], checkpoint(1, 1));
        await store.commitIntegration([], checkpoint(2, 2));
        await store.addCosignature(1, 'w1', 'line-1a');
        await store.addCosignature(1, 'w1', 'line-1b');
        await store.addCosignature(2, 'w1', 'line-2');
        await store.addCosignature(1, 'w2', 'line-w2');
        expect(await store.cosignaturesAt(1)).toEqual(
          new Map([
            ['w1', 'line-1a'],
            ['w2', 'line-w2'],
          ])
        );
        expect(await store.cosignaturesAt(3)).toEqual(new Map());
        expect(await store.cosignedSizeByWitness()).toEqual(
          new Map([
            ['w1', 2],
            ['w2', 1],
          ])
        );
        expect(await store.checkpointSizes(5)).toEqual([2, 1]);
        expect(await store.checkpointSizes(1)).toEqual([2]);
      });
    });

    describe('tokens', () => {
      const token = {
        id: 'tok-1',
        role: 'analyst' as const,
        label: 'desk',
        createdAtMs: 1,
        revoked: false,
      };

      it('finds a token by its hash and revokes it', async () => {
        await store.insertToken(token, hash(5));
        expect(await store.findTokenByHash(hash(5))).toEqual(token);
        expect(await store.findTokenByHash(hash(6))).toBeUndefined();
        expect(await store.revokeToken('tok-1')).toBe(true);
        expect(await store.findTokenByHash(hash(5))).toEqual({
          ...token,
          revoked: true,
        });
        expect(await store.listTokens()).toHaveLength(1);
      });

      it('keeps the member a guarantor token is bound to', async () => {
        const bound = { ...token, id: 'tok-2', role: 'guarantor' as const };
        await store.insertToken({ ...bound, member: 'DEU' }, hash(7));
        await store.insertToken({ ...bound, id: 'tok-3' }, hash(8));
        expect(await store.findTokenByHash(hash(7))).toEqual({
          ...bound,
          member: 'DEU',
        });
        // No member stays no member: not null, not an empty string.
        expect(await store.findTokenByHash(hash(8))).toEqual({
          ...bound,
          id: 'tok-3',
        });
        expect((await store.listTokens()).map((t) => t.member)).toEqual([
          'DEU',
          undefined,
        ]);
      });

      it('refuses a duplicate id with STORE_TOKEN_EXISTS', async () => {
        await store.insertToken(token, hash(5));
        await expect(store.insertToken(token, hash(6))).toThrowWithCode(
          StoreError,
          'STORE_TOKEN_EXISTS'
        );
      });
    });

    if (options.reopen !== undefined) {
      const reopen = options.reopen;
      it('keeps entries, seqs, nodes and checkpoints across a reopen', async () => {
        await store.appendEntries([
          { bytes: bytes(1), sensor: 's', seq: 3 },
          { bytes: bytes(2) },
        ]);
        await store.commitIntegration(
          [{ level: 0, index: 0, hash: hash(1) }],
          checkpoint(1, 1)
        );
        store = await reopen(store);
        expect(await store.sequencedSize()).toBe(2);
        expect(await store.readEntries(0, 2)).toEqual([bytes(1), bytes(2)]);
        expect(await store.lastSeqBySensor()).toEqual(new Map([['s', 3]]));
        expect(await store.latestCheckpoint()).toEqual(checkpoint(1, 1));
        expect(await store.appendEntries([{ bytes: bytes(3) }])).toBe(2);
      });
    }
  });
}
