import { describe, expect, it } from 'vitest';
import {
  NOTE_KEY_TYPE_COSIGNATURE_V1,
  base64Encode,
  parseVerifierKey,
  ed25519SignerFromSeed,
  formatAddCheckpointRequest,
  parseWitnessPolicy,
  verifyCosignedCheckpoint,
} from '@truce/core';
import {
  LOG_VKEY,
  ORIGIN,
  WITNESS_NAME,
  addCheckpoint,
  buildTree,
  createTestWitness,
} from './helpers.js';

const A = buildTree({ branch: 'a', size: 40, shared: 40 });
const policyFor = (witnessVkey: string) =>
  parseWitnessPolicy(`log ${LOG_VKEY}\nwitness me ${witnessVkey}\nquorum me\n`);

describe('POST /add-checkpoint', () => {
  describe('when the checkpoint is the first for the log', () => {
    it('answers 200 with one cosignature line that verifies', async () => {
      const { app, service } = await createTestWitness();
      const res = await addCheckpoint(app, A.body(0, 7));
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.body).toMatch(new RegExp(`^— ${WITNESS_NAME} \\S+\\n$`));
      // tlog-witness: the client may append the lines to the checkpoint
      // and verify the note with the witness keys it trusts.
      const result = verifyCosignedCheckpoint({
        note: A.note(7) + res.body,
        policy: policyFor(service.identity.vkey),
      });
      expect(result.quorumMet).toBe(true);
      expect(result.cosigners[0]!.timestamp).toBe(1_767_139_200);
    });
  });

  it('accepts a consistent extension and then the same checkpoint again', async () => {
    const { app } = await createTestWitness();
    expect((await addCheckpoint(app, A.body(0, 7))).statusCode).toBe(200);
    expect((await addCheckpoint(app, A.body(7, 20))).statusCode).toBe(200);
    expect((await addCheckpoint(app, A.body(20, 20))).statusCode).toBe(200);
  });

  it.each([
    ['no content type', undefined],
    ['application/octet-stream', 'application/octet-stream'],
    ['application/json', 'application/json'],
    ['text/plain; charset=utf-8', 'text/plain; charset=utf-8'],
  ])('reads the body whatever the content type (%s)', async (_d, type) => {
    const { app } = await createTestWitness();
    expect((await addCheckpoint(app, A.body(0, 3), type)).statusCode).toBe(200);
  });

  it('dates cosignatures with the injected clock and never earlier than the last', async () => {
    const { app, service, setNow } = await createTestWitness();
    setNow(2_000_000_000);
    await addCheckpoint(app, A.body(0, 5));
    setNow(1_000_000_000);
    const res = await addCheckpoint(app, A.body(5, 6));
    const [cosigner] = verifyCosignedCheckpoint({
      note: A.note(6) + res.body,
      policy: policyFor(service.identity.vkey),
    }).cosigners;
    expect(cosigner!.timestamp).toBe(2_000_000_000);
  });

  const other = buildTree({
    branch: 'x',
    size: 10,
    shared: 10,
    signer: ed25519SignerFromSeed(ORIGIN, new Uint8Array(32).fill(99)),
  });
  const unknownLog = buildTree({
    branch: 'u',
    size: 10,
    shared: 10,
    signer: ed25519SignerFromSeed('other.example/log', new Uint8Array(32)),
    origin: 'other.example/log',
  });
  const refusals: [string, () => string, number, string?][] = [
    ['a body with no empty line', () => 'old 0\n', 400],
    ['an empty body', () => '', 400],
    [
      'an old size above the checkpoint size',
      () => A.body(7, 7).replace('old 7', 'old 9'),
      400,
    ],
    ['an origin the witness does not know', () => unknownLog.body(0, 5), 404],
    ['a checkpoint signed by another key', () => other.body(0, 5), 403],
    [
      'an old size other than the witness size',
      () => A.body(3, 10),
      409,
      '7\n',
    ],
    [
      'a consistency proof that does not verify',
      () =>
        formatAddCheckpointRequest({
          oldSize: 7,
          proof: A.proof(6, 10),
          note: A.note(10),
        }),
      422,
    ],
  ];
  describe.each(refusals)('given %s', (_desc, body, status, sizeBody) => {
    it(`answers ${status}`, async () => {
      const { app } = await createTestWitness();
      expect((await addCheckpoint(app, A.body(0, 7))).statusCode).toBe(200);
      const res = await addCheckpoint(app, body());
      expect(res.statusCode).toBe(status);
      if (sizeBody !== undefined) {
        expect(res.headers['content-type']).toBe('text/x.tlog.size');
        expect(res.body).toBe(sizeBody);
      } else {
        expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(res.body.endsWith('\n')).toBe(true);
      }
      // A refusal changes nothing.
      const logs = (await app.inject('/logs')).json();
      expect(logs[0].size).toBe(7);
    });
  });

  it('answers 409 with size 0 to a first request with old size above 0', async () => {
    const { app } = await createTestWitness();
    const res = await addCheckpoint(app, A.body(3, 9));
    expect(res.statusCode).toBe(409);
    expect(res.body).toBe('0\n');
  });

  it('answers 413 with a JSON error to a body above the limit', async () => {
    const { app } = await createTestWitness();
    const res = await addCheckpoint(app, `old 0\n${'x'.repeat(70_000)}`);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'BODY_TOO_LARGE' });
  });

  it('answers 404 with a JSON error to an unknown route', async () => {
    const { app } = await createTestWitness();
    const res = await app.inject('/add-checkpoint');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect(typeof res.json().requestId).toBe('string');
  });

  it('answers 500 without a cosignature when the store fails to commit', async () => {
    const { app, store } = await createTestWitness();
    const real = store.transaction.bind(store);
    store.transaction = (fn) =>
      real((tx) => {
        const result = fn(tx);
        throw new Error(
          `disk full after ${JSON.stringify(Object.keys(result as object))}`
        );
      });
    const res = await addCheckpoint(app, A.body(0, 4));
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('—');
    expect(res.json()).toMatchObject({
      code: 'INTERNAL',
      message: 'internal error',
    });
  });
});

describe('GET /logs', () => {
  it('lists each configured log with what the witness last cosigned', async () => {
    const { app } = await createTestWitness();
    expect((await app.inject('/logs')).json()).toEqual([
      {
        origin: ORIGIN,
        vkeys: [LOG_VKEY],
        size: 0,
        rootHash: null,
        timestamp: null,
        note: null,
      },
    ]);
    const cosigned = await addCheckpoint(app, A.body(0, 12));
    const [log] = (await app.inject('/logs')).json();
    expect(log).toEqual({
      origin: ORIGIN,
      vkeys: [LOG_VKEY],
      size: 12,
      rootHash: base64Encode(A.root(12)),
      timestamp: 1_767_139_200,
      note: A.note(12) + cosigned.body,
    });
  });
});

describe('GET /healthz', () => {
  it('answers ok with the witness name and cosignature vkey', async () => {
    const { app, service } = await createTestWitness();
    const res = await app.inject('/healthz');
    expect(res.json()).toEqual({
      status: 'ok',
      name: WITNESS_NAME,
      vkey: service.identity.vkey,
    });
    expect(parseVerifierKey(service.identity.vkey).type).toBe(
      NOTE_KEY_TYPE_COSIGNATURE_V1
    );
  });
});
