import { readFileSync } from 'node:fs';
import { CliError } from './errors.js';

/** Reads and parses a JSON file; any failure is INPUT_UNUSABLE. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliError('INPUT_UNUSABLE', `cannot read ${path}: ${code}`, {
      cause: error,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(
      'INPUT_UNUSABLE',
      `${path} is not JSON: ${(error as Error).message}`,
      { cause: error }
    );
  }
}
