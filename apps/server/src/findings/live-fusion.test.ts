import { describe, expect, it } from 'vitest';
import type { FusionSensor, Observation } from '@truce/core';
import {
  celsius,
  chordDistance,
  enuFrameAt,
  enuPoint,
  formatRfc3339Micros,
  parseAgreement,
  resolveFusionParams,
  soundSpeedFromTemperature,
  wgs84FromEnu,
  wgs84Point,
} from '@truce/core';
import {
  AGREEMENT as SCENE_AGREEMENT,
  GUN,
} from '../../test/findings-scene.js';
import { LiveFusion } from './live-fusion.js';
import { retireAfterMicros } from './live-types.js';
import type { LiveFusionSettings } from './live-types.js';
import { ObservationWindow } from './observation-window.js';
import { WeatherContext } from './weather-context.js';

// The simulator's field network (fusion's defaults): sensors kilometres
// apart, so a shot's arrivals span most of a minute.
const PARAMS = resolveFusionParams();
const SPEED = soundSpeedFromTemperature(celsius(15));
const frame = enuFrameAt(GUN);
const START_MICROS = Date.parse('2026-11-30T12:00:00Z') * 1000;

// East/north offsets, km: 3 to 18 km from the gun, all around it.
const OFFSETS = [
  [3, 0],
  [0, 6],
  [-9, 0],
  [0, -12],
  [10.6, 10.6],
  [-12.7, -12.7],
] as const;

const SENSORS: FusionSensor[] = OFFSETS.map(([e, n], i) => {
  const p = wgs84FromEnu(frame, enuPoint(e * 1000, n * 1000, 0));
  return {
    id: `acoustic-${i}`,
    kind: 'acoustic',
    position: [p.lon, p.lat, p.height],
    timingSigmaS: 0.001,
  };
});

const AGREEMENT = parseAgreement(SCENE_AGREEMENT);

/** A pulse at sensor `i`, `lateMs` after the gun's sound reaches it. */
function pulse(i: number, seq: number, lateMs = 0) {
  const [lon, lat, height] = SENSORS[i]!.position;
  const range = chordDistance(GUN, wgs84Point(lon, lat, height ?? 0));
  const timeMicros =
    START_MICROS + Math.round((range / SPEED) * 1e6) + lateMs * 1000;
  const observation: Observation = {
    sensor: SENSORS[i]!.id,
    seq,
    time: formatRfc3339Micros(timeMicros),
    kind: 'acoustic',
    // A gun's level by the field network's sonar equation (20 log r and
    // 1 dB/km): 46 dB at 3 km, 15 dB at 18 km.
    acoustic: {
      class: 'launch',
      snrDb:
        Math.round(10 * (125 - 20 * Math.log10(range) - range / 1000)) / 10,
    },
  };
  return { i, timeMicros, observation };
}

/** LiveFusion fed pulses at their arrival times, run every 0.25 s. */
function stream(
  sensors: readonly FusionSensor[] = SENSORS,
  params = PARAMS,
  settings: LiveFusionSettings = {}
) {
  const live = new LiveFusion(params, settings);
  const window = new ObservationWindow(10_000);
  const weather = new WeatherContext(params);
  let index = 0;
  let clock = START_MICROS;
  const refused: number[] = [];
  const findings: number[][] = [];
  const runUntil = (micros: number) => {
    for (; clock < micros; clock += 250_000) {
      const r = live.run({
        window,
        weather,
        judgeFromMicros: 0,
        gapsFromMicros: 0,
        nowMicros: clock,
        agreement: AGREEMENT,
        fusion: params,
      });
      refused.push(r.work.refused);
      for (const f of [...r.final, ...r.candidates]) {
        findings.push([...f.properties.sources]);
      }
    }
  };
  const feed = (p: {
    i: number;
    timeMicros: number;
    observation: Observation;
  }) => {
    runUntil(p.timeMicros);
    const i = index++;
    window.add(i, p.observation, sensors[p.i]!, 0);
    live.added(window.get(i)!);
    return i;
  };
  return { feed, runUntil, refused, findings, clock: () => clock };
}

