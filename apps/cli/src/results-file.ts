import { closeSync, openSync, writeSync } from 'node:fs';
import { CliError } from './errors.js';

/** A JSONL file written one record at a time. */
export type ResultsFile = { write(record: unknown): void; close(): void };

export function openResultsFile(path: string): ResultsFile {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw new CliError('INPUT_UNUSABLE', `cannot write ${path}`, {
      cause: error,
    });
  }
  return {
    write: (record) => writeSync(fd, `${JSON.stringify(record)}\n`),
    close: () => closeSync(fd),
  };
}
