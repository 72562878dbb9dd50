import type { Ed25519Verify, LogAuditResult, NoteVerifier } from '@truce/core';
import {
  CoreError,
  auditLog,
  base64Decode,
  noteVerifierFromKey,
} from '@truce/core';
import type { TruceClient } from '@truce/protocol';
import { ClientError } from '@truce/protocol';
import { CliError } from '../errors.js';
import type { VerifyState } from './state-file.js';

/** The reads a log audit needs; the HTTP client is one, tests fake it. */
export type LogSource = Pick<
  TruceClient,
  'checkpoint' | 'vkey' | 'tile' | 'consistencyProof'
>;

export type VerifyLogInput = {
  source: LogSource;
  /** The log key given on the command line. */
  vkey?: string;
  /** The state of the previous run, if any. */
  state?: VerifyState;
  /** The log key of the caller's witness policy, when it lists one log. */
  policyVkey?: string;
  concurrency: number;
  verify?: Ed25519Verify;
  onProgress?: (done: number, total: number) => void;
};

export type VerifyLogOutcome = {
  result: LogAuditResult;
  vkey: string;
  /** True when the key came from the server itself (nothing else to go on). */
  keyFromServer: boolean;
  /** The checkpoint note that was audited, cosignatures and all. */
  note: string;
  /** What to remember after a pass. */
  next: VerifyState | undefined;
};

function verifierOf(vkey: string, from: string): NoteVerifier {
  try {
    return noteVerifierFromKey(vkey);
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    throw new CliError(
      'INPUT_UNUSABLE',
      `${from} is not a note verifier key: ${error.message}`
    );
  }
}

/** A proof the log could not give is a failed check, not a failed run. */
async function proofOf(
  source: LogSource,
  from: number,
  to: number
): Promise<Uint8Array[] | undefined> {
  try {
    const { hashes } = await source.consistencyProof(from, to);
    return hashes.map(base64Decode);
  } catch (error) {
    if (error instanceof ClientError && error.code !== 'NETWORK_ERROR') {
      return undefined;
    }
    if (error instanceof CoreError) return undefined;
    throw error;
  }
}

/**
 * Resolves the log key (flag, then state file, then the policy's log line,
 * then the server's own word for it) and audits the whole log with core's
 * auditLog.
 */
export async function verifyLog(
  input: VerifyLogInput
): Promise<VerifyLogOutcome> {
  const { source, state } = input;
  if (
    input.vkey !== undefined &&
    state !== undefined &&
    input.vkey !== state.vkey
  ) {
    throw new CliError(
      'INPUT_UNUSABLE',
      `the state file trusts another log key (${state.vkey}); use another state file for another log`
    );
  }
  const known = input.vkey ?? state?.vkey ?? input.policyVkey;
  const vkey = known ?? (await source.vkey());
  const from =
    input.vkey !== undefined
      ? '--vkey'
      : state !== undefined
        ? "the state file's vkey"
        : input.policyVkey !== undefined
          ? "the policy's log line"
          : "the server's /log/vkey";
  const verifier = verifierOf(vkey, from);
  const note = await source.checkpoint();
  if (note === undefined) {
    throw new CliError('INPUT_UNUSABLE', 'the log has no checkpoint yet');
  }
  const result = await auditLog(
    {
      note,
      verifier,
      fetchTile: (path) => source.tile(path),
      ...(state === undefined
        ? {}
        : { previous: { size: state.size, rootHash: state.rootHash } }),
      fetchConsistencyProof: (from, to) => proofOf(source, from, to),
    },
    {
      concurrency: input.concurrency,
      ...(input.verify === undefined ? {} : { verify: input.verify }),
      ...(input.onProgress === undefined
        ? {}
        : { onProgress: input.onProgress }),
    }
  );
  const next = result.ok
    ? {
        origin: result.value.checkpoint.origin,
        vkey,
        size: result.value.checkpoint.size,
        rootHash: result.value.checkpoint.rootHash,
      }
    : undefined;
  return { result, vkey, keyFromServer: known === undefined, note, next };
}
