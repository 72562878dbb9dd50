import { hexEncode, utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import { parseCheckpoint } from '../tlog/checkpoint.js';
import type { Checkpoint } from '../tlog/checkpoint.js';
import {
  cosignatureTimestamp,
  cosignatureVerifier,
} from '../tlog/cosignature.js';
import type { CosignatureVerifier } from '../tlog/cosignature.js';
import { noteVerifierFromKey } from '../tlog/note-verifier.js';
import type { NoteVerifierOptions } from '../tlog/note-verifier.js';
import { openNote, parseNote } from '../tlog/signed-note.js';
import type { NoteVerifier } from '../tlog/signed-note.js';
import type { WitnessPolicy } from './policy.js';
import { evaluateQuorum } from './quorum.js';
import type { QuorumResult } from './quorum.js';

export type VerifyCosignedCheckpointInput = {
  /** A checkpoint note with the log's signature and witness cosignatures. */
  note: string | Uint8Array;
  policy: WitnessPolicy;
  /** The log's verifier. Without it (and without `logVkey`), the policy's `log` lines for the note's origin are used. */
  logVerifier?: NoteVerifier;
  logVkey?: string;
  options?: NoteVerifierOptions;
};

/** One witness whose cosignature verified. */
export type CheckpointCosigner = {
  /** The witness's name in the policy. */
  name: string;
  /** The key name on its signature line. */
  keyName: string;
  /** When it cosigned, in POSIX seconds (tlog-cosignature "Format"). */
  timestamp: number;
};

export type VerifiedCosignedCheckpoint = {
  checkpoint: Checkpoint;
  cosigners: CheckpointCosigner[];
  quorumMet: boolean;
  quorum: QuorumResult;
  /** Key names of signature lines that match neither the log nor a policy witness (ignored). */
  unknown: string[];
};

function keyOf(name: string, keyId: Uint8Array): string {
  return `${name}+${hexEncode(keyId)}`;
}

function logVerifiersOf(input: VerifyCosignedCheckpointInput): NoteVerifier[] {
  if (input.logVerifier !== undefined) return [input.logVerifier];
  if (input.logVkey !== undefined) {
    return [noteVerifierFromKey(input.logVkey, input.options)];
  }
  // tlog-policy: a checkpoint signed by any one of the listed logs.
  const { origin } = parseCheckpoint(parseNote(input.note).text);
  const verifiers = input.policy.logs
    .filter((log) => log.origin === origin)
    .map((log) => noteVerifierFromKey(log.vkey, input.options));
  if (verifiers.length === 0) {
    throw new CoreError(
      'NOTE_NO_VERIFIABLE_SIGNATURE',
      `the policy lists no log for origin ${origin}`
    );
  }
  return verifiers;
}

function witnessVerifiers(
  policy: WitnessPolicy,
  options: NoteVerifierOptions | undefined
): Map<string, { name: string; verifier: CosignatureVerifier }> {
  const byKey = new Map<
    string,
    { name: string; verifier: CosignatureVerifier }
  >();
  for (const witness of policy.witnesses) {
    const verifier = cosignatureVerifier(witness.vkey, options);
    const key = keyOf(verifier.name, verifier.keyId);
    if (byKey.has(key)) {
      throw new CoreError('POLICY_INVALID', `two witnesses share key ${key}`);
    }
    byKey.set(key, { name: witness.name, verifier });
  }
  return byKey;
}

function verifies(
  verifier: NoteVerifier,
  message: Uint8Array,
  signature: Uint8Array
): boolean {
  try {
    return verifier.verify(message, signature) === true;
  } catch {
    return false;
  }
}

/**
 * Verifies a cosigned checkpoint against a policy: the log's signature,
 * then every cosignature by a policy witness (cosignature/v1). A known
 * witness's signature that fails is an error (WITNESS_COSIGNATURE_INVALID),
 * as in signed-note verification; unknown signatures are ignored. Whether
 * the quorum is met is returned, not thrown.
 */
export function verifyCosignedCheckpoint(
  input: VerifyCosignedCheckpointInput
): VerifiedCosignedCheckpoint {
  const logVerifiers = logVerifiersOf(input);
  const opened = openNote(input.note, logVerifiers);
  const checkpoint = parseCheckpoint(opened.text);
  if (logVerifiers.some((v) => v.name !== checkpoint.origin)) {
    throw new CoreError(
      'CHECKPOINT_ORIGIN_MISMATCH',
      'log key name differs from the origin'
    );
  }
  const witnesses = witnessVerifiers(input.policy, input.options);
  const message = utf8Encode(opened.text);
  const cosigners: CheckpointCosigner[] = [];
  const decided = new Set<string>();
  const unknown: string[] = [];
  for (const signature of opened.unverified) {
    const key = keyOf(signature.name, signature.keyId);
    const witness = witnesses.get(key);
    if (witness === undefined) {
      if (!unknown.includes(signature.name)) unknown.push(signature.name);
      continue;
    }
    // As for note signatures, a key's first line decides.
    if (decided.has(key)) continue;
    decided.add(key);
    if (!verifies(witness.verifier, message, signature.signature)) {
      throw new CoreError(
        'WITNESS_COSIGNATURE_INVALID',
        `cosignature by witness ${witness.name} (${key}) does not verify`
      );
    }
    cosigners.push({
      name: witness.name,
      keyName: signature.name,
      timestamp: cosignatureTimestamp(signature),
    });
  }
  const quorum = evaluateQuorum(
    input.policy,
    new Set(cosigners.map((c) => c.name))
  );
  return { checkpoint, cosigners, quorumMet: quorum.met, quorum, unknown };
}
