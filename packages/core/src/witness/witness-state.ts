import { bytesEqual } from '../bytes.js';
import { CoreError } from '../errors.js';
import { parseCheckpoint } from '../tlog/checkpoint.js';
import type { Checkpoint } from '../tlog/checkpoint.js';
import { verifyConsistency } from '../tlog/consistency-proof.js';
import { isUint } from '../tlog/internal.js';
import { HASH_SIZE, emptyTreeRoot } from '../tlog/merkle.js';
import { formatNote, openNote } from '../tlog/signed-note.js';
import type { NoteVerifier } from '../tlog/signed-note.js';
import { parseAddCheckpointRequest } from './add-checkpoint.js';
import type { AddCheckpointRequest } from './add-checkpoint.js';

// The witness's one decision (c2sp.org/tlog-witness "add-checkpoint"),
// as a pure function of its state, the request and the time. The adapter
// stores the outcome atomically with the check and only then answers.

/** What a witness remembers of a log: the latest checkpoint it cosigned. */
export type WitnessLogState = {
  size: number;
  rootHash: Uint8Array;
  /** That checkpoint as a note carrying the log's signature(s) only. */
  note: string;
  /** Time of its latest cosignature, POSIX seconds; cosignatures never go back in time. */
  timestamp?: number;
};

/**
 * Two log-signed checkpoints the witness was shown that disagree.
 * `same-size-different-root` proves a fork by itself: anyone can check both
 * log signatures and compare the roots. `consistency-proof-failed` is only
 * evidence to investigate: the proof is not signed, so a bad proof can
 * come from anyone replaying a genuine checkpoint; the log's tiles settle it.
 */
export type Equivocation = {
  kind: 'same-size-different-root' | 'consistency-proof-failed';
  origin: string;
  /** The note this witness cosigned before. */
  previousNote: string;
  /** The note it refused, with the log's signature(s) only. */
  newNote: string;
  /** For `consistency-proof-failed`: the proof that did not verify. */
  proof?: Uint8Array[];
};

/** Why a witness refused a checkpoint; each code has one HTTP status. */
export type AddCheckpointRefusalCode =
  | 'REQUEST_MALFORMED'
  | 'OLD_SIZE_ABOVE_NEW'
  | 'LOG_SIGNATURE_INVALID'
  | 'UNKNOWN_LOG'
  | 'OLD_SIZE_MISMATCH'
  | 'ROOT_MISMATCH'
  | 'CONSISTENCY_PROOF_INVALID';

/** The tlog-witness status of each refusal. */
export const ADD_CHECKPOINT_REFUSAL_STATUS = {
  REQUEST_MALFORMED: 400,
  OLD_SIZE_ABOVE_NEW: 400,
  LOG_SIGNATURE_INVALID: 403,
  UNKNOWN_LOG: 404,
  OLD_SIZE_MISMATCH: 409,
  ROOT_MISMATCH: 409,
  CONSISTENCY_PROOF_INVALID: 422,
} as const satisfies Record<AddCheckpointRefusalCode, number>;

export type AddCheckpointAccepted = {
  status: 200;
  cosign: true;
  checkpoint: Checkpoint;
  /** The checkpoint body to cosign. */
  body: string;
  /** The cosignature time to use: `now`, or the last one if the clock went back. */
  timestamp: number;
  /** The state to store before answering. */
  newState: WitnessLogState & { timestamp: number };
};

export type AddCheckpointRefused = {
  [C in AddCheckpointRefusalCode]: {
    status: (typeof ADD_CHECKPOINT_REFUSAL_STATUS)[C];
    cosign: false;
    code: C;
    reason: string;
    /** The witness's size for the origin, sent with every 409. */
    knownSize?: number;
    /** Set when the request is evidence against the log; store it. */
    equivocation?: Equivocation;
  };
}[AddCheckpointRefusalCode];

export type AddCheckpointDecision =
  AddCheckpointAccepted | AddCheckpointRefused;

export type DecideAddCheckpointInput = {
  /** The latest checkpoint cosigned for the request's origin, if any. */
  known: WitnessLogState | undefined;
  /** A parsed request, or the raw body. */
  request: AddCheckpointRequest | string | Uint8Array;
  /** The trusted key(s) of the request's origin; none means the log is unknown. */
  logVerifier: NoteVerifier | readonly NoteVerifier[] | undefined;
  /** The checkpoint cosigned earlier at the request's size, if the witness keeps history; finds forks below `known`. */
  cosignedAtSize?: WitnessLogState | undefined;
  /** POSIX seconds. */
  now: number;
};

function refuse(
  code: AddCheckpointRefusalCode,
  reason: string,
  extra: { knownSize?: number; equivocation?: Equivocation | undefined } = {}
): AddCheckpointRefused {
  return {
    status: ADD_CHECKPOINT_REFUSAL_STATUS[code],
    cosign: false,
    code,
    reason,
    ...(extra.knownSize === undefined ? {} : { knownSize: extra.knownSize }),
    ...(extra.equivocation === undefined
      ? {}
      : { equivocation: extra.equivocation }),
  } as AddCheckpointRefused;
}

function assertState(state: WitnessLogState | undefined, what: string): void {
  if (state === undefined) return;
  if (
    !isUint(state.size) ||
    !(state.rootHash instanceof Uint8Array) ||
    state.rootHash.length !== HASH_SIZE ||
    typeof state.note !== 'string' ||
    (state.timestamp !== undefined && !isUint(state.timestamp))
  ) {
    throw new CoreError(
      'WITNESS_STATE_INVALID',
      `${what} is not a valid state`
    );
  }
}

