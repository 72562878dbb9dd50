/// <reference types="node" />
/// <reference types="vite/client" />
// Node types for reading the Kiel CSVs in ../shared (tests only).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DIR } from '@truce/testing';
import { describe, expect, it } from 'vitest';
import { importKielRecord, type KielRecord } from './kiel-import.js';

const PLEDGES_DIR = join(SHARED_DIR, 'data/pledges');
const read = (name: string) => readFileSync(join(PLEDGES_DIR, name), 'utf8');

/**
 * One case of test-vectors/coalition/kiel: one of the three files replaced
 * by `csv` (the others are the small valid files below), and the issues
 * wanted, or some fields of the donors wanted.
 */
type KielVector = {
  desc: string;
  file: 'data_explorer' | 'weapons' | 'release';
  csv: string;
  wantIssues?: { code: string; line: number }[];
  want?: Record<string, unknown>[];
};

const files = import.meta.glob<KielVector>(
  '../../test-vectors/coalition/kiel/*.json',
  { eager: true, import: 'default' }
);

const BASE = {
  dataExplorer:
    '"country","iso","year","month","total","financial","humanitarian","military","commitments","to_be_allocated","gdp","pct_gdp"\n' +
    '"Estonia","EST",2022,3,0.5,0,0.1,0.4,0.6,0.1,38.1,1.31\n',
  weapons:
    '"donor","category","number_of_weapons","monetary_value_eur","weapons_list"\n' +
    '"Estonia","Howitzers",6,100,"D-30 (6)"\n',
  releaseInfo:
    '"release","period","date","label"\n"29","04/2026","2026-08-04","Ukraine Support Tracker, Release 29 (04/2026)"\n',
};
const KEY = {
  data_explorer: 'dataExplorer',
  weapons: 'weapons',
  release: 'releaseInfo',
} as const;
const FILE = {
  data_explorer: 'data_explorer.csv',
  weapons: 'weapons.csv',
  release: 'release_info.csv',
} as const;

describe('importKielRecord vectors', () => {
  describe.each(Object.entries(files))('%s', (_path, v) => {
    it(v.desc, () => {
      const result = importKielRecord({ ...BASE, [KEY[v.file]]: v.csv });
      if (v.wantIssues !== undefined) {
        expect(result.ok).toBe(false);
        const issues = result.ok ? [] : result.issues;
        expect(issues.map((i) => ({ code: i.code, line: i.line }))).toEqual(
          v.wantIssues
        );
        expect(new Set(issues.map((i) => i.file))).toEqual(
          new Set([FILE[v.file]])
        );
        return;
      }
      expect(result.ok).toBe(true);
      const donors = result.ok ? result.value.donors : [];
      expect(donors.map((d) => d.iso3)).toEqual(v.want!.map((w) => w.iso3));
      v.want!.forEach((w, k) => expect(donors[k]).toMatchObject(w));
    });
  });
});

// An independent reading of the real files: every line of these two is
// `"text","text",number,...` with no quoted commas, so a split on the
// commas outside quotes is enough here (the importer's parser is the
// general one).
function rowsOf(text: string): string[][] {
  return text
    .split('\n')
    .slice(1)
    .filter((line) => line !== '')
    .map((line) =>
      (line.match(/("[^"]*"|[^,]*)(,|$)/g) ?? [])
        .map((f) => f.replace(/,$/, '').replace(/^"|"$/g, ''))
        .slice(0, -1)
    );
}

describe('importKielRecord on release 29 (shared/data/pledges)', () => {
  const explorer = read('data_explorer.csv');
  const weaponsCsv = read('weapons.csv');
  const result = importKielRecord({
    dataExplorer: explorer,
    weapons: weaponsCsv,
    releaseInfo: read('release_info.csv'),
  });
  const record = (result.ok ? result.value : undefined) as KielRecord;

  it('imports every row without an issue', () => {
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('gives each donor the totals summed from the CSV', () => {
    const header = explorer.split('\n')[0]!.replace(/"/g, '').split(',');
    const col = (name: string) => header.indexOf(name);
    const sums = new Map<string, Record<string, number>>();
    for (const row of rowsOf(explorer)) {
      const s = sums.get(row[col('iso')]!) ?? {};
      for (const name of ['total', 'commitments', 'military', 'pct_gdp']) {
        s[name] = (s[name] ?? 0) + Number(row[col(name)]);
      }
      sums.set(row[col('iso')]!, s);
    }
    expect(record.donors.map((d) => d.iso3).sort()).toEqual(
      [...sums.keys()].sort()
    );
    expect(record.donors).toHaveLength(42);
    for (const donor of record.donors) {
      const s = sums.get(donor.iso3)!;
      expect(donor.allocatedEurBn).toBeCloseTo(s.total!, 6);
      expect(donor.committedEurBn).toBeCloseTo(s.commitments!, 6);
      expect(donor.militaryEurBn).toBeCloseTo(s.military!, 6);
      expect(donor.pctGdp).toBeCloseTo(s.pct_gdp!, 6);
    }
  });

  it('splits allocations into financial, humanitarian and military', () => {
    for (const d of record.donors) {
      expect(
        d.financialEurBn + d.humanitarianEurBn + d.militaryEurBn
      ).toBeCloseTo(d.allocatedEurBn, 5);
      expect(d.committedEurBn - d.allocatedEurBn).toBeCloseTo(
        d.toBeAllocatedEurBn,
        5
      );
    }
  });

  it('matches each weapons row to its donor by name', () => {
    const rows = rowsOf(weaponsCsv);
    const byName = new Map(record.donors.map((d) => [d.name, d]));
    for (const [donor, category, number] of rows) {
      const found = byName
        .get(donor!)!
        .weapons.find((w) => w.category === category);
      expect(found?.number).toBe(Number(number));
    }
    const listed = record.donors.reduce((n, d) => n + d.weapons.length, 0);
    expect(listed).toBe(rows.length);
    expect(
      record.donors.find((d) => d.iso3 === 'DEU')!.weapons.map((w) => w.number)
    ).toEqual([19, 110, 204, 8, 90]);
  });

  it('cites the release', () => {
    expect(record.source).toEqual({
      citation:
        'Kiel Institute for the World Economy, Ukraine Support Tracker (release 29)',
      release: '29',
      period: '04/2026',
      date: '2026-08-04',
      label: 'Ukraine Support Tracker, Release 29 (04/2026)',
    });
  });
});
