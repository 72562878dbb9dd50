import { describe, expect, it } from 'vitest';
import type { NoteSigner } from '@truce/core';
import {
  NOTE_KEY_TYPE_COSIGNATURE_V1,
  ed25519SignerFromSeed,
  formatNoteSignature,
  formatVerifierKey,
  noteVerifierFromKey,
  parseNote,
  parseWitnessPolicy,
  publicKeyFromSeed,
  sha256,
  signCosignature,
  utf8Encode,
} from '@truce/core';
import type { ConsistencyAnswer } from '../src/verify/equivocation.js';
import { judgeEquivocation } from '../src/verify/equivocation.js';
import { checkWitnesses } from '../src/verify/witness-check.js';
import { madeUpLeaves, proofWithin, signedTree } from './trees.js';

const ORIGIN = 'judge.test/log';
const seedOf = (label: string) => sha256(utf8Encode(label));
const logSigner = ed25519SignerFromSeed(ORIGIN, seedOf('log'));
const logVkey = formatVerifierKey(ORIGIN, publicKeyFromSeed(seedOf('log')));
const verifier = noteVerifierFromKey(logVkey);

const honest = madeUpLeaves('honest', 9);
const forked = [...honest.slice(0, 3), ...madeUpLeaves('forked', 6)];
const note = (leaves: Uint8Array[], signer: NoteSigner = logSigner) =>
  signedTree(leaves, signer);

/** The honest log's answer to a consistency proof request. */
const honestLog = async (
  from: number,
  to: number
): Promise<ConsistencyAnswer> => proofWithin(honest.slice(0, to), from);

describe('judgeEquivocation', () => {
  // Each row: the two notes, what the log answers, proven or not.
  const cases: [
    string,
    [string, string],
    (from: number, to: number) => Promise<ConsistencyAnswer>,
    boolean,
  ][] = [
    [
      'one size, two roots',
      [note(honest.slice(0, 5)), note(forked.slice(0, 5))],
      honestLog,
      true,
    ],
    [
      'one tree twice',
      [note(honest.slice(0, 5)), note(honest.slice(0, 5))],
      honestLog,
      false,
    ],
    [
      'a larger tree the log proves consistent',
      [note(honest.slice(0, 4)), note(honest.slice(0, 9))],
      honestLog,
      false,
    ],
    [
      'a larger tree that is not consistent',
      [note(honest.slice(0, 4)), note(forked.slice(0, 9))],
      honestLog,
      true,
    ],
    [
      'a larger tree the log gives no proof for',
      [note(honest.slice(0, 4)), note(honest.slice(0, 9))],
      async () => 'refused',
      true,
    ],
    [
      'a note signed by another key',
      [
        note(honest.slice(0, 5)),
        note(
          forked.slice(0, 5),
          ed25519SignerFromSeed(ORIGIN, seedOf('impostor'))
        ),
      ],
      honestLog,
      false,
    ],
  ];

  describe.each(cases)('with %s', (_desc, notes, log, proven) => {
    it(proven ? 'proves a fork' : 'proves nothing', async () => {
      const verdict = await judgeEquivocation(
        { origin: ORIGIN, kind: 'x', notes },
        verifier,
        log
      );
      expect(verdict.proven).toBe(proven);
    });
  });

  describe('when the log cannot be asked', () => {
    it('leaves the claim undecided', async () => {
      const verdict = await judgeEquivocation(
        {
          origin: ORIGIN,
          kind: 'consistency-proof-failed',
          notes: [note(honest.slice(0, 4)), note(forked.slice(0, 9))],
        },
        verifier,
        async () => 'unknown'
      );
      expect(verdict).toMatchObject({ proven: false, decided: false });
    });
  });
});

