/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { summarizeDay, type DailySummary } from './daily-summary.js';
import {
  findingOf,
  gapOf,
  type FindingSpec,
  type GapSpec,
} from './report-fixture.js';
import { parseReportDay, previousReportDay } from './report-day.js';

/** One case of test-vectors/report/summary: a day's inputs and what to expect. */
type SummaryVector = {
  desc: string;
  date: string;
  findings: FindingSpec[];
  previousFindings?: FindingSpec[];
  gaps: GapSpec[];
  want?: Partial<
    Omit<DailySummary, 'weapons' | 'findings' | 'monitoring'> & {
      weapons: string[];
      findings: string[];
      monitoringFindings: string[];
      gaps: Partial<DailySummary['monitoring']['gaps'][number]>[];
      gapsByReason: DailySummary['monitoring']['gapsByReason'];
    }
  >;
  wantErr?: string;
};

const files = import.meta.glob<SummaryVector>(
  '../../test-vectors/report/summary/*.json',
  { eager: true, import: 'default' }
);
const vectors = Object.entries(files).map(
  ([path, v]) => [path.replace(/^.*\/|\.json$/g, ''), v] as const
);

const ids = (rows: readonly { id: string }[]) => rows.map((r) => r.id);

describe('summarizeDay', () => {
  it('has vectors', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(5);
  });

  describe.each(vectors)('%s', (_name, v) => {
    const run = () =>
      summarizeDay({
        date: v.date,
        findings: v.findings.map(findingOf),
        ...(v.previousFindings === undefined
          ? {}
          : { previousFindings: v.previousFindings.map(findingOf) }),
        gaps: v.gaps.map(gapOf),
      });

    if (v.wantErr !== undefined) {
      it(`throws ${v.wantErr}`, () => {
        expect(run).toThrowWithCode(CoreError, v.wantErr!);
      });
      return;
    }

    it(v.desc, () => {
      const got = run();
      const { weapons, findings, monitoringFindings, gaps, gapsByReason } =
        v.want!;
      const plain = { ...v.want! };
      for (const key of [
        'weapons',
        'findings',
        'monitoringFindings',
        'gaps',
        'gapsByReason',
      ] as const) {
        delete plain[key];
      }
      expect(got).toMatchObject(plain);
      if (weapons !== undefined) expect(ids(got.weapons)).toEqual(weapons);
      if (findings !== undefined) expect(ids(got.findings)).toEqual(findings);
      if (monitoringFindings !== undefined) {
        expect(ids(got.monitoring.findings)).toEqual(monitoringFindings);
      }
      if (gaps !== undefined) {
        expect(got.monitoring.gaps).toHaveLength(gaps.length);
        gaps.forEach((g, i) => expect(got.monitoring.gaps[i]).toMatchObject(g));
      }
      if (gapsByReason !== undefined) {
        expect(got.monitoring.gapsByReason).toEqual(gapsByReason);
      }
    });
  });

  it('names a restriction report of the day by its sector and drops other days', () => {
    const got = summarizeDay({
      date: '2026-09-02',
      findings: [],
      gaps: [],
      restrictions: [
        {
          time: '2026-09-02T09:15:00Z',
          sensor: 'patrol-07',
          position: [37.81, 48.98],
          text: 'Patrol stopped at a checkpoint',
        },
        {
          time: '2026-09-03T09:15:00Z',
          sensor: 'patrol-07',
          position: [37.81, 48.98],
          text: 'next day',
        },
      ],
    });
    expect(got.monitoring.restrictions).toEqual([
      {
        time: '2026-09-02T09:15:00Z',
        sensor: 'patrol-07',
        position: [37.81, 48.98],
        text: 'Patrol stopped at a checkpoint',
        sector: 'Lyman',
      },
    ]);
  });

  it('uses the sectors it is given', () => {
    const got = summarizeDay({
      date: '2026-09-02',
      findings: [findingOf({ time: '2026-09-02T01:00:00Z', at: [10, 10] }, 0)],
      gaps: [],
      sectors: [
        { name: 'North', position: [10, 20] },
        { name: 'South', position: [10, 0] },
      ],
    });
    expect(got.bySector).toEqual([{ key: 'South', today: 1, previous: 0 }]);
  });
});

describe('parseReportDay', () => {
  it('gives the UTC day as microseconds, and the day before across a year end', () => {
    const day = parseReportDay('2027-01-01');
    expect(day).toEqual({
      date: '2027-01-01',
      fromMicros: Date.UTC(2027, 0, 1) * 1000,
      toMicros: Date.UTC(2027, 0, 2) * 1000,
    });
    expect(previousReportDay(day).date).toBe('2026-12-31');
  });

  it('accepts 29 February in a leap year only', () => {
    expect(parseReportDay('2028-02-29').date).toBe('2028-02-29');
    expect(() => parseReportDay('2027-02-29')).toThrowWithCode(
      CoreError,
      'REPORT_DATE_INVALID'
    );
  });
});
