import { describe, expect, it } from 'vitest';
import { formatRfc3339Micros } from '../observation/time.js';
import { findMonitoringGaps, type GapInput } from './gaps.js';

const S = 1e6;
// Heartbeats every 300 s; silent for more than 2.5 of them (750 s) is a gap.
const p = { heartbeatIntervalS: 300, silenceFactor: 2.5 };
const T0 = Date.parse('2026-08-23T00:00:00Z') * 1000;

type Beat = [
  sensor: string,
  atS: number,
  status?: 'jamming' | 'tamper' | 'low_power',
];

/** Heartbeats, indexed in the order given. */
function inputs(beats: Beat[]): GapInput[] {
  return beats.map(([sensor, atS, status], index) => ({
    index,
    position: sensor === 'a' ? [37, 48] : [38, 49],
    observation: {
      sensor,
      seq: index,
      time: formatRfc3339Micros(T0 + atS * S),
      kind: 'heartbeat',
      heartbeat: { status: status ?? 'ok' },
    },
  }));
}

const span = (g: { fromMicros: number; toMicros: number }) => [
  (g.fromMicros - T0) / S,
  (g.toMicros - T0) / S,
];

describe('findMonitoringGaps', () => {
  it('reports a silence from one interval after the last report to the next', () => {
    const gaps = findMonitoringGaps(
      inputs([
        ['a', 0],
        ['a', 300],
        ['a', 600],
        ['a', 2000],
      ]),
      p
    );
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({
      sensor: 'a',
      reason: 'silence',
      position: [37, 48],
      sources: [2, 3],
    });
    expect(span(gaps[0]!)).toEqual([900, 2000]);
  });

  it('lets a silence of exactly silenceFactor intervals pass', () => {
    expect(
      findMonitoringGaps(
        inputs([
          ['a', 0],
          ['a', 750],
        ]),
        p
      )
    ).toEqual([]);
  });

  it('runs a jamming stretch from its first report to the next other report, low power counting as reporting', () => {
    const gaps = findMonitoringGaps(
      inputs([
        ['b', 0],
        ['b', 300, 'jamming'],
        ['b', 600, 'jamming'],
        ['b', 900, 'low_power'],
      ]),
      p
    );
    expect(gaps.map((g) => [g.reason, ...span(g), g.sources])).toEqual([
      ['jamming', 300, 900, [1, 2, 3]],
    ]);
  });

  it('closes one reason where another begins', () => {
    const gaps = findMonitoringGaps(
      inputs([
        ['b', 0, 'jamming'],
        ['b', 300, 'tamper'],
        ['b', 600],
      ]),
      p
    );
    expect(gaps.map((g) => [g.reason, ...span(g)])).toEqual([
      ['jamming', 0, 300],
      ['tamper', 300, 600],
    ]);
  });

  it('without a window, ends a stretch still open one interval after the last report', () => {
    const [g] = findMonitoringGaps(inputs([['b', 100, 'tamper']]), p);
    expect(span(g!)).toEqual([100, 400]);
  });

  it('within a window, counts silences at its edges and runs open stretches to its end', () => {
    const window = { fromMicros: T0, toMicros: T0 + 3000 * S };
    const gaps = findMonitoringGaps(
      inputs([
        ['a', 1000],
        ['b', 0],
        ['b', 2900, 'jamming'],
      ]),
      p,
      window
    );
    expect(gaps.map((g) => [g.sensor, g.reason, ...span(g)])).toEqual([
      // Sorted by start, then sensor, then reason.
      ['a', 'silence', 0, 1000],
      ['b', 'silence', 300, 2900],
      ['a', 'silence', 1300, 3000],
      ['b', 'jamming', 2900, 3000],
    ]);
  });

  it('does not depend on the order of its inputs', () => {
    const beats: Beat[] = [
      ['a', 0],
      ['b', 0, 'jamming'],
      ['a', 2000],
      ['b', 1000],
    ];
    const forward = findMonitoringGaps(inputs(beats), p);
    expect(findMonitoringGaps([...inputs(beats)].reverse(), p)).toEqual(
      forward
    );
  });
});