describe('checkWitnesses', () => {
  const witnessSeed = seedOf('witness w1');
  const witnessVkey = formatVerifierKey(
    'w1.test',
    publicKeyFromSeed(witnessSeed),
    NOTE_KEY_TYPE_COSIGNATURE_V1
  );
  const policy = parseWitnessPolicy(
    `log ${logVkey}\nwitness w1 ${witnessVkey} http://w1.invalid\nwitness w2 ${formatVerifierKey('w2.test', publicKeyFromSeed(seedOf('w2')), NOTE_KEY_TYPE_COSIGNATURE_V1)}\ngroup g 1 w1 w2\nquorum g\n`
  );
  const checkpoint = note(honest.slice(0, 5));
  const cosigned =
    checkpoint +
    formatNoteSignature(
      signCosignature({
        body: parseNote(checkpoint).text,
        name: 'w1.test',
        seed: witnessSeed,
        timestamp: 1_700_000_000,
      })
    );

  it('lists cosigners, asks witnesses with a URL, and passes with the quorum met', async () => {
    const asked: string[] = [];
    const report = await checkWitnesses({
      note: cosigned,
      policy,
      logVkey,
      getJson: async (url) => {
        asked.push(url);
        return [];
      },
      proveConsistency: honestLog,
    });
    expect(report).toMatchObject({ quorum: 'g', quorumMet: true, issues: [] });
    expect(report.witnesses).toEqual([
      {
        name: 'w1',
        url: 'http://w1.invalid',
        cosignedAt: 1_700_000_000,
        equivocations: 0,
      },
      { name: 'w2' },
    ]);
    expect(asked).toEqual(['http://w1.invalid/equivocations']);
  });

  it('fails with QUORUM_NOT_MET, and only warns that a witness is unreachable', async () => {
    const report = await checkWitnesses({
      note: checkpoint,
      policy,
      logVkey,
      getJson: async () => {
        throw new Error('connect ECONNREFUSED');
      },
      proveConsistency: honestLog,
    });
    expect(report.issues.map((i) => i.code)).toEqual(['QUORUM_NOT_MET']);
    expect(report.warnings.map((i) => i.code)).toEqual(['WITNESS_UNREACHABLE']);
  });

  it('fails with COSIGNATURE_INVALID when a policy witness signature is forged', async () => {
    // Flip a bit of the signature, past the key ID and the timestamp.
    const sig = parseNote(cosigned).signatures.find(
      (x) => x.name === 'w1.test'
    )!;
    const bytes = sig.signature.slice();
    bytes[30]! ^= 1;
    const forged =
      checkpoint + formatNoteSignature({ ...sig, signature: bytes });
    const report = await checkWitnesses({
      note: forged,
      policy,
      logVkey,
      getJson: async () => [],
      proveConsistency: honestLog,
    });
    expect(report.issues.map((i) => i.code)).toEqual(['COSIGNATURE_INVALID']);
  });

  it('fails with EQUIVOCATION for a proven claim, warns for an unproven one, and ignores other logs', async () => {
    const claims = [
      {
        origin: ORIGIN,
        kind: 'same-size-different-root',
        notes: [note(honest.slice(0, 5)), note(forked.slice(0, 5))],
      },
      {
        origin: ORIGIN,
        kind: 'consistency-proof-failed',
        notes: [note(honest.slice(0, 4)), note(honest.slice(0, 9))],
      },
      { origin: 'other.test/log', kind: 'x', notes: ['a', 'b'] },
      { origin: ORIGIN, kind: 'x', notes: 'not a pair' },
    ];
    const report = await checkWitnesses({
      note: cosigned,
      policy,
      logVkey,
      getJson: async () => claims,
      proveConsistency: honestLog,
    });
    expect(report.issues).toEqual([
      expect.objectContaining({
        code: 'EQUIVOCATION',
        path: ['witnesses', 'w1', 'equivocations', 0],
      }),
    ]);
    expect(report.warnings.map((w) => w.code)).toEqual([
      'EQUIVOCATION_UNPROVEN',
    ]);
    expect(report.witnesses[0]!.equivocations).toBe(2);
  });
});
