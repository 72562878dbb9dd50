import type { Checkpoint, NoteVerifier } from '@truce/core';
import { CoreError, openCheckpoint, verifyConsistency } from '@truce/core';

/** Two log-signed notes a witness holds against a log (its GET /equivocations). */
export type EquivocationClaim = {
  origin: string;
  kind: string;
  notes: readonly [string, string];
};

/**
 * What the log says about its tree between two sizes: the proof hashes,
 * `refused` when it answered but gave none, or `unknown` when it could not
 * be asked.
 */
export type ConsistencyAnswer = Uint8Array[] | 'refused' | 'unknown';

export type EquivocationVerdict =
  | { proven: true; sizes: [number, number]; reason: string }
  | { proven: false; decided: boolean; reason: string };

function openBoth(
  notes: readonly [string, string],
  verifier: NoteVerifier
): [Checkpoint, Checkpoint] | string {
  const opened: Checkpoint[] = [];
  for (const [i, note] of notes.entries()) {
    try {
      opened.push(openCheckpoint(note, verifier).checkpoint);
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      return `note ${i + 1} is not a checkpoint signed by the log key (${error.code})`;
    }
  }
  return [opened[0]!, opened[1]!];
}

function isConsistent(
  old: Checkpoint,
  next: Checkpoint,
  proof: readonly Uint8Array[]
): boolean {
  try {
    verifyConsistency(
      {
        oldSize: old.size,
        newSize: next.size,
        oldRoot: old.rootHash,
        newRoot: next.rootHash,
        proof,
      },
      { allowEmptyOld: true }
    );
    return true;
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    return false;
  }
}

/**
 * Decides whether a witness's claim proves the log equivocated. Each note
 * must carry a valid signature by the log key; then two trees of one size
 * with different roots are a fork by themselves, and two sizes are a fork
 * when the log cannot prove that the larger tree extends the smaller (an
 * honest log can for any two checkpoints it signed). A witness's word is
 * never enough: its claim is re-checked from the signed notes.
 */
export async function judgeEquivocation(
  claim: EquivocationClaim,
  verifier: NoteVerifier,
  proveConsistency: (from: number, to: number) => Promise<ConsistencyAnswer>
): Promise<EquivocationVerdict> {
  const both = openBoth(claim.notes, verifier);
  if (typeof both === 'string') {
    return { proven: false, decided: true, reason: both };
  }
  const [small, large] = [...both].sort((a, b) => a.size - b.size) as [
    Checkpoint,
    Checkpoint,
  ];
  const sizes: [number, number] = [both[0].size, both[1].size];
  if (small.size === large.size) {
    return isConsistent(small, large, [])
      ? { proven: false, decided: true, reason: 'both notes sign one tree' }
      : {
          proven: true,
          sizes,
          reason: `two trees of size ${small.size} with different root hashes`,
        };
  }
  const answer =
    small.size === 0 ? [] : await proveConsistency(small.size, large.size);
  if (answer === 'unknown') {
    return {
      proven: false,
      decided: false,
      reason: `could not ask the log for a consistency proof from ${small.size} to ${large.size}`,
    };
  }
  if (answer === 'refused') {
    return {
      proven: true,
      sizes,
      reason: `the log gives no consistency proof from size ${small.size} to ${large.size}`,
    };
  }
  return isConsistent(small, large, answer)
    ? {
        proven: false,
        decided: true,
        reason: `the log proves size ${large.size} extends size ${small.size}`,
      }
    : {
        proven: true,
        sizes,
        reason: `the tree of size ${large.size} does not extend the tree of size ${small.size} (the log's own consistency proof fails)`,
      };
}