// Our errors become refusals; anything else is a bug and propagates.
function coreErrorOf(error: unknown): CoreError {
  if (error instanceof CoreError) return error;
  throw error;
}

function parseRequest(
  request: DecideAddCheckpointInput['request']
): AddCheckpointRequest | AddCheckpointRefused {
  if (typeof request !== 'string' && !(request instanceof Uint8Array)) {
    return request;
  }
  try {
    return parseAddCheckpointRequest(request);
  } catch (error) {
    return refuse('REQUEST_MALFORMED', coreErrorOf(error).message);
  }
}

function verifierList(
  given: DecideAddCheckpointInput['logVerifier']
): readonly NoteVerifier[] {
  if (given === undefined) return [];
  return 'verify' in given ? [given] : given;
}

// Two signed checkpoints of one size with different roots: a fork.
function sameSizeFork(
  origin: string,
  checkpoint: Checkpoint,
  newNote: string,
  earlier: readonly (WitnessLogState | undefined)[]
): Equivocation | undefined {
  for (const state of earlier) {
    if (
      state !== undefined &&
      state.size === checkpoint.size &&
      !bytesEqual(state.rootHash, checkpoint.rootHash)
    ) {
      return {
        kind: 'same-size-different-root',
        origin,
        previousNote: state.note,
        newNote,
      };
    }
  }
  return undefined;
}

/**
 * Decides an add-checkpoint request in the order c2sp.org/tlog-witness
 * lists the checks: malformed 400, unknown origin 404, no valid log
 * signature 403, old size above the checkpoint's 400, old size other than
 * the witness's 409 (with its size), same size but another root 409,
 * consistency proof that fails 422; otherwise 200 and the new state.
 */
export function decideAddCheckpoint(
  input: DecideAddCheckpointInput
): AddCheckpointDecision {
  const { known, now } = input;
  assertState(known, 'known');
  assertState(input.cosignedAtSize, 'cosignedAtSize');
  if (!isUint(now)) {
    throw new CoreError('WITNESS_STATE_INVALID', 'now is not POSIX seconds');
  }
  const request = parseRequest(input.request);
  if ('status' in request) return request;

  const origin = request.checkpoint.origin;
  const verifiers = verifierList(input.logVerifier).filter(
    (v) => v.name === origin
  );
  if (verifiers.length === 0) {
    return refuse('UNKNOWN_LOG', `no log with origin ${origin} is configured`);
  }
  let text: string;
  let newNote: string;
  try {
    const opened = openNote(request.note, verifiers);
    text = opened.text;
    newNote = formatNote({ text, signatures: opened.verified });
  } catch (error) {
    return refuse('LOG_SIGNATURE_INVALID', coreErrorOf(error).message);
  }
  // Only the signed text counts, whatever a caller put in `checkpoint`.
  const checkpoint = parseCheckpoint(text);
  if (checkpoint.origin !== origin) {
    return refuse('LOG_SIGNATURE_INVALID', 'signed origin differs');
  }

  const knownSize = known?.size ?? 0;
  const fork = sameSizeFork(origin, checkpoint, newNote, [
    known,
    input.cosignedAtSize,
  ]);
  const { oldSize, proof } = request;
  if (oldSize > checkpoint.size) {
    return refuse(
      'OLD_SIZE_ABOVE_NEW',
      `old size ${oldSize} is above the checkpoint size ${checkpoint.size}`,
      { equivocation: fork }
    );
  }
  if (oldSize !== knownSize) {
    return refuse(
      'OLD_SIZE_MISMATCH',
      `old size ${oldSize} is not the witness's size ${knownSize}`,
      { knownSize, equivocation: fork }
    );
  }
  if (fork !== undefined) {
    return refuse(
      'ROOT_MISMATCH',
      `root hash differs from the one cosigned at size ${knownSize}`,
      { knownSize, equivocation: fork }
    );
  }
  try {
    verifyConsistency(
      {
        oldSize,
        newSize: checkpoint.size,
        oldRoot: known?.rootHash ?? emptyTreeRoot(),
        newRoot: checkpoint.rootHash,
        proof,
      },
      // tlog-witness: old size 0 (no state yet) comes with an empty proof.
      { allowEmptyOld: true }
    );
  } catch (error) {
    const reason = coreErrorOf(error).message;
    // tlog-witness: the witness MAY log the request, as it might be proof
    // of log misbehaviour; only a proof against an earlier checkpoint is.
    const suspect =
      known !== undefined && knownSize > 0 && checkpoint.size > knownSize;
    return refuse('CONSISTENCY_PROOF_INVALID', reason, {
      equivocation: suspect
        ? {
            kind: 'consistency-proof-failed',
            origin,
            previousNote: known.note,
            newNote,
            proof: proof.map((hash) => hash.slice()),
          }
        : undefined,
    });
  }
  const timestamp = Math.max(now, known?.timestamp ?? 0);
  return {
    status: 200,
    cosign: true,
    checkpoint,
    body: text,
    timestamp,
    newState: {
      size: checkpoint.size,
      rootHash: checkpoint.rootHash,
      note: newNote,
      timestamp,
    },
  };
}
