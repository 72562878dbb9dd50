import { describe, expect, it } from 'vitest';
import { base64Decode, utf8Encode } from '../bytes.js';
import { decodeLogEntry } from '../log/entry.js';
import { parseObservationPayload } from '../observation/payload.js';
import { parseRfc3339Micros } from '../observation/time.js';
import { replayBundle } from '../replay/replay-bundle.js';
import { acousticSceneBundle } from '../replay/replay-fixture.js';
import {
  mergeObservationSpans,
  observationTimeHint,
  selectReportEntries,
  type RawEntry,
} from './report-entries.js';
import { reportInputsFromEntries } from './report-inputs.js';

// The scene's observations run from 2026-08-23T00:50Z to 01:01Z.
const raw: RawEntry[] = replayBundle(acousticSceneBundle()).entries.map(
  (bytes, index) => ({ index, bytes })
);
const decode = (entries: readonly RawEntry[]) =>
  entries.map(({ index, bytes }) => ({ index, entry: decodeLogEntry(bytes) }));

describe('observationTimeHint', () => {
  it("reads every observation entry's time as decoding it does, and nothing else's", () => {
    let observations = 0;
    for (const { bytes } of raw) {
      const entry = decodeLogEntry(bytes);
      if (entry.type !== 'observation') {
        expect(observationTimeHint(bytes)).toBeUndefined();
        continue;
      }
      observations++;
      const payload = parseObservationPayload(
        base64Decode(entry.envelope.payload)
      );
      expect(observationTimeHint(bytes)).toBe(parseRfc3339Micros(payload.time));
    }
    expect(observations).toBeGreaterThan(5);
  });

  it.each([
    ['not JSON', 'garbage'],
    ['no payload', '{"type":"observation"}'],
    ['a payload that is not base64', '{"payload":"A=AA","type":"observation"}'],
    [
      'a payload without a time',
      `{"payload":"${btoa('{"seq":1}')}","type":"observation"}`,
    ],
    [
      'a time that is not RFC 3339',
      `{"payload":"${btoa('{"time":"yesterday"}')}","type":"observation"}`,
    ],
  ])('gives undefined for %s', (_what, text) => {
    expect(observationTimeHint(utf8Encode(text))).toBeUndefined();
  });
});

describe('selectReportEntries', () => {
  it('keeps the observations of the day and the day before, and every other entry', () => {
    const all = selectReportEntries(raw, '2026-08-24');
    expect(all.entries).toEqual(raw);
    const later = selectReportEntries(raw, '2026-08-30');
    expect(
      later.entries.every((e) => decodeLogEntry(e.bytes).type !== 'observation')
    ).toBe(true);
    expect(later.entries.length).toBeLessThan(raw.length);
    expect(selectReportEntries([...raw].reverse(), '2026-08-30').span).toEqual(
      later.span
    );
    expect(later.span).toEqual({
      firstMicros: Date.UTC(2026, 7, 23, 0, 50) * 1000,
      lastMicros: Date.UTC(2026, 7, 23, 1, 1) * 1000,
    });
  });

  it.each(['2026-08-22', '2026-08-23', '2026-08-24', '2026-08-25'])(
    'gives the same report inputs for %s as decoding the whole log',
    (date) => {
      const { entries, span } = selectReportEntries(raw, date);
      expect(reportInputsFromEntries(decode(entries), date, span)).toEqual(
        reportInputsFromEntries(decode(raw), date)
      );
    }
  );

  it('gives no span for a log without observations', () => {
    expect(selectReportEntries([], '2026-08-23')).toEqual({
      entries: [],
      span: undefined,
    });
  });
});

describe('mergeObservationSpans', () => {
  const a = { firstMicros: 10, lastMicros: 20 };
  const b = { firstMicros: 5, lastMicros: 15 };

  it('covers both spans', () => {
    expect(mergeObservationSpans(a, b)).toEqual({
      firstMicros: 5,
      lastMicros: 20,
    });
  });

  it('takes the one given when the other is undefined', () => {
    expect(mergeObservationSpans(undefined, b)).toBe(b);
    expect(mergeObservationSpans(a, undefined)).toBe(a);
    expect(mergeObservationSpans(undefined, undefined)).toBeUndefined();
  });

  it('selects chunk by chunk as from the whole log', () => {
    const whole = selectReportEntries(raw, '2026-08-30');
    const chunks = [raw.slice(0, 20), raw.slice(20)].map((c) =>
      selectReportEntries(c, '2026-08-30')
    );
    expect(chunks.flatMap((c) => c.entries)).toEqual(whole.entries);
    expect(mergeObservationSpans(chunks[0]!.span, chunks[1]!.span)).toEqual(
      whole.span
    );
  });
});
