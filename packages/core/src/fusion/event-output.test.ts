import { describe, expect, it } from 'vitest';
import { hexEncode, utf8Encode } from '../bytes.js';
import { sha256 } from '../hash.js';
import { locatedEventId, toLocatedEvents } from './event-output.js';
import { fusionFrameAt } from './frame.js';
import type { FrameEvent } from './fused-event.js';
import { wgs84Point } from './units.js';

const f = fusionFrameAt(wgs84Point(37.5, 48.3, 100));
const T = 1_787_443_200_000_000;

function event(over: Partial<FrameEvent>): FrameEvent {
  return {
    kind: 'fire',
    east: 0,
    north: 0,
    up: 0,
    upKnown: false,
    covariance: [100, 0, 100],
    timeMicros: T,
    timeSigmaS: 0.01,
    confidence: 0.9,
    sources: [1, 2],
    sensorKinds: ['acoustic'],
    method: 'acoustic-tdoa',
    acousticOnly: true,
    ...over,
  };
}

describe('locatedEventId', () => {
  it('is the kind and a SHA-256 prefix of the kind and sorted sources (DESIGN 4.5)', () => {
    const hash = hexEncode(sha256(utf8Encode('fire:1,2'))).slice(0, 24);
    expect(locatedEventId('fire', [1, 2])).toBe(`fire-${hash}`);
  });

  it('tells the parts of one observation apart', () => {
    const ids = [undefined, 0, 1].map((part) =>
      locatedEventId('weapon', [5], part)
    );
    expect(new Set(ids).size).toBe(3);
  });
});

describe('toLocatedEvents', () => {
  it('resolves pairings to ids and drops a pairing with an event not output', () => {
    const fire = event({ sources: [1] });
    const impact = event({
      kind: 'impact',
      sources: [2],
      timeMicros: T + 20e6,
      pairedWith: fire,
    });
    const orphan = event({
      kind: 'impact',
      sources: [3],
      timeMicros: T + 30e6,
      pairedWith: event({ sources: [99] }),
    });
    const [a, b, c] = toLocatedEvents(f, [orphan, impact, fire]);
    expect(a!.id).toBe(locatedEventId('fire', [1]));
    expect(b!.pairedWith).toBe(a!.id);
    expect(c!.pairedWith).toBeUndefined();
  });

  it('gives the altitude only where it was solved for, and a count only above one', () => {
    const [known, unknown] = toLocatedEvents(f, [
      event({ upKnown: true, up: 12.34567, count: 3, weaponClass: 'mortar' }),
      event({ sources: [4], timeMicros: T + 1, count: 1 }),
    ]);
    expect(known!.altitudeM).toBeCloseTo(112.346, 2);
    expect(known!.count).toBe(3);
    expect(known!.weaponClass).toBe('mortar');
    expect(unknown!.altitudeM).toBeUndefined();
    expect(unknown!.count).toBeUndefined();
    expect(unknown!.weaponClass).toBeUndefined();
  });

  it('sorts by time, then id, and keeps at least 1 µs of time σ', () => {
    const out = toLocatedEvents(f, [
      event({ sources: [8], timeMicros: T + 5 }),
      event({ sources: [7], timeMicros: T, timeSigmaS: 1e-9 }),
      event({ sources: [6], timeMicros: T }),
    ]);
    expect(out.map((e) => e.timeMicros)).toEqual([T, T, T + 5]);
    expect(out[0]!.id < out[1]!.id).toBe(true);
    expect(out.find((e) => e.sources[0] === 7)!.timeSigmaMicros).toBe(1);
  });

  it('rounds to fixed decimals and writes no negative zero', () => {
    const [e] = toLocatedEvents(f, [
      event({ covariance: [100.123456789, -1e-9, 50], east: 1e-7 }),
    ]);
    expect(e!.covariance[0]).toBeCloseTo(100.123457, 9);
    expect(Object.is(e!.covariance[1], -0)).toBe(false);
    expect(e!.position).toEqual([37.5, 48.3]);
  });
});
