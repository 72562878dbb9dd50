import { describe, expect, it } from 'vitest';
import type { FusionSensor, Observation } from '@truce/core';
import { DEFAULT_FUSION_PARAMS } from '@truce/core';
import type { WindowObservation } from './observation-window.js';
import { WeatherContext } from './weather-context.js';

const HOUR = 3600e6;
const sensor: FusionSensor = {
  id: 'met-1',
  kind: 'acoustic',
  position: [37.6, 48, 150],
};

function report(index: number, timeMicros: number): WindowObservation {
  const observation: Observation = {
    sensor: 'met-1',
    seq: index,
    time: new Date(timeMicros / 1000).toISOString(),
    kind: 'weather',
    weather: { temperatureC: 10 },
  };
  return { index, observation, sensor, timeMicros };
}

describe('WeatherContext', () => {
  const t0 = Date.UTC(2026, 11, 1) * 1000;
  const context = new WeatherContext(DEFAULT_FUSION_PARAMS);
  for (const [index, at] of [
    [1, t0 - 4 * HOUR],
    [2, t0 - 2 * HOUR],
    [3, t0],
    [4, t0 + 10e6],
    [50, t0 + 20e6],
  ] as const) {
    context.add(report(index, at));
  }
  const indexes = (list: WindowObservation[]) => list.map((o) => o.index);

  it('holds the reports from weatherMaxAgeS (3 h) before the earliest source to the latest', () => {
    const got = context.contextOf(
      [t0 + 1e6, t0 + 12e6],
      new Set(),
      100,
      DEFAULT_FUSION_PARAMS
    );
    expect(indexes(got)).toEqual([2, 3, 4]);
  });

  it('leaves out reports logged at or after the finding and the sources themselves', () => {
    const got = context.contextOf(
      [t0, t0 + 30e6],
      new Set([3]),
      50,
      DEFAULT_FUSION_PARAMS
    );
    expect(indexes(got)).toEqual([2, 4]);
  });

  it('forgets reports too old for any event after the window start', () => {
    const evicting = new WeatherContext(DEFAULT_FUSION_PARAMS);
    evicting.add(report(1, t0 - 4 * HOUR));
    evicting.add(report(2, t0 - 2 * HOUR));
    evicting.evict(t0);
    expect(evicting.size).toBe(1);
  });
});
