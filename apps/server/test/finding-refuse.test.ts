import { describe, expect, it } from 'vitest';
import type { Finding, FusionSensor } from '@truce/core';
import {
  DEFAULT_FUSION_PARAMS,
  formatRfc3339Micros,
  parseAgreement,
  parseRfc3339Micros,
} from '@truce/core';
import {
  fuseAndJudge,
  resolveCandidates,
} from '../src/findings/finding-refuse.js';
import type { WindowObservation } from '../src/findings/observation-window.js';
import { WeatherContext } from '../src/findings/weather-context.js';
import { AGREEMENT, shotPayloads } from './findings-scene.js';
import { NOW_MS, makeSensor } from './helpers.js';

const agreement = parseAgreement(AGREEMENT);
const fusionParams = DEFAULT_FUSION_PARAMS;

/** The pulses of shots as the window holds them, indexed from `first`. */
function windowed(
  pulses: ReturnType<typeof shotPayloads>,
  first: number
): WindowObservation[] {
  return pulses.map(({ sensor, payload }, i) => ({
    index: first + i,
    observation: payload,
    sensor: sensor.record as FusionSensor,
    timeMicros: parseRfc3339Micros(payload.time),
  }));
}

describe('resolveCandidates', () => {
  // A proposal resting on one shot's six pulses and a stray pulse heard 40 s
  // later by a sensor 30 km away: its rerun keeps the shot and leaves the
  // stray out, but the stray moves the frame's origin (the sensors' mean),
  // so the shot's ellipse differs in its last digits from its own file's.
  const shot = windowed(shotPayloads(-30_000, 0), 1);
  const far = makeSensor('acoustic-far', {
    position: [38, 48.3, 100],
    timingSigmaS: 0.001,
  });
  const strayMicros = (NOW_MS + 10_000) * 1000;
  const stray: WindowObservation = {
    index: 7,
    observation: {
      sensor: far.record.id,
      seq: 0,
      time: formatRfc3339Micros(strayMicros),
      kind: 'acoustic',
      acoustic: { class: 'launch', snrDb: 25 },
    },
    sensor: far.record,
    timeMicros: strayMicros,
  };
  const byIndex = new Map([...shot, stray].map((o) => [o.index, o]));
  const source = {
    observation: (index: number) => byIndex.get(index),
    weather: new WeatherContext(fusionParams),
    fusionParams,
  };
  const own = fuseAndJudge(shot, { agreement }).findings;

  it('logs the subset a proposal reruns to as its own sources give it', () => {
    expect(own).toHaveLength(1);
    const proposal: Finding = {
      ...own[0]!,
      properties: {
        ...own[0]!.properties,
        id: 'proposed',
        sources: [...own[0]!.properties.sources, 7],
      },
    };
    const { found, refused, failed } = resolveCandidates(
      [proposal],
      source,
      { agreement },
      () => false
    );
    expect(failed).toEqual([]);
    expect(refused).toEqual(['proposed']);
    expect([...found.values()]).toEqual(own);
    // Not what the proposal's own rerun made of the shot.
    const wide = fuseAndJudge([...shot, stray], { agreement }).findings;
    expect(wide.map((f) => f.properties.id)).toEqual([own[0]!.properties.id]);
    expect(wide).not.toEqual(own);
  });

  it('skips a proposal whose sources left the window, and one settled', () => {
    const gone: Finding = {
      ...own[0]!,
      properties: { ...own[0]!.properties, id: 'gone', sources: [1, 99] },
    };
    const { found, refused } = resolveCandidates(
      [gone, own[0]!],
      source,
      { agreement },
      (id) => id === own[0]!.properties.id
    );
    expect(refused).toEqual([]);
    expect(found.size).toBe(0);
  });
});
