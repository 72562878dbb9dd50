import { readFileSync } from 'node:fs';
import type { WitnessPolicy } from '@truce/core';
import { CoreError, parseWitnessPolicy } from '@truce/core';
import { CliError } from './errors.js';

/** A witness policy file: its text and what it says. */
export type PolicyFile = { path: string; text: string; policy: WitnessPolicy };

/** Reads the text of a file the command needs; failure is INPUT_UNUSABLE. */
export function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliError(
      'INPUT_UNUSABLE',
      `cannot read ${what} ${path}: ${code}`,
      {
        cause: error,
      }
    );
  }
}

/** Reads and parses a C2SP tlog-policy file; any failure is INPUT_UNUSABLE. */
export function readPolicyFile(path: string): PolicyFile {
  const text = readTextFile(path, 'policy file');
  try {
    return { path, text, policy: parseWitnessPolicy(text) };
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    throw new CliError(
      'INPUT_UNUSABLE',
      `policy file ${path}: ${error.message}`,
      { cause: error }
    );
  }
}
