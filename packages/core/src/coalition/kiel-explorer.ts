import { parseCsvTable, type CsvIssue } from './csv.js';
import { COUNT, decimal, push, round6, sorted } from './kiel-fields.js';

// Importers for the Kiel Institute's Ukraine Support Tracker CSVs
// (shared/data/pledges, release 29): what each donor has committed and
// delivered, to set beside what it pledges here. Amounts are EUR billions.

/** Heavy weapons of one category a donor has delivered (weapons.csv). */
export type DeliveredWeapons = {
  category: string;
  number: number;
  valueEur: number;
};

/** One donor's support summed over every month of data_explorer.csv. */
export type DeliveredSupport = {
  /** The file's `iso` column: ISO 3166-1 alpha-3, or `EU` for the EU institutions. */
  iso3: string;
  name: string;
  /** Sum of `commitments`. */
  committedEurBn: number;
  /** Sum of `total`: what has been allocated (earmarked for delivery). */
  allocatedEurBn: number;
  financialEurBn: number;
  humanitarianEurBn: number;
  militaryEurBn: number;
  /** Sum of `to_be_allocated`: committed but not yet allocated. */
  toBeAllocatedEurBn: number;
  /** Sum of the monthly `pct_gdp`: allocations as a percentage of GDP. */
  pctGdp: number;
  /** GDP in EUR bn as the file gives it (the latest month's row). */
  gdpEurBn: number;
  /** First and last month with a row, YYYY-MM. */
  firstMonth: string;
  lastMonth: string;
  weapons: DeliveredWeapons[];
};

const EXPLORER_COLUMNS = [
  'country',
  'iso',
  'year',
  'month',
  'total',
  'financial',
  'humanitarian',
  'military',
  'commitments',
  'to_be_allocated',
  'gdp',
  'pct_gdp',
] as const;

export type DeliveryTotals = Omit<DeliveredSupport, 'weapons'>;

/**
 * Sums data_explorer.csv per donor (one row per donor and month). Refuses
 * bad numbers, months and codes, a donor code under two names and a month
 * given twice, each with its line.
 */
export function importKielDataExplorer(
  text: string
): { ok: true; value: DeliveryTotals[] } | { ok: false; issues: CsvIssue[] } {
  const { table, issues } = parseCsvTable(text, EXPLORER_COLUMNS);
  const donors = new Map<string, DeliveryTotals>();
  const seen = new Set<string>();
  for (const { line, values: v } of table.rows) {
    const before = issues.length;
    const year = COUNT.test(v.year!) ? Number(v.year) : NaN;
    const month = COUNT.test(v.month!) ? Number(v.month) : NaN;
    if (!(year >= 1990 && year <= 2100 && month >= 1 && month <= 12)) {
      push(
        issues,
        'KIEL_MONTH_INVALID',
        line,
        'month',
        `"${v.year}-${v.month}" is not a month`
      );
    }
    if (!/^(?:[A-Z]{3}|EU)$/.test(v.iso!) || v.country === '') {
      push(
        issues,
        'KIEL_DONOR_INVALID',
        line,
        'iso',
        `"${v.iso}" is not an ISO 3166-1 alpha-3 code or EU`
      );
    }
    const nums = {
      total: decimal(issues, line, 'total', v.total!),
      financial: decimal(issues, line, 'financial', v.financial!),
      humanitarian: decimal(issues, line, 'humanitarian', v.humanitarian!),
      military: decimal(issues, line, 'military', v.military!),
      commitments: decimal(issues, line, 'commitments', v.commitments!),
      toBe: decimal(issues, line, 'to_be_allocated', v.to_be_allocated!),
      pct: decimal(issues, line, 'pct_gdp', v.pct_gdp!),
      gdp: decimal(issues, line, 'gdp', v.gdp!),
    };
    const iso = v.iso!;
    const ym = `${year}-${String(month).padStart(2, '0')}`;
    const known = donors.get(iso);
    if (known !== undefined && known.name !== v.country) {
      push(
        issues,
        'KIEL_DONOR_INVALID',
        line,
        'country',
        `${iso} is named "${known.name}" above, "${v.country}" here`
      );
    }
    if (seen.has(`${iso} ${ym}`)) {
      push(
        issues,
        'KIEL_ROW_DUPLICATE',
        line,
        'month',
        `${iso} ${ym} is given twice`
      );
    }
    if (issues.length > before) continue;
    seen.add(`${iso} ${ym}`);
    const d = known ?? {
      iso3: iso,
      name: v.country!,
      committedEurBn: 0,
      allocatedEurBn: 0,
      financialEurBn: 0,
      humanitarianEurBn: 0,
      militaryEurBn: 0,
      toBeAllocatedEurBn: 0,
      pctGdp: 0,
      gdpEurBn: nums.gdp,
      firstMonth: ym,
      lastMonth: ym,
    };
    d.committedEurBn += nums.commitments;
    d.allocatedEurBn += nums.total;
    d.financialEurBn += nums.financial;
    d.humanitarianEurBn += nums.humanitarian;
    d.militaryEurBn += nums.military;
    d.toBeAllocatedEurBn += nums.toBe;
    d.pctGdp += nums.pct;
    if (ym < d.firstMonth) d.firstMonth = ym;
    if (ym >= d.lastMonth) {
      d.lastMonth = ym;
      d.gdpEurBn = nums.gdp;
    }
    donors.set(iso, d);
  }
  if (issues.length > 0) return { ok: false, issues: sorted(issues) };
  const value = [...donors.values()].map((d) => ({
    ...d,
    committedEurBn: round6(d.committedEurBn),
    allocatedEurBn: round6(d.allocatedEurBn),
    financialEurBn: round6(d.financialEurBn),
    humanitarianEurBn: round6(d.humanitarianEurBn),
    militaryEurBn: round6(d.militaryEurBn),
    toBeAllocatedEurBn: round6(d.toBeAllocatedEurBn),
    pctGdp: round6(d.pctGdp),
  }));
  return {
    ok: true,
    value: value.sort((a, b) => a.iso3.localeCompare(b.iso3)),
  };
}
