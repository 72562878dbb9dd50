import { readFileSync } from 'node:fs';
import { CoreError, base64Decode, base64Encode } from '@truce/core';
import { CliError } from '../errors.js';
import { writeFileAtomic } from '../key-file.js';

/**
 * What `truce verify log --state` remembers between runs: the log key it
 * trusts and the tree it last verified, which the log must extend.
 */
export type VerifyState = {
  origin: string;
  vkey: string;
  size: number;
  rootHash: Uint8Array;
};

function unusable(path: string, why: string): never {
  throw new CliError('INPUT_UNUSABLE', `state file ${path} ${why}`);
}

/** Reads a state file; undefined when there is none yet. */
export function readStateFile(path: string): VerifyState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    unusable(path, `cannot be read: ${String(error)}`);
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    unusable(path, 'is not JSON');
  }
  const { origin, vkey, size, rootHash } = json ?? {};
  if (
    typeof origin !== 'string' ||
    typeof vkey !== 'string' ||
    !Number.isSafeInteger(size) ||
    (size as number) < 0 ||
    typeof rootHash !== 'string'
  ) {
    unusable(path, 'lacks origin, vkey, size or rootHash');
  }
  let root: Uint8Array;
  try {
    root = base64Decode(rootHash);
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    unusable(path, 'has a rootHash that is not base64');
  }
  if (root.length !== 32) unusable(path, 'has a rootHash that is not 32 bytes');
  return { origin, vkey, size: size as number, rootHash: root };
}

/** Replaces the state file atomically: a crash leaves the old one or the new one. */
export function writeStateFile(path: string, state: VerifyState): void {
  const json = {
    origin: state.origin,
    vkey: state.vkey,
    size: state.size,
    rootHash: base64Encode(state.rootHash),
  };
  writeFileAtomic(path, `${JSON.stringify(json, null, 2)}\n`, {
    replace: true,
    mode: 0o644,
  });
}