describe('LiveFusion on a field network', () => {
  it('keeps a pulse in the pool for the time sound takes to cross the range half of all shots are heard at', () => {
    // 12 km at 50 % less 0.22 × 2.5 km: 11.44 km at 340 m/s, 33.6 s.
    expect(retireAfterMicros(PARAMS) / 1e6).toBeCloseTo(33.65, 1);
  });

  it('forms the event of a shot whose arrivals span 45 seconds', () => {
    // Arrivals at 8.8, 17.6, 26.5, 35.3, 44.1 and 53.0 s: a fixed 5 s in
    // the pool retired each one before the fourth came.
    const s = stream();
    const sources = OFFSETS.map((_, i) => s.feed(pulse(i, 0)));
    s.runUntil(START_MICROS + 180e6);
    expect(s.findings).toContainEqual(sources);
  });

  it('refuses an event with a pulse it rejected once, not again at every pool fusion', () => {
    const s = stream();
    for (const [i] of OFFSETS.entries()) s.feed(pulse(i, 0));
    s.runUntil(START_MICROS + 120e6);
    const before = s.refused.length;
    // A second pulse at the nearest sensor, 60 ms late, comes in late:
    // inside the event's gate (0.1 s + 2 %), but no fit takes it.
    s.feed(pulse(0, 1, 60));
    s.runUntil(s.clock() + 20e6);
    const after = s.refused.slice(before).reduce((a, b) => a + b, 0);
    expect(after).toBe(1);
  });
});

// A launcher's second round, 5 s after its first: with one seed sensor no
// triple of pulses is formed, so the first round is found from its pulses'
// bearings and the second, which has none, only where the pool is seeded
// from the first round's open event.
describe('LiveFusion seeding the pool from open events', () => {
  const params = resolveFusionParams({ acoustic: { maxSeedSensors: 1 } });
  // Twelve sensors 3 to 14 km from the gun, all around it.
  const ring = Array.from({ length: 12 }, (_, i) => {
    const km = 3 + i;
    const a = (2 * Math.PI * i) / 12 + 0.3;
    const east = km * 1000 * Math.sin(a);
    const north = km * 1000 * Math.cos(a);
    const p = wgs84FromEnu(frame, enuPoint(east, north, 0));
    const sensor: FusionSensor = {
      id: `ring-${i}`,
      kind: 'acoustic',
      position: [p.lon, p.lat, p.height],
      timingSigmaS: 0.001,
    };
    // From the sensor towards the gun, clockwise from north.
    const bearingDeg =
      ((Math.atan2(-east, -north) * 180) / Math.PI + 360) % 360;
    return { sensor, bearingDeg };
  });

  function round(i: number, atS: number, bearing: boolean) {
    const { sensor, bearingDeg } = ring[i]!;
    const [lon, lat, height] = sensor.position;
    const range = chordDistance(GUN, wgs84Point(lon, lat, height ?? 0));
    const timeMicros = START_MICROS + Math.round((atS + range / SPEED) * 1e6);
    const observation: Observation = {
      sensor: sensor.id,
      seq: Math.round(atS),
      time: formatRfc3339Micros(timeMicros),
      kind: 'acoustic',
      acoustic: {
        class: 'launch',
        snrDb: 40,
        ...(bearing ? { bearingDeg, bearingSigmaDeg: 1 } : {}),
      },
    };
    return { i, timeMicros, observation };
  }

  /** Whether findings rest on each round when `first` sensors hear the first. */
  function run(first: number, siteSources?: number) {
    const s = stream(
      ring.map((r) => r.sensor),
      params,
      siteSources === undefined ? {} : { siteSources }
    );
    const pulses = [
      ...ring.slice(0, first).map((_, i) => round(i, 0, true)),
      ...ring.map((_, i) => round(i, 5, false)),
    ].sort((a, b) => a.timeMicros - b.timeMicros);
    const second = new Set<number>();
    for (const p of pulses) {
      const index = s.feed(p);
      if (p.observation.acoustic!.bearingDeg === undefined) second.add(index);
    }
    s.runUntil(s.clock() + 120e6);
    const found = (f: readonly number[]) =>
      f.length >= 4 && f.every((i) => second.has(i));
    return {
      first: s.findings.some((f) => !found(f)),
      second: s.findings.some(found),
    };
  }

  it('finds the second round at the first round’s site', () => {
    expect(run(12)).toEqual({ first: true, second: true });
  });

  it('does not seed from an event on fewer than ten pulses', () => {
    expect(run(9)).toEqual({ first: true, second: false });
    expect(run(9, 9)).toEqual({ first: true, second: true });
  });
});
