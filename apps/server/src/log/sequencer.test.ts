import { describe, expect, it } from 'vitest';
import { hashLeaf, rootFromLeafHashes } from '@truce/core';
import { nodeNoteSigner } from '../signing/node-signer.js';
import { createSqliteStore } from '../storage/sqlite/sqlite-store.js';
import { Sequencer } from './sequencer.js';

const entry = (i: number) => new TextEncoder().encode(`entry ${i}`);
const rootOf = (n: number) =>
  rootFromLeafHashes(Array.from({ length: n }, (_, i) => hashLeaf(entry(i))));

async function setup(maxBatch?: number) {
  const store = createSqliteStore({ path: ':memory:' });
  const sequencer = await Sequencer.open({
    store,
    origin: 'log.example/a',
    signer: nodeNoteSigner('log.example/a', new Uint8Array(32).fill(5)),
    ...(maxBatch === undefined ? {} : { maxBatch }),
  });
  const append = async (from: number, to: number) => {
    const entries = Array.from({ length: to - from }, (_, k) =>
      entry(from + k)
    );
    expect(await store.appendEntries(entries.map((bytes) => ({ bytes })))).toBe(
      from
    );
    return entries;
  };
  return { store, sequencer, append };
}

describe('Sequencer', () => {
  describe('when integrate is called while a run is under way', () => {
    it('runs once more after it, covering what was sequenced meanwhile', async () => {
      const { sequencer, append } = await setup();
      await append(0, 5);
      const first = sequencer.integrate();
      const appending = append(5, 8);
      const second = sequencer.integrate();
      expect(sequencer.integrate()).toBe(second);
      await appending;
      expect((await first)?.size).toBe(5);
      const last = await second;
      expect(last?.size).toBe(8);
      expect(last?.rootHash).toEqual(rootOf(8));
    });
  });

  describe('with entries noted by the writer, or not, or out of order', () => {
    it('signs the root of exactly the stored entries', async () => {
      const { sequencer, append } = await setup(7);
      // Not noted: read from the store.
      await append(0, 5);
      expect((await sequencer.integrate())?.rootHash).toEqual(rootOf(5));
      // Noted in order, across several steps of maxBatch.
      sequencer.noteCommitted(5, await append(5, 20));
      expect((await sequencer.integrate())?.rootHash).toEqual(rootOf(20));
      // A gap in the notes (20..23 not noted): the store fills it.
      await append(20, 23);
      sequencer.noteCommitted(23, await append(23, 30));
      expect((await sequencer.integrate())?.rootHash).toEqual(rootOf(30));
      // Noted ahead of what the store has sequenced is never signed early.
      sequencer.noteCommitted(30, await append(30, 31));
      sequencer.noteCommitted(31, [entry(31)]);
      expect((await sequencer.integrate())?.size).toBe(31);
      expect(sequencer.latest?.rootHash).toEqual(rootOf(31));
    });
  });
});
