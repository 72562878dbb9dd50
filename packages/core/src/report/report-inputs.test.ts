import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { decodeLogEntry, type LogEntry } from '../log/entry.js';
import { replayBundle } from '../replay/replay-bundle.js';
import { acousticSceneBundle } from '../replay/replay-fixture.js';
import { parseReportDay, previousReportDay } from './report-day.js';
import { reportInputsFromEntries } from './report-inputs.js';

// The scene's shot is at 2026-08-23T01:00Z.
const result = replayBundle(acousticSceneBundle());
const decoded = result.entries.map((bytes, index) => ({
  index,
  entry: decodeLogEntry(bytes),
}));

describe('reportInputsFromEntries', () => {
  it('gives the logged findings and the newest agreement', () => {
    const inputs = reportInputsFromEntries(decoded, '2026-08-23');
    expect(result.findings.length).toBeGreaterThan(0);
    expect(inputs.findings).toEqual(result.findings);
    const logged = decoded.find((d) => d.entry.type === 'agreement')!.entry;
    expect(inputs.agreement).toEqual(
      logged.type === 'agreement' ? logged.agreement : undefined
    );
    expect(inputs.agreement?.id).toBe('sim-demo-2026');
    expect(inputs.restrictions).toEqual([]);
  });

  it('applies the latest review of a finding, in log order whatever the input order', () => {
    const id = result.findings[0]!.properties.id;
    const review = (status: 'confirmed' | 'rejected', n: number) => ({
      index: decoded.length + n,
      entry: {
        v: 1,
        type: 'finding_review',
        findingId: id,
        status,
        reason: `review ${n}`,
        actor: 'analyst',
        time: '2026-08-23T09:00:00Z',
      } as LogEntry,
    });
    const inputs = reportInputsFromEntries(
      [review('rejected', 1), ...decoded, review('confirmed', 0)],
      '2026-08-23'
    );
    const reviewed = inputs.findings.find((f) => f.properties.id === id);
    expect(reviewed?.properties.status).toBe('rejected');
    expect(reviewed?.properties.review?.reason).toBe('review 1');
  });

  it('finds the monitoring gaps of the two days from the observations', () => {
    const inputs = reportInputsFromEntries(decoded, '2026-08-23');
    const day = parseReportDay('2026-08-23');
    const from = previousReportDay(day).fromMicros;
    // The scene's sensors report only around the shot: each is silent
    // before and after it, inside the two-day window.
    const sensors = new Set(inputs.gaps.map((g) => g.sensor));
    expect(sensors.size).toBeGreaterThan(0);
    for (const g of inputs.gaps) {
      expect(g.reason).toBe('silence');
      expect(g.fromMicros).toBeGreaterThanOrEqual(from);
      expect(g.toMicros).toBeLessThanOrEqual(day.toMicros);
    }
  });

  it('finds no gaps on days without observations', () => {
    expect(reportInputsFromEntries(decoded, '2026-09-30').gaps).toEqual([]);
  });

  it('throws REPORT_DATE_INVALID for a bad date', () => {
    expect(() =>
      reportInputsFromEntries(decoded, '23.08.2026')
    ).toThrowWithCode(CoreError, 'REPORT_DATE_INVALID');
  });
});
