import { describe, expect, it } from 'vitest';
import {
  bytesEqual,
  formatAddCheckpointRequest,
  noteVerifierFromKey,
  openCheckpoint,
} from '@truce/core';
import type { EquivocationView } from '../src/witness-service.js';
import {
  LOG_VKEY,
  ORIGIN,
  addCheckpoint,
  buildTree,
  createTestWitness,
} from './helpers.js';

// One log key, two histories that share their first 4 entries: the split
// view a log would show party A and party B.
const SHARED = 4;
const A = buildTree({ branch: 'shown-to-A', size: 32, shared: SHARED });
const B = buildTree({ branch: 'shown-to-B', size: 32, shared: SHARED });
const logVerifier = noteVerifierFromKey(LOG_VKEY);

async function equivocations(
  app: Awaited<ReturnType<typeof createTestWitness>>['app']
): Promise<EquivocationView[]> {
  const res = await app.inject('/equivocations');
  expect(res.statusCode).toBe(200);
  return res.json() as EquivocationView[];
}

describe('a forked log', () => {
  it('shares a prefix and differs after it', () => {
    expect(bytesEqual(A.root(SHARED), B.root(SHARED))).toBe(true);
    expect(bytesEqual(A.root(10), B.root(10))).toBe(false);
  });

  describe('when the second branch comes at the same size', () => {
    it('is refused with 409 and both signed notes are kept as proof', async () => {
      const { app } = await createTestWitness();
      expect((await addCheckpoint(app, A.body(0, 10))).statusCode).toBe(200);

      const res = await addCheckpoint(app, B.body(10, 10));
      // tlog-witness: same old and checkpoint size, other root → 409.
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toBe('text/x.tlog.size');
      expect(res.body).toBe('10\n');

      const [fork, ...rest] = await equivocations(app);
      expect(rest).toEqual([]);
      expect(fork).toMatchObject({
        origin: ORIGIN,
        kind: 'same-size-different-root',
        notes: [A.note(10), B.note(10)],
        refuted: false,
      });
      expect(fork!.detectedAt).toBe(1_767_139_200);
      // Anyone with the log key can check the proof: two valid signatures
      // over two different roots for one size.
      const [first, second] = fork!.notes.map(
        (note) => openCheckpoint(note, logVerifier).checkpoint
      );
      expect(first!.size).toBe(second!.size);
      expect(bytesEqual(first!.rootHash, second!.rootHash)).toBe(false);
    });
  });

  it('is refused with 409 when the second branch claims old size 0', async () => {
    const { app } = await createTestWitness();
    await addCheckpoint(app, A.body(0, 10));
    const res = await addCheckpoint(app, B.body(0, 10));
    expect(res.statusCode).toBe(409);
    expect(res.body).toBe('10\n');
    expect((await equivocations(app))[0]!.kind).toBe(
      'same-size-different-root'
    );
  });

  it('finds a fork below the latest size in the history', async () => {
    const { app } = await createTestWitness();
    await addCheckpoint(app, A.body(0, 6));
    await addCheckpoint(app, A.body(6, 12));
    const res = await addCheckpoint(app, B.body(0, 6));
    expect(res.statusCode).toBe(409);
    expect(res.body).toBe('12\n');
    const [fork] = await equivocations(app);
    expect(fork!.notes).toEqual([A.note(6), B.note(6)]);
  });

  describe('when the second branch comes larger, with its own proof', () => {
    it('is refused with 422 and kept as unproven evidence', async () => {
      const { app } = await createTestWitness();
      await addCheckpoint(app, A.body(0, 10));
      const res = await addCheckpoint(app, B.body(10, 20));
      expect(res.statusCode).toBe(422);
      const [evidence] = await equivocations(app);
      expect(evidence).toMatchObject({
        kind: 'consistency-proof-failed',
        notes: [A.note(10), B.note(20)],
        refuted: false,
      });
      expect(evidence!.proof).toHaveLength(B.proof(10, 20).length);
    });
  });

  it('keeps the witness on the first branch whatever comes after', async () => {
    const { app } = await createTestWitness();
    await addCheckpoint(app, A.body(0, 10));
    for (const body of [B.body(10, 10), B.body(10, 16), B.body(0, 16)]) {
      expect((await addCheckpoint(app, body)).statusCode).not.toBe(200);
    }
    expect((await addCheckpoint(app, A.body(10, 16))).statusCode).toBe(200);
    const [log] = (await app.inject('/logs')).json();
    expect(log.note.startsWith(A.note(16))).toBe(true);
  });

  it('records a replayed fork once', async () => {
    const { app } = await createTestWitness();
    await addCheckpoint(app, A.body(0, 10));
    for (let i = 0; i < 3; i++) await addCheckpoint(app, B.body(10, 10));
    await addCheckpoint(app, B.body(0, 10));
    expect(await equivocations(app)).toHaveLength(1);
  });

  it('marks a failed proof refuted once the checkpoint is proven consistent', async () => {
    const { app } = await createTestWitness();
    await addCheckpoint(app, A.body(0, 10));
    const wrong = formatAddCheckpointRequest({
      oldSize: 10,
      proof: A.proof(9, 20),
      note: A.note(20),
    });
    expect((await addCheckpoint(app, wrong)).statusCode).toBe(422);
    expect((await equivocations(app))[0]!.refuted).toBe(false);
    expect((await addCheckpoint(app, A.body(10, 20))).statusCode).toBe(200);
    expect((await equivocations(app))[0]!.refuted).toBe(true);
  });
});
