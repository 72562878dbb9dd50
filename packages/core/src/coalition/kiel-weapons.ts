import { parseCsvTable, type CsvIssue } from './csv.js';
import type { DeliveredWeapons } from './kiel-explorer.js';
import { COUNT, decimal, push, sorted } from './kiel-fields.js';

export type KielSource = {
  citation: string;
  release: string;
  period: string;
  date: string;
  label: string;
};

/**
 * weapons.csv names donors, data_explorer.csv gives name and ISO code; a
 * donor is found by the explorer's own names first, then by these other
 * spellings of the same states.
 */
export const KIEL_DONOR_ALIASES: Readonly<Record<string, string>> = {
  Türkiye: 'TUR',
  Turkey: 'TUR',
  'Czech Republic': 'CZE',
  UK: 'GBR',
  'United States of America': 'USA',
  USA: 'USA',
  'Republic of Korea': 'KOR',
  Korea: 'KOR',
  'European Union': 'EU',
};

const WEAPON_COLUMNS = ['donor', 'category', 'number_of_weapons'] as const;
const RELEASE_COLUMNS = ['release', 'period', 'date', 'label'] as const;

/**
 * Reads weapons.csv: per donor code, the weapons delivered by category.
 * `codeOf` maps a donor name to its code (see KIEL_DONOR_ALIASES).
 */
export function importKielWeapons(
  text: string,
  codeOf: (name: string) => string | undefined
):
  | { ok: true; value: Map<string, DeliveredWeapons[]> }
  | { ok: false; issues: CsvIssue[] } {
  const { table, issues } = parseCsvTable(text, WEAPON_COLUMNS);
  const byDonor = new Map<string, DeliveredWeapons[]>();
  for (const { line, values: v } of table.rows) {
    const before = issues.length;
    const code = codeOf(v.donor!);
    if (code === undefined) {
      push(
        issues,
        'KIEL_DONOR_UNKNOWN',
        line,
        'donor',
        `no donor named "${v.donor}"`
      );
    }
    if (!COUNT.test(v.number_of_weapons!)) {
      push(
        issues,
        'KIEL_NUMBER_INVALID',
        line,
        'number_of_weapons',
        `"${v.number_of_weapons}" is not a count`
      );
    }
    const raw = v.monetary_value_eur ?? '0';
    const valueEur = decimal(issues, line, 'monetary_value_eur', raw);
    if (valueEur < 0) {
      push(
        issues,
        'KIEL_NUMBER_INVALID',
        line,
        'monetary_value_eur',
        'a value is never negative'
      );
    }
    const list = byDonor.get(code ?? '') ?? [];
    if (v.category === '' || list.some((w) => w.category === v.category)) {
      push(
        issues,
        'KIEL_ROW_DUPLICATE',
        line,
        'category',
        `"${v.category}" is empty or given twice for ${v.donor}`
      );
    }
    if (issues.length > before) continue;
    list.push({
      category: v.category!,
      number: Number(v.number_of_weapons),
      valueEur,
    });
    byDonor.set(code!, list);
  }
  return issues.length > 0
    ? { ok: false, issues: sorted(issues) }
    : { ok: true, value: byDonor };
}

/** Reads release_info.csv: exactly one release. */
export function importKielRelease(
  text: string
): { ok: true; value: KielSource } | { ok: false; issues: CsvIssue[] } {
  const { table, issues } = parseCsvTable(text, RELEASE_COLUMNS);
  const [row, ...more] = table.rows;
  if (issues.length === 0 && (row === undefined || more.length > 0)) {
    push(
      issues,
      'KIEL_RELEASE_INVALID',
      more[0]?.line ?? 1,
      'release',
      'the file must describe exactly one release'
    );
  }
  const v = row?.values;
  if (issues.length === 0 && v !== undefined) {
    if (!COUNT.test(v.release!) || !/^\d{4}-\d{2}-\d{2}$/.test(v.date!)) {
      push(
        issues,
        'KIEL_RELEASE_INVALID',
        row!.line,
        'release',
        'release must be a number and date YYYY-MM-DD'
      );
    }
  }
  if (issues.length > 0 || v === undefined) {
    return { ok: false, issues: sorted(issues) };
  }
  return {
    ok: true,
    value: {
      citation: `Kiel Institute for the World Economy, Ukraine Support Tracker (release ${v.release})`,
      release: v.release!,
      period: v.period!,
      date: v.date!,
      label: v.label!,
    },
  };
}
