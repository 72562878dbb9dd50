/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import {
  FINDINGS_CSV_COLUMNS,
  csvField,
  csvText,
  findingsToCsv,
  geoPrecisionOf,
  type FindingsCsvOptions,
} from './export-csv.js';
import { findingOf, type FindingSpec } from './report-fixture.js';

/** One case of test-vectors/report/csv. */
type CsvVector = {
  desc: string;
  findings: FindingSpec[];
  options?: FindingsCsvOptions;
  /** The whole file, line by line, without the CRLFs. */
  wantLines?: string[];
  /** Parsed cells of some columns, row by row. */
  wantColumns?: Record<string, string[]>;
  /** [row (1 = first data row), column, the raw text of the field]. */
  wantFields?: [number, string, string][];
};

const files = import.meta.glob<CsvVector>(
  '../../test-vectors/report/csv/*.json',
  { eager: true, import: 'default' }
);
const vectors = Object.entries(files).map(
  ([path, v]) => [path.replace(/^.*\/|\.json$/g, ''), v] as const
);

/** An RFC 4180 reader for the tests: records of raw and unquoted fields. */
function readCsv(text: string): { raw: string; value: string }[][] {
  const records: { raw: string; value: string }[][] = [];
  let record: { raw: string; value: string }[] = [];
  let i = 0;
  while (i < text.length) {
    const start = i;
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quote');
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') i++;
      value = text.slice(start, i);
    }
    record.push({ raw: text.slice(start, i), value });
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else throw new Error(`bad character at ${i}`);
  }
  return records;
}

describe('findingsToCsv', () => {
  describe.each(vectors)('%s', (_name, v) => {
    it(v.desc, () => {
      const csv = findingsToCsv(v.findings.map(findingOf), v.options);
      expect(csv.endsWith('\r\n')).toBe(true);
      if (v.wantLines !== undefined) {
        expect(csv).toBe(v.wantLines.map((l) => `${l}\r\n`).join(''));
      }
      const [header, ...rows] = readCsv(csv);
      expect(header!.map((f) => f.value)).toEqual([...FINDINGS_CSV_COLUMNS]);
      expect(rows).toHaveLength(v.findings.length);
      for (const row of rows) expect(row).toHaveLength(header!.length);
      const col = (name: string) => header!.findIndex((f) => f.value === name);
      for (const [name, values] of Object.entries(v.wantColumns ?? {})) {
        expect(col(name)).toBeGreaterThanOrEqual(0);
        expect(rows.map((r) => r[col(name)]!.value)).toEqual(values);
      }
      for (const [row, name, raw] of v.wantFields ?? []) {
        expect(rows[row - 1]![col(name)]!.raw).toBe(raw);
      }
    });
  });

  it('keeps the order given and ends each record with CRLF only', () => {
    const specs: FindingSpec[] = [
      { time: '2026-09-02T05:00:00Z', at: [37.2, 48.3] },
      { time: '2026-09-01T05:00:00Z', at: [37.2, 48.3] },
    ];
    const csv = findingsToCsv(specs.map(findingOf));
    const dates = readCsv(csv)
      .slice(1)
      .map((r) => r[0]!.value);
    expect(dates).toEqual(['2026-09-02', '2026-09-01']);
    expect(csv.replace(/\r\n/g, '').includes('\n')).toBe(false);
  });
});

describe('csvText', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@x', "'@x"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['a=1', 'a=1'],
    ['', ''],
  ])('guards %j as %j', (input, want) => {
    expect(csvText(input)).toBe(want);
  });
});

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['a\r\nb', '"a\r\nb"'],
    ['', ''],
  ])('writes %j as %j', (input, want) => {
    expect(csvField(input)).toBe(want);
  });
});

describe('geoPrecisionOf', () => {
  it('is 1, 2 or 3 by the semi-major axis', () => {
    expect([0, 2000, 2001, 25_000, 25_001, 1e8].map(geoPrecisionOf)).toEqual([
      1, 1, 2, 2, 3, 3,
    ]);
  });
});
