import { describe, expect, it } from 'vitest';
import type { LocatedEvent } from '../fusion/located-event.js';
import { parseAgreement } from '../rules/agreement.js';
import {
  BASE_AGREEMENT,
  eventOf,
  type EventSpec,
  gapOf,
} from '../rules/vector-fixture.js';
import { evaluateAgreement } from './engine.js';
import { findingId } from './finding.js';
import { ENGINE_VERSION } from './params.js';

// Two located events resting on the same log entries give the same finding
// id: the engine keeps one, chosen by confidence, then time, then position,
// never by input order.
const agreement = parseAgreement({
  ...BASE_AGREEMENT,
  rules: [{ id: 'no-fire', kind: 'no_fire' }],
});

const base: EventSpec = {
  kind: 'fire',
  at: [-5, 0],
  time: '2026-12-02T06:00:00Z',
  confidence: 0.9,
  sources: [7, 9],
};

type Change = (e: LocatedEvent) => LocatedEvent;

const cases: { name: string; kept: Change }[] = [
  { name: 'the more confident', kept: (e) => ({ ...e, confidence: 0.95 }) },
  {
    name: 'at equal confidence, the earlier',
    kept: (e) => ({ ...e, timeMicros: e.timeMicros - 1 }),
  },
  {
    name: 'at equal confidence and time, the westernmost',
    kept: (e) => ({ ...e, position: [e.position[0] - 0.01, e.position[1]] }),
  },
  {
    name: 'at equal confidence, time and longitude, the southernmost',
    kept: (e) => ({ ...e, position: [e.position[0], e.position[1] - 0.01] }),
  },
];

describe('evaluateAgreement with two events on the same sources', () => {
  it.each(cases)('keeps $name', ({ kept }) => {
    const b = eventOf(base);
    const a = kept(b);
    for (const events of [
      [a, b],
      [b, a],
    ]) {
      const findings = evaluateAgreement({ agreement, events });
      expect(findings).toHaveLength(1);
      const [finding] = findings;
      expect(finding!.geometry.coordinates).toEqual(a.position);
      expect(finding!.properties.confidence).toBe(a.confidence);
      expect(finding!.properties.sources).toEqual([7, 9]);
    }
  });

  it('keeps events on other sources, sorted by time then id', () => {
    const early = eventOf({ ...base, sources: [1] });
    const twin = eventOf({ ...base, sources: [3] });
    const late = eventOf({
      ...base,
      time: '2026-12-02T07:00:00Z',
      sources: [2],
    });
    const sameTime = [[1], [3]].sort((x, y) => {
      const ix = findingId('no-fire', x, ENGINE_VERSION);
      const iy = findingId('no-fire', y, ENGINE_VERSION);
      return ix < iy ? -1 : 1;
    });
    for (const events of [
      [late, twin, early],
      [early, twin, late],
      [twin, late, early],
    ]) {
      const findings = evaluateAgreement({ agreement, events });
      expect(findings.map((f) => f.properties.sources)).toEqual([
        ...sameTime,
        [2],
      ]);
    }
  });
});

describe('evaluateAgreement with gaps around effectiveFrom', () => {
  const gapAgreement = parseAgreement({
    ...BASE_AGREEMENT,
    rules: [{ id: 'dom', kind: 'denial_of_monitoring', maxGapMinutes: 60 }],
  });
  // BASE_AGREEMENT is in force from 2026-12-01T00:00:00Z.
  const cases: { from: string; to: string; want: string[] }[] = [
    // 180 minutes long, 120 of them in force: judged from effectiveFrom.
    {
      from: '2026-11-30T23:00:00Z',
      to: '2026-12-01T02:00:00Z',
      want: ['2026-12-01T00:00:00Z'],
    },
    // 90 minutes long, only 30 of them in force: under the limit.
    { from: '2026-11-30T23:00:00Z', to: '2026-12-01T00:30:00Z', want: [] },
    // Over before the agreement: nothing to judge.
    { from: '2026-11-30T20:00:00Z', to: '2026-11-30T23:00:00Z', want: [] },
    // Wholly in force: its own start.
    {
      from: '2026-12-01T01:00:00Z',
      to: '2026-12-01T03:00:00Z',
      want: ['2026-12-01T01:00:00Z'],
    },
  ];
  it.each(cases)('a gap $from to $to gives $want', ({ from, to, want }) => {
    const gaps = [
      gapOf({ reason: 'silence', from, to, at: [0, 0], sources: [4] }, 0),
    ];
    const findings = evaluateAgreement({
      agreement: gapAgreement,
      events: [],
      gaps,
    });
    expect(findings.map((f) => f.properties.time)).toEqual(want);
  });
});
