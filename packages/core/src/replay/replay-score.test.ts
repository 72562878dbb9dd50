import { describe, expect, it } from 'vitest';
import type { Finding } from '../engine/finding.js';
import type { LocatedEvent } from '../fusion/located-event.js';
import { matchFireEvents, scoreReplay } from './replay-score.js';

const T = '2026-08-23T01:00:00Z';
const micros = Date.parse(T) * 1000;

function event(lon: number, seconds: number): LocatedEvent {
  return {
    id: `fire-${lon}-${seconds}`,
    kind: 'fire',
    position: [lon, 48.4],
    covariance: [1, 0, 1],
    ellipse: { semiMajorM: 2, semiMinorM: 2, azimuthDeg: 0 },
    timeMicros: micros + seconds * 1e6,
    timeSigmaMicros: 1,
    confidence: 1,
    sources: [1],
    sensorKinds: ['acoustic'],
  };
}

function finding(kind: string, lon: number, party: string | null): Finding {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lon, 48.4] },
    properties: { kind, time: T, attribution: { party, probability: 1 } },
  } as Finding;
}

describe('scoreReplay', () => {
  const truth = {
    fires: [
      { time: T, position: [37.1, 48.4, 100], territory: 'A' },
      { time: T, position: [37.2, 48.4, 100], territory: 'B' },
      { time: '2026-08-23T02:00:00Z', position: [37.1, 48.4], territory: 'A' },
    ],
    weapons: [
      {
        position: [37.3, 48.4],
        territory: 'B',
        from: '2026-08-23T00:00:00Z',
        to: '2026-08-23T03:00:00Z',
      },
    ],
  };

  it('matches fire events one to one within the tolerance', () => {
    const score = scoreReplay({
      // Two events on one fire, one 30 s late, one 5 km off.
      events: [
        event(37.1, 0),
        event(37.1001, 1),
        event(37.2, 30),
        event(37.3, 0),
      ],
      findings: [],
      truth,
    });
    expect(score.fires).toEqual({
      truth: 3,
      events: 4,
      matched: 1,
      recall: 1 / 3,
      precision: 1 / 4,
    });
  });

  it('counts the findings that name the party whose ground it was', () => {
    const score = scoreReplay({
      events: [],
      findings: [
        finding('fire', 37.1, 'A'),
        finding('fire', 37.2, 'A'),
        finding('fire', 37.2, null),
        finding('weapons_in_zone', 37.3001, 'B'),
        finding('fire', 37.5, 'B'),
      ],
      truth,
    });
    expect(score.attribution).toEqual({
      matched: 4,
      attributed: 3,
      right: 2,
      share: 2 / 3,
    });
  });

  it('is zero, not NaN, with nothing to score', () => {
    const score = scoreReplay({
      events: [],
      findings: [],
      truth: { fires: [] },
    });
    expect(score.fires.recall).toBe(0);
    expect(score.attribution.share).toBe(0);
  });
});

describe('matchFireEvents', () => {
  // Three rounds from one place 5 s apart: each event, at one round's time
  // and a few metres off it, takes that round, not the one a metre nearer.
  const fires = [0, 5, 10].map((sec, k) => ({
    id: `round-${k}`,
    time: new Date(Date.parse(T) + sec * 1000).toISOString(),
    position: [37.1 + k * 0.00001, 48.4],
  }));
  it.each([
    { events: [0, 5, 10], want: ['round-0', 'round-1', 'round-2'] },
    { events: [10, 0], want: ['round-0', 'round-2'] },
    { events: [5.2], want: ['round-1'] },
  ])('events at $events s take $want', ({ events, want }) => {
    const m = matchFireEvents(
      events.map((sec) => event(37.10005, sec)),
      fires
    );
    expect([...m.values()].map((f) => f.id).sort()).toEqual(want);
  });
});
