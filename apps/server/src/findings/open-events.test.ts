import { describe, expect, it } from 'vitest';
import type { LocatedEvent } from '@truce/core';
import { OpenEvents } from './open-events.js';

const SPEED = 340;
const settings = {
  maxRangeM: 5000,
  speedMs: SPEED,
  slackS: 0.3,
  relativeSlack: 0.08,
  fitSlackS: 0.1,
  fitRelativeSlack: 0.02,
  spreadFactor: 2,
};

// 0.01° of latitude is about 1,106 m.
function event(lat: number, timeMicros: number): LocatedEvent {
  return {
    id: `e${lat}`,
    kind: 'fire',
    position: [37.6, lat],
    altitudeM: 0,
    covariance: [1, 0, 1],
    ellipse: { semiMajorM: 1, semiMinorM: 1, azimuthDeg: 0 },
    timeMicros,
    timeSigmaMicros: 1000,
    confidence: 1,
    sources: [1, 2, 3, 4],
    sensorKinds: ['acoustic'],
  };
}

/** A pulse at a sensor `north` metres north of 48°N, arriving at `t` µs. */
const pulse = (northM: number, timeMicros: number) => ({
  position: [37.6, 48 + northM / 110_574, 0] as const,
  timeMicros,
});

describe('OpenEvents.match', () => {
  it('picks the event whose predicted arrival at the sensor fits', () => {
    const open = new OpenEvents(settings);
    const a = open.add(event(48, 0), [1, 2, 3, 4]);
    open.add(event(48, 3_000_000), [5, 6, 7, 8]);
    // 2 km north of event a: it arrives 5.88 s after a was fired.
    expect(open.match(pulse(2000, (2000 / SPEED) * 1e6))).toBe(a);
  });

  it('finds none when the arrival misses every gate, or the sensor is out of range', () => {
    const open = new OpenEvents(settings);
    open.add(event(48, 0), [1, 2, 3, 4]);
    expect(open.match(pulse(2000, 9_000_000))).toBeUndefined();
    expect(open.match(pulse(6000, (6000 / SPEED) * 1e6))).toBeUndefined();
  });

  it('looks only at events opened after a serial when asked', () => {
    const open = new OpenEvents(settings);
    open.add(event(48, 0), [1, 2, 3, 4]);
    const serial = open.serial;
    const at = pulse(1000, (1000 / SPEED) * 1e6);
    expect(open.match(at, serial)).toBeUndefined();
    const later = open.add(event(48, 1000), [9, 10, 11, 12]);
    expect(open.match(at, serial)).toBe(later);
  });

  it('forgets events closed by time, and finds a moved event at its new place', () => {
    const open = new OpenEvents(settings);
    const e = open.add(event(48, 0), [1, 2, 3, 4]);
    const moved = open.update(e, event(48.1, 0), [1, 2, 3, 4, 5]);
    expect(open.size).toBe(1);
    expect(open.match(pulse(11_057 + 1000, (1000 / SPEED) * 1e6))).toBe(moved);
    open.close(1);
    expect(open.size).toBe(0);
    expect(
      open.match(pulse(11_057 + 1000, (1000 / SPEED) * 1e6))
    ).toBeUndefined();
  });

  it("keeps a moved event's serial, so pulses its refusion rejected are not gated to it again", () => {
    const open = new OpenEvents(settings);
    const e = open.add(event(48, 0), [1, 2, 3, 4]);
    const rejectedAfter = open.serial;
    const moved = open.update(e, event(48, 0), [1, 2, 3, 4, 5]);
    expect(moved.serial).toBe(e.serial);
    const at = pulse(1000, (1000 / SPEED) * 1e6);
    expect(open.match(at, rejectedAfter)).toBeUndefined();
    expect(open.match(at)).toBe(moved);
    const later = open.add(event(48, 1000), [9, 10, 11, 12]);
    expect(later.serial).toBeGreaterThan(rejectedAfter);
  });

  it('gates an event that knows its own speed by that speed, more tightly', () => {
    // 2 km north, at 330 m/s (a cold day): 6.06 s; the gate's 340 m/s
    // predicts 5.88 s, within its wide slack (0.3 s + 8 %) either way.
    const cold = (2000 / 330) * 1e6;
    const wide = new OpenEvents(settings);
    const a = wide.add(event(48, 0), [1, 2, 3, 4]);
    expect(wide.match(pulse(2000, cold))).toBe(a);
    expect(wide.match(pulse(2000, cold + 500_000))).toBe(a);
    // Known at 330 m/s: 0.1 s + 2 % (about 0.22 s) around 6.06 s.
    const tight = new OpenEvents(settings);
    const b = tight.add(event(48, 0), [1, 2, 3, 4], {
      speedMs: 330,
      spread: 0,
    });
    expect(tight.match(pulse(2000, cold))).toBe(b);
    expect(tight.match(pulse(2000, cold + 500_000))).toBeUndefined();
    // A move keeps the speed unless a new one is given.
    const moved = tight.update(b, event(48, 0), [1, 2, 3, 4, 5]);
    expect(moved.speed?.speedMs).toBe(330);
    const faster = { speedMs: 335, spread: 0 };
    expect(tight.update(moved, event(48, 0), [1], faster).speed).toBe(faster);
  });

  it("widens an event's tight gate by the spread of its own arrivals' speeds", () => {
    // 2 km north at 330 m/s: 6.06 s; 0.4 s late is 6.6 % of the travel.
    const late = (2000 / 330) * 1e6 + 400_000;
    const cases = [
      { spread: 0, fits: false }, // 0.1 s + 2 %: 0.22 s
      { spread: 0.01, fits: false }, // 2 × 1 % = 2 %: the floor holds
      { spread: 0.03, fits: true }, // 0.1 s + 6 %: 0.46 s
    ];
    for (const { spread, fits } of cases) {
      const open = new OpenEvents(settings);
      const e = open.add(event(48, 0), [1, 2, 3, 4], { speedMs: 330, spread });
      expect(open.match(pulse(2000, late))).toBe(fits ? e : undefined);
    }
  });

  it('passes over the events a caller excludes, and takes the next that fits', () => {
    const open = new OpenEvents(settings);
    const a = open.add(event(48, 0), [1, 2, 3, 4]);
    const b = open.add(event(48, 50_000), [5, 6, 7, 8]);
    const at = pulse(1000, (1000 / SPEED) * 1e6);
    expect(open.match(at)).toBe(a);
    expect(open.match(at, 0, (e) => e === a)).toBe(b);
    expect(open.match(at, 0, () => true)).toBeUndefined();
  });

  it('views the events added or moved since a stamp alone, as the same objects', () => {
    const open = new OpenEvents(settings);
    const old = open.add(event(48, 0), [1, 2, 3, 4]);
    const still = open.add(event(48.05, 0), [5, 6, 7, 8]);
    const stamp = open.stamp;
    expect(open.changedSince(stamp).size).toBe(0);
    const moved = open.update(old, event(48, 0), [1, 2, 3, 4, 9]);
    const added = open.add(event(48.1, 0), [10, 11, 12, 13]);
    const view = open.changedSince(stamp);
    expect(view.size).toBe(2);
    expect(view.match(pulse(1000, (1000 / SPEED) * 1e6))).toBe(moved);
    expect(view.match(pulse(11_057, 0))).toBe(added);
    expect(open.match(pulse(5530 + 1000, (1000 / SPEED) * 1e6))).toBe(still);
    expect(
      view.match(pulse(5530 + 1000, (1000 / SPEED) * 1e6))
    ).toBeUndefined();
    expect(added.stamp).toBeGreaterThan(moved.stamp);
  });

  it('lists the events with pulses attached since their last refusion', () => {
    const open = new OpenEvents(settings);
    const e = open.add(event(48, 0), [1, 2, 3, 4]);
    open.add(event(48.05, 0), [5, 6, 7, 8]);
    expect(open.touched()).toEqual([]);
    open.attach(e, 9, 7);
    open.attach(e, 10, 8);
    expect(open.touched()).toEqual([e]);
    expect(e.pending).toEqual([9, 10]);
    expect(e.pendingSince).toBe(7);
  });

  it('lists every open event once, removed and closed ones not', () => {
    const open = new OpenEvents(settings);
    const a = open.add(event(48, 0), [1, 2, 3, 4]);
    const b = open.add(event(48.05, 10e6), [5, 6, 7, 8]);
    const c = open.add(event(48.0001, 20e6), [9, 10, 11, 12]);
    expect(new Set(open.all())).toEqual(new Set([a, b, c]));
    open.remove(b);
    open.close(5e6);
    expect(open.all()).toEqual([c]);
  });
});
