import { describe, expect, it } from 'vitest';
import { base64Encode, utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import { signCheckpoint } from '../tlog/checkpoint.js';
import {
  compactRangeAppend,
  compactRangeEmpty,
  compactRangeRoot,
} from '../tlog/compact-range.js';
import { consistencyProof } from '../tlog/consistency-proof.js';
import { hashLeaf } from '../tlog/merkle.js';
import { hashReaderFromNodes } from '../tlog/node.js';
import type { StoredNode } from '../tlog/node.js';
import { formatVerifierKey, publicKeyFromSeed } from '../tlog/note-key.js';
import {
  ed25519SignerFromSeed,
  noteVerifierFromKey,
} from '../tlog/note-verifier.js';
import {
  formatNoteSignature,
  openNote,
  signNote,
} from '../tlog/signed-note.js';
import type { NoteSigner } from '../tlog/signed-note.js';
import { formatAddCheckpointRequest } from './add-checkpoint.js';
import { decideAddCheckpoint } from './witness-state.js';
import type {
  AddCheckpointDecision,
  DecideAddCheckpointInput,
  WitnessLogState,
} from './witness-state.js';

const ORIGIN = 'log.truce.example/2026';
const logSeed = new Uint8Array(32).fill(9);
const logSigner = ed25519SignerFromSeed(ORIGIN, logSeed);
const logVerifier = noteVerifierFromKey(
  formatVerifierKey(ORIGIN, publicKeyFromSeed(logSeed))
);

// Two trees that share their first FORK leaves and then differ: what a
// log shows when it presents different histories to different parties.
const FORK = 3;
type Tree = {
  note: (size: number) => string;
  root: (size: number) => Uint8Array;
  proof: (from: number, to: number) => Uint8Array[];
  state: (size: number, timestamp?: number) => WitnessLogState;
};
function buildTree(branch: string, size: number, signer: NoteSigner): Tree {
  let range = compactRangeEmpty();
  const nodes: StoredNode[] = [];
  const roots = [compactRangeRoot(range)];
  for (let i = 0; i < size; i++) {
    const entry = utf8Encode(i < FORK ? `entry ${i}` : `${branch} ${i}`);
    const next = compactRangeAppend(range, hashLeaf(entry));
    range = next.range;
    nodes.push(...next.newNodes);
    roots.push(compactRangeRoot(range));
  }
  const reader = hashReaderFromNodes(nodes);
  const root = (n: number) => roots[n]!;
  const note = (n: number) =>
    signCheckpoint(
      { origin: ORIGIN, size: n, rootHash: root(n), extensions: [] },
      signer
    );
  return {
    note,
    root,
    proof: (from, to) => consistencyProof(from, to, reader),
    state: (n, timestamp) => ({
      size: n,
      rootHash: root(n),
      note: note(n),
      ...(timestamp === undefined ? {} : { timestamp }),
    }),
  };
}
const A = buildTree('a', 16, logSigner);
const B = buildTree('b', 16, logSigner);

const NOW = 1_767_139_200;
const body = (oldSize: number, proof: Uint8Array[], note: string) =>
  formatAddCheckpointRequest({ oldSize, proof, note });
const decide = (
  input: Partial<DecideAddCheckpointInput> &
    Pick<DecideAddCheckpointInput, 'request'>
): AddCheckpointDecision =>
  decideAddCheckpoint({ known: undefined, logVerifier, now: NOW, ...input });

type Case = {
  desc: string;
  input: Partial<DecideAddCheckpointInput> &
    Pick<DecideAddCheckpointInput, 'request'>;
  status: number;
  code?: string;
  knownSize?: number;
  equivocation?: 'same-size-different-root' | 'consistency-proof-failed';
};

const otherLog = ed25519SignerFromSeed(ORIGIN, new Uint8Array(32).fill(8));
const tampered = (note: string) => note.replace(/ (.)(\S+)\n$/, ' A$2\n');

const cases: Case[] = [
  {
    desc: 'a first checkpoint with old 0 and no proof',
    input: { request: body(0, [], A.note(5)) },
    status: 200,
  },
  {
    desc: 'a first checkpoint of the empty tree',
    input: { request: body(0, [], A.note(0)) },
    status: 200,
  },
  {
    desc: 'a checkpoint that extends the known one',
    input: { known: A.state(5), request: body(5, A.proof(5, 9), A.note(9)) },
    status: 200,
  },
  {
    desc: 'the known checkpoint again',
    input: { known: A.state(5), request: body(5, [], A.note(5)) },
    status: 200,
  },
  {
    desc: 'a body without an empty line',
    input: { request: 'old 0\n' },
    status: 400,
    code: 'REQUEST_MALFORMED',
  },
  {
    desc: 'a body with a bad proof line',
    input: { request: `old 1\nxx\n\n${A.note(5)}` },
    status: 400,
    code: 'REQUEST_MALFORMED',
  },
  {
    desc: 'an origin the witness has no key for',
    input: { request: body(0, [], A.note(5)), logVerifier: undefined },
    status: 404,
    code: 'UNKNOWN_LOG',
  },
  {
    desc: 'an origin served only by keys of other logs',
    input: {
      request: body(0, [], A.note(5)),
      logVerifier: [
        noteVerifierFromKey(
          formatVerifierKey('other', publicKeyFromSeed(logSeed))
        ),
      ],
    },
    status: 404,
    code: 'UNKNOWN_LOG',
  },
  {
    desc: 'a checkpoint signed by another key under the log name',
    input: {
      request: body(0, [], buildTree('a', 5, otherLog).note(5)),
    },
    status: 403,
    code: 'LOG_SIGNATURE_INVALID',
  },
  {
    desc: 'a log signature that does not verify',
    input: { request: body(0, [], tampered(A.note(5))) },
    status: 403,
    code: 'LOG_SIGNATURE_INVALID',
  },
  {
    desc: 'an old size above the checkpoint size',
    input: { known: A.state(8), request: body(8, [], A.note(5)) },
    status: 400,
    code: 'OLD_SIZE_ABOVE_NEW',
  },
  {
    desc: 'an old size other than the known size',
    input: { known: A.state(5), request: body(3, A.proof(3, 8), A.note(8)) },
    status: 409,
    code: 'OLD_SIZE_MISMATCH',
    knownSize: 5,
  },
  {
    desc: 'an old size above 0 when nothing is known',
    input: { request: body(3, A.proof(3, 8), A.note(8)) },
    status: 409,
    code: 'OLD_SIZE_MISMATCH',
    knownSize: 0,
  },
  {
    desc: 'a smaller, consistent checkpoint (a stale client)',
    input: { known: A.state(8), request: body(3, A.proof(3, 5), A.note(5)) },
    status: 409,
    code: 'OLD_SIZE_MISMATCH',
    knownSize: 8,
  },
  {
    desc: 'a proof from the wrong size',
    input: { known: A.state(5), request: body(5, A.proof(4, 8), A.note(8)) },
    status: 422,
    code: 'CONSISTENCY_PROOF_INVALID',
    equivocation: 'consistency-proof-failed',
  },
  {
    desc: 'the other branch of a fork, with its own proof',
    input: { known: A.state(5), request: body(5, B.proof(5, 8), B.note(8)) },
    status: 422,
    code: 'CONSISTENCY_PROOF_INVALID',
    equivocation: 'consistency-proof-failed',
  },
  {
    desc: 'a proof between equal sizes',
    input: { known: A.state(5), request: body(5, A.proof(4, 5), A.note(5)) },
    status: 422,
    code: 'CONSISTENCY_PROOF_INVALID',
  },
  {
    desc: 'a proof with old size 0',
    input: { request: body(0, A.proof(4, 5), A.note(5)) },
    status: 422,
    code: 'CONSISTENCY_PROOF_INVALID',
  },
  {
    desc: 'a size-0 checkpoint whose root is not the empty root',
    input: {
      request: body(
        0,
        [],
        signCheckpoint(
          { origin: ORIGIN, size: 0, rootHash: A.root(1), extensions: [] },
          logSigner
        )
      ),
    },
    status: 422,
    code: 'CONSISTENCY_PROOF_INVALID',
  },
  {
    desc: 'the known size with another root',
    input: { known: A.state(5), request: body(5, [], B.note(5)) },
    status: 409,
    code: 'ROOT_MISMATCH',
    knownSize: 5,
    equivocation: 'same-size-different-root',
  },
  {
    desc: 'the known size with another root and old 0',
    input: { known: A.state(5), request: body(0, [], B.note(5)) },
    status: 409,
    code: 'OLD_SIZE_MISMATCH',
    knownSize: 5,
    equivocation: 'same-size-different-root',
  },
  {
    desc: 'an earlier cosigned size with another root',
    input: {
      known: A.state(8),
      cosignedAtSize: A.state(5),
      request: body(3, B.proof(3, 5), B.note(5)),
    },
    status: 409,
    code: 'OLD_SIZE_MISMATCH',
    knownSize: 8,
    equivocation: 'same-size-different-root',
  },
  {
    desc: 'an earlier cosigned size with another root and old above new',
    input: {
      known: A.state(8),
      cosignedAtSize: A.state(5),
      request: body(8, [], B.note(5)),
    },
    status: 400,
    code: 'OLD_SIZE_ABOVE_NEW',
    equivocation: 'same-size-different-root',
  },
];

describe('decideAddCheckpoint', () => {
  describe.each(cases)('given $desc', (c) => {
    it(`answers ${c.status}${c.code === undefined ? '' : ` ${c.code}`}`, () => {
      const decision = decide(c.input);
      expect(decision.status).toBe(c.status);
      if (decision.cosign) {
        expect(c.code).toBeUndefined();
        return;
      }
      expect(decision.code).toBe(c.code);
      expect(decision.knownSize).toBe(c.knownSize);
      expect(decision.equivocation?.kind).toBe(c.equivocation);
    });
  });

  it('returns the new state with the log signature only', () => {
    const extra = formatNoteSignature({
      name: 'stranger',
      keyId: new Uint8Array(4),
      signature: new Uint8Array(64),
    });
    const decision = decide({
      known: A.state(5),
      request: body(5, A.proof(5, 9), A.note(9) + extra),
    });
    if (!decision.cosign) throw new Error(decision.reason);
    expect(decision.newState).toEqual({
      size: 9,
      rootHash: A.root(9),
      note: A.note(9),
      timestamp: NOW,
    });
    expect(decision.body).toBe(openNote(A.note(9), [logVerifier]).text);
    expect(decision.checkpoint.size).toBe(9);
  });

  it('never dates a cosignature before the last one (the clock went back)', () => {
    const decision = decide({
      known: A.state(5, NOW + 60),
      request: body(5, A.proof(5, 6), A.note(6)),
    });
    expect(decision.cosign && decision.timestamp).toBe(NOW + 60);
  });

  it('accepts a request already parsed', () => {
    const decision = decide({
      request: {
        oldSize: 0,
        proof: [],
        note: A.note(2),
        checkpoint: {
          origin: ORIGIN,
          size: 2,
          rootHash: A.root(2),
          extensions: [],
        },
      },
    });
    expect(decision.status).toBe(200);
  });

  it('keeps both signed notes of a same-size fork', () => {
    const decision = decide({
      known: A.state(5),
      request: body(5, [], B.note(5)),
    });
    expect(decision.cosign).toBe(false);
    const fork = !decision.cosign ? decision.equivocation : undefined;
    expect(fork).toEqual({
      kind: 'same-size-different-root',
      origin: ORIGIN,
      previousNote: A.note(5),
      newNote: B.note(5),
    });
    // Anyone holding the log key can check both.
    for (const note of [fork!.previousNote, fork!.newNote]) {
      expect(() => openNote(note, [logVerifier])).not.toThrow();
    }
  });

  it('keeps the failed proof as evidence', () => {
    const proof = B.proof(5, 8);
    const decision = decide({
      known: A.state(5),
      request: body(5, proof, B.note(8)),
    });
    const evidence = !decision.cosign ? decision.equivocation : undefined;
    expect(evidence?.proof?.map(base64Encode)).toEqual(proof.map(base64Encode));
    expect(evidence?.previousNote).toBe(A.note(5));
  });

  it('refuses a parsed request whose checkpoint is not the signed one', () => {
    const liar = ed25519SignerFromSeed('liar', logSeed);
    const liarVerifier = noteVerifierFromKey(
      formatVerifierKey('liar', publicKeyFromSeed(logSeed))
    );
    const note = signNote(`${ORIGIN}\n2\n${base64Encode(A.root(2))}\n`, [liar]);
    const decision = decide({
      logVerifier: liarVerifier,
      request: {
        oldSize: 0,
        proof: [],
        note,
        checkpoint: {
          origin: 'liar',
          size: 2,
          rootHash: A.root(2),
          extensions: [],
        },
      },
    });
    expect(decision.status).toBe(403);
  });

  it('lets an error that is not ours propagate', () => {
    const broken = {
      name: ORIGIN,
      get keyId(): Uint8Array {
        throw new TypeError('broken verifier');
      },
      verify: () => true,
    };
    expect(() =>
      decide({ request: body(0, [], A.note(5)), logVerifier: broken })
    ).toThrow(TypeError);
  });

  describe('when the caller passes a broken state or clock', () => {
    it.each([
      [
        'a short root',
        { known: { ...A.state(5), rootHash: new Uint8Array(3) } },
      ],
      ['a negative size', { known: { ...A.state(5), size: -1 } }],
      ['a fractional timestamp', { known: A.state(5, 1.5) }],
      [
        'a note that is not text',
        { cosignedAtSize: { ...A.state(5), note: 1 as unknown as string } },
      ],
      ['a negative now', { now: -1 }],
    ])('throws WITNESS_STATE_INVALID for %s', (_desc, change) => {
      expect(() =>
        decide({ request: body(0, [], A.note(5)), ...change })
      ).toThrowWithCode(CoreError, 'WITNESS_STATE_INVALID');
    });
  });
});
