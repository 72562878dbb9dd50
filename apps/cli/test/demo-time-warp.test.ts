import { describe, expect, it } from 'vitest';
import { createTimeWarp, mergeSpans } from '../src/demo/time-warp.js';

const S = 1_000_000;
const T0 = 1_800_000_000 * S;
const WALL = 1_900_000_000 * S;

describe('mergeSpans', () => {
  it('sorts spans and joins the ones that overlap or touch', () => {
    expect(
      mergeSpans([
        { fromMicros: 50, toMicros: 60 },
        { fromMicros: 0, toMicros: 10 },
        { fromMicros: 10, toMicros: 20 },
        { fromMicros: 55, toMicros: 70 },
      ])
    ).toEqual([
      { fromMicros: 0, toMicros: 20 },
      { fromMicros: 50, toMicros: 70 },
    ]);
  });
});

describe('createTimeWarp', () => {
  // Two engagements: 100 s to 160 s and 1000 s to 1030 s after the start.
  const spans = [
    { fromMicros: T0 + 100 * S, toMicros: T0 + 160 * S },
    { fromMicros: T0 + 1000 * S, toMicros: T0 + 1030 * S },
  ];
  const warp = createTimeWarp({
    spans,
    speed: 10,
    scenarioStartMicros: T0,
    wallStartMicros: WALL,
    leadMicros: 3 * S,
  });

  it('skips the quiet start so the first span begins `lead` after the wall start', () => {
    // 3 s of lead at speed 10 is 30 s of scenario time.
    expect(warp.fromMicros).toBe(T0 + 70 * S);
    expect(warp.toWallMicros(T0 + 69 * S)).toBeUndefined();
    expect(warp.toWallMicros(T0 + 70 * S)).toBe(WALL);
    expect(warp.toWallMicros(T0 + 100 * S)).toBe(WALL + 3 * S);
  });

  it('keeps every time difference inside a span to the µs', () => {
    const a = T0 + 100 * S + 123_457;
    const b = T0 + 158 * S + 987_651;
    expect(warp.toWallMicros(b)! - warp.toWallMicros(a)!).toBe(b - a);
    expect(warp.isRealTime(a)).toBe(true);
  });

  it('runs the time between spans `speed` times faster', () => {
    const endOfFirst = warp.toWallMicros(T0 + 160 * S)!;
    const startOfSecond = warp.toWallMicros(T0 + 1000 * S)!;
    expect(startOfSecond - endOfFirst).toBe(84 * S);
    expect(warp.isRealTime(T0 + 500 * S)).toBe(false);
    expect(
      warp.toWallMicros(T0 + 1130 * S)! - warp.toWallMicros(T0 + 1030 * S)!
    ).toBe(10 * S);
  });

  it('never runs backwards', () => {
    let last = -Infinity;
    for (let t = warp.fromMicros; t < T0 + 1200 * S; t += 7_777_777) {
      const wall = warp.toWallMicros(t)!;
      expect(wall).toBeGreaterThanOrEqual(last);
      last = wall;
    }
  });

  it('starts at the scenario start when the first span is near it', () => {
    const early = createTimeWarp({
      spans: [{ fromMicros: T0 + 1 * S, toMicros: T0 + 2 * S }],
      speed: 100,
      scenarioStartMicros: T0,
      wallStartMicros: WALL,
    });
    expect(early.fromMicros).toBe(T0);
    expect(early.toWallMicros(T0 + 1 * S)).toBe(WALL + 10_000);
  });

  it('compresses everything when there is no span', () => {
    const quiet = createTimeWarp({
      spans: [],
      speed: 4,
      scenarioStartMicros: T0,
      wallStartMicros: WALL,
    });
    expect(quiet.toWallMicros(T0 + 40 * S)).toBe(WALL + 10 * S);
    expect(quiet.isRealTime(T0 + 40 * S)).toBe(false);
  });
});
