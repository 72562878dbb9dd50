import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The repository root (this file lives in packages/testing/src). */
export const REPO_ROOT = resolve(here, '../../..');

/** The shared folder beside the checkout: third-party vectors and data. */
export const SHARED_DIR = resolve(REPO_ROOT, '../shared');

export type VectorFile<T> = { name: string; path: string; data: T };

/** Loads every `*.json` file under `dir`, recursively, sorted by path. */
export function loadJsonVectors<T>(dir: string): VectorFile<T>[] {
  const out: VectorFile<T>[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.json')) {
        out.push({
          name: relative(dir, p),
          path: p,
          data: JSON.parse(readFileSync(p, 'utf8')) as T,
        });
      }
    }
  };
  walk(dir);
  return out;
}
