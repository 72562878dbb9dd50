import type { CsvIssue } from './csv.js';
import {
  importKielDataExplorer,
  type DeliveredSupport,
} from './kiel-explorer.js';
import {
  importKielRelease,
  importKielWeapons,
  KIEL_DONOR_ALIASES,
  type KielSource,
} from './kiel-weapons.js';

/** The delivered-support record per donor and where it comes from. */
export type KielRecord = { source: KielSource; donors: DeliveredSupport[] };

/** A refused row: the file, its line, a code and a message. */
export type KielIssue = CsvIssue & { file: string };

export type KielResult<T> =
  { ok: true; value: T } | { ok: false; issues: KielIssue[] };

/**
 * The delivered-support record of every donor from the three files' texts:
 * data_explorer.csv totals, weapons.csv matched by donor name, and the
 * release for the citation. Any refused row fails the whole import, every
 * issue named with its file and line.
 */
export function importKielRecord(files: {
  dataExplorer: string;
  weapons: string;
  releaseInfo: string;
}): KielResult<KielRecord> {
  const explorer = importKielDataExplorer(files.dataExplorer);
  const names = new Map(
    explorer.ok ? explorer.value.map((d) => [d.name, d.iso3] as const) : []
  );
  const codes = new Set(names.values());
  // A weapons donor must have totals in the explorer to join them.
  const codeOf = (name: string) => {
    // Without totals no name can be judged; report the explorer's issues.
    if (!explorer.ok) return name;
    const code = names.get(name) ?? KIEL_DONOR_ALIASES[name];
    return code !== undefined && codes.has(code) ? code : undefined;
  };
  const weapons = importKielWeapons(files.weapons, codeOf);
  const release = importKielRelease(files.releaseInfo);
  const issues: KielIssue[] = [
    ...tag(explorer, 'data_explorer.csv'),
    ...tag(weapons, 'weapons.csv'),
    ...tag(release, 'release_info.csv'),
  ];
  if (!explorer.ok || !weapons.ok || !release.ok) return { ok: false, issues };
  const donors = explorer.value.map((d) => ({
    ...d,
    weapons: weapons.value.get(d.iso3) ?? [],
  }));
  return { ok: true, value: { source: release.value, donors } };
}

function tag(
  result: { ok: true } | { ok: false; issues: CsvIssue[] },
  file: string
): KielIssue[] {
  return result.ok ? [] : result.issues.map((i) => ({ ...i, file }));
}
