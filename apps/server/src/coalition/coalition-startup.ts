import { readFileSync } from 'node:fs';
import type { KielRecord } from '@truce/core';
import { validateCoalition } from '@truce/core';
import type { Services } from '../services.js';
import {
  DEFAULT_KIEL_DIR,
  hasKielFiles,
  readKielRecord,
} from './kiel-files.js';

/**
 * The Kiel record for the server: from `kielDir` when given (it must hold
 * the files), else from the shared data folder when it is there, else none.
 */
export function kielOption(kielDir: string | undefined): {
  kiel?: KielRecord;
} {
  if (kielDir !== undefined) return { kiel: readKielRecord(kielDir) };
  return hasKielFiles(DEFAULT_KIEL_DIR)
    ? { kiel: readKielRecord(DEFAULT_KIEL_DIR) }
    : {};
}

/**
 * Logs what a coalition document (data/coalition-demo.json) adds to the
 * registry. The server does not start with a document it refuses.
 */
export async function logCoalitionFile(
  services: Pick<Services, 'coalition'>,
  path: string,
  logger: { info: (obj: object, msg: string) => void }
): Promise<number> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`coalition file ${path} is unreadable`, { cause: error });
  }
  const result = validateCoalition(raw);
  if (!result.ok) {
    const detail = result.issues
      .map((i) => `${i.code} at ${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new Error(`coalition file ${path}: ${detail}`);
  }
  const appended = await services.coalition.ensureDocument(
    result.value,
    'coalition-file'
  );
  logger.info({ path, appended }, 'coalition registry loaded');
  return appended;
}
