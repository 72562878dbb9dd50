import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import type { SignerKey } from '@truce/core';
import { CoreError, parseSignerKey } from '@truce/core';
import { CliError } from './errors.js';

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/**
 * Writes `text` to a new file readable by its owner only (0600), all at
 * once: a temporary file is written and synced, then linked into place
 * (which refuses an existing file) or, with `replace`, renamed over it.
 */
export function writeFileAtomic(
  path: string,
  text: string,
  options: { replace: boolean; mode?: number }
): void {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  let fd: number;
  try {
    fd = openSync(temp, 'wx', options.mode ?? 0o600);
  } catch (error) {
    throw new CliError(
      'INPUT_UNUSABLE',
      `cannot write ${path}: ${errnoOf(error) ?? String(error)}`,
      { cause: error }
    );
  }
  try {
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (options.replace) {
      renameSync(temp, path);
      return;
    }
    linkSync(temp, path);
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') {
      throw new CliError(
        'FAILED',
        `${path} exists; pass --force to replace it`
      );
    }
    throw new CliError(
      'INPUT_UNUSABLE',
      `cannot write ${path}: ${String(error)}`,
      { cause: error }
    );
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Reads a C2SP signer key file (`PRIVATE+KEY+<name>+<id>+<key>`). */
export function readSignerKeyFile(path: string): SignerKey {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(
      'INPUT_UNUSABLE',
      `cannot read key file ${path}: ${errnoOf(error) ?? String(error)}`,
      { cause: error }
    );
  }
  try {
    return parseSignerKey(text.trim());
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    throw new CliError(
      'INPUT_UNUSABLE',
      `${path} is not a signer key file: ${error.message}`,
      { cause: error }
    );
  }
}
