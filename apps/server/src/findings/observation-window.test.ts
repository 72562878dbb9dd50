import { describe, expect, it } from 'vitest';
import type { FusionSensor, Observation } from '@truce/core';
import { formatRfc3339Micros } from '@truce/core';
import { ObservationWindow } from './observation-window.js';

const sensor: FusionSensor = {
  id: 'acoustic-001',
  kind: 'acoustic',
  position: [37.6, 48, 180],
};

function at(seconds: number): Observation {
  return {
    sensor: sensor.id,
    seq: seconds,
    time: formatRfc3339Micros(seconds * 1e6),
    kind: 'heartbeat',
    heartbeat: { status: 'ok' },
  };
}

const indexes = (w: ObservationWindow) => w.observations().map((o) => o.index);

describe('ObservationWindow', () => {
  it('refuses what is older than the start and evicts by time', () => {
    const w = new ObservationWindow(100);
    expect(w.add(0, at(5), sensor, 10e6)).toBe(false);
    for (const [i, s] of [12, 20, 30].entries())
      w.add(i + 1, at(s), sensor, 10e6);
    expect(w.evict(21e6)).toBe(21e6);
    expect(indexes(w)).toEqual([3]);
  });

  it('keeps one copy per log index', () => {
    const w = new ObservationWindow(100);
    expect(w.add(7, at(12), sensor, 0)).toBe(true);
    expect(w.add(7, at(12), sensor, 0)).toBe(false);
    expect(w.size).toBe(1);
  });

  it('drops the oldest over the cap and moves its start past them', () => {
    const w = new ObservationWindow(2);
    w.add(1, at(40), sensor, 0);
    w.add(2, at(10), sensor, 0);
    w.add(3, at(30), sensor, 0);
    expect(w.evict(0)).toBe(10e6 + 1);
    expect(indexes(w)).toEqual([1, 3]);
    // The start never moves back: a late observation before it stays out.
    expect(w.add(4, at(5), sensor, 0)).toBe(false);
  });
});
