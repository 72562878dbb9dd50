import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KielRecord } from '@truce/core';
import { importKielRecord } from '@truce/core';

/**
 * The Kiel Ukraine Support Tracker CSVs in the shared data folder beside
 * the checkout (../shared/data/pledges), used when no folder is given.
 */
export const DEFAULT_KIEL_DIR = fileURLToPath(
  new URL('../../../../../shared/data/pledges', import.meta.url)
);

export const KIEL_FILES = {
  dataExplorer: 'data_explorer.csv',
  weapons: 'weapons.csv',
  releaseInfo: 'release_info.csv',
} as const;

/** Whether `dir` holds the three files the import reads. */
export function hasKielFiles(dir: string): boolean {
  return Object.values(KIEL_FILES).every((f) => existsSync(join(dir, f)));
}

/**
 * Reads and imports the Kiel record from `dir`. Throws an Error naming
 * every refused row (file:line code message), so a server never starts
 * with half a record.
 */
export function readKielRecord(dir: string): KielRecord {
  const text = (name: string) => readFileSync(join(dir, name), 'utf8');
  const result = importKielRecord({
    dataExplorer: text(KIEL_FILES.dataExplorer),
    weapons: text(KIEL_FILES.weapons),
    releaseInfo: text(KIEL_FILES.releaseInfo),
  });
  if (result.ok) return result.value;
  const lines = result.issues
    .slice(0, 20)
    .map((i) => `${i.file}:${i.line}: ${i.code}: ${i.message}`);
  const more =
    result.issues.length > 20 ? `\n  (+${result.issues.length - 20} more)` : '';
  throw new Error(
    `Kiel data in ${dir} is refused:\n  ${lines.join('\n  ')}${more}`
  );
}
