import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { base64Encode } from '../bytes.js';
import { canonicalJsonBytes } from '../evidence/canonical-json.js';
import { decodeLogEntry, type LogEntry } from '../log/entry.js';
import { OBSERVATION_PAYLOAD_TYPE } from '../observation/dsse.js';
import { replayBundle } from '../replay/replay-bundle.js';
import { acousticSceneBundle } from '../replay/replay-fixture.js';
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

  it('finds gaps only between the first and the last observation of the log', () => {
    // The scene: a weather report at 00:50, the shot heard from 01:00:01
    // to 01:00:09, a radar track at 01:01. Before 00:50 nothing was
    // monitored yet, so that is nobody's silence.
    const inputs = reportInputsFromEntries(decoded, '2026-08-23');
    const first = Date.UTC(2026, 7, 23, 0, 50) * 1000;
    const last = Date.UTC(2026, 7, 23, 1, 1) * 1000;
    expect(inputs.gaps.length).toBeGreaterThan(0);
    for (const g of inputs.gaps) {
      expect(g.reason).toBe('silence');
      expect(g.fromMicros).toBeGreaterThanOrEqual(first);
      expect(g.toMicros).toBeLessThanOrEqual(last);
    }
    // The microphones, first heard ten minutes after the log began.
    expect(new Set(inputs.gaps.map((g) => g.sensor))).toEqual(
      new Set([
        'mic-0',
        'mic-1',
        'mic-2',
        'mic-3',
        'mic-4',
        'mic-5',
        'mic-6',
        'mic-7',
        'radar-1',
      ])
    );
  });

  it('finds no gaps on days without observations', () => {
    expect(reportInputsFromEntries(decoded, '2026-09-30').gaps).toEqual([]);
  });

  it("keeps monitors' restriction reports of the two days, at their own position or the sensor's", () => {
    // Signatures are admission's business, not the report's: these
    // entries carry a dummy one.
    const patrol = (
      n: number,
      time: string,
      category: string,
      position?: [number, number]
    ) => ({
      index: decoded.length + n,
      entry: {
        v: 1,
        type: 'observation',
        envelope: {
          payloadType: OBSERVATION_PAYLOAD_TYPE,
          payload: base64Encode(
            canonicalJsonBytes({
              sensor: 'mic-0',
              seq: 100 + n,
              time,
              kind: 'patrol',
              ...(position === undefined ? {} : { position }),
              patrol: { category, count: 1, text: `report ${n}` },
            })
          ),
          signatures: [
            { keyid: 'mic-0', sig: base64Encode(new Uint8Array(64)) },
          ],
        },
      } as LogEntry,
    });
    const inputs = reportInputsFromEntries(
      [
        ...decoded,
        patrol(0, '2026-08-23T00:55:00Z', 'restriction', [37.5, 48.5]),
        patrol(1, '2026-08-23T00:56:00Z', 'restriction'),
        patrol(2, '2026-08-23T00:57:00Z', 'explosion'),
      ],
      '2026-08-23'
    );
    const mic0 = acousticSceneBundle().sensors.find((s) => s.id === 'mic-0')!;
    expect(inputs.restrictions).toEqual([
      {
        time: '2026-08-23T00:55:00Z',
        sensor: 'mic-0',
        position: [37.5, 48.5],
        text: 'report 0',
      },
      {
        time: '2026-08-23T00:56:00Z',
        sensor: 'mic-0',
        position: [mic0.position[0], mic0.position[1]],
        text: 'report 1',
      },
    ]);
  });

  it('gives no agreement, findings or gaps for a log without them', () => {
    expect(reportInputsFromEntries([], '2026-08-23')).toEqual({
      agreement: undefined,
      findings: [],
      gaps: [],
      restrictions: [],
    });
  });

  it('throws REPORT_DATE_INVALID for a bad date', () => {
    expect(() =>
      reportInputsFromEntries(decoded, '23.08.2026')
    ).toThrowWithCode(CoreError, 'REPORT_DATE_INVALID');
  });
});
