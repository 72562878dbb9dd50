// Levels and the sonar equation (LevelModel): who should have heard a
// source, and whether a group's pulses agree on how loud it was.
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import type { Observation } from '../observation/payload.js';
import { formatRfc3339Micros } from '../observation/time.js';
import {
  levelDetectionProbability,
  transmissionLossDb,
  type LevelModel,
} from './detection-model.js';
import {
  fuseObservations,
  type FusionObservation,
  type FusionSensor,
} from './fuse.js';
import { enuFrameAt, enuFromWgs84, wgs84FromEnu } from './geodesy.js';
import { DEFAULT_FUSION_PARAMS, resolveFusionParams } from './params.js';
import { soundSpeedFromTemperature } from './sound-speed.js';
import { celsius, enuPoint, wgs84Point } from './units.js';

const MODEL: LevelModel = {
  thresholdDb: 10,
  fadingSigmaDb: 4,
  lossDbPerKm: 1,
  clutterSpanDb: 40,
};
const DETECTION = DEFAULT_FUSION_PARAMS.acoustic.detection;

describe('transmissionLossDb', () => {
  it.each([
    ['at 1 m', 1, 0.001],
    ['below 1 m, as at 1 m', 0.2, 0.001],
    ['at 1 km: 60 dB of spreading and 1 of excess', 1000, 61],
    ['at 10 km', 10_000, 90],
  ])('%s', (_, rangeM, db) => {
    expect(transmissionLossDb(MODEL, rangeM)).toBeCloseTo(db, 9);
  });
});

describe('levelDetectionProbability', () => {
  it.each([
    ['half of pDetectMax with no margin over the threshold', 71, 0.5],
    ['nearly all of it 3 σ over', 83, 0.99865],
    ['nearly none 3 σ under', 59, 0.00135],
  ])('%s', (_, levelDb, share) => {
    // At 1 km the loss is 61 dB, so 71 dB at 1 m is exactly the threshold.
    expect(
      levelDetectionProbability(DETECTION, MODEL, levelDb, 1000)
    ).toBeCloseTo(DETECTION.pDetectMax * share, 4);
  });
});

describe('resolveFusionParams with levels', () => {
  it('takes null for range alone and keeps it', () => {
    expect(
      resolveFusionParams({ acoustic: { levels: null } }).acoustic.levels
    ).toBe(null);
  });

  it.each([
    ['no fading', { ...MODEL, fadingSigmaDb: 0 }],
    ['a negative excess loss', { ...MODEL, lossDbPerKm: -1 }],
    ['no clutter span', { ...MODEL, clutterSpanDb: 0 }],
    ['a threshold that is no number', { ...MODEL, thresholdDb: Number.NaN }],
    ['a model missing fields', { thresholdDb: 10 } as LevelModel],
  ])('throws FUSION_PARAMS_INVALID for %s', (_, levels) => {
    expect(() => resolveFusionParams({ acoustic: { levels } })).toThrowWithCode(
      CoreError,
      'FUSION_PARAMS_INVALID'
    );
  });
});

// Five sensors 3-8 km around a gun, heard by all: SNRs either as the
// sonar equation gives them for one source 100 dB over the noise at 1 m,
// or 12 dB off every other one (pulses that no single source explains).
// With many more pulses timing alone would carry the group whatever its
// levels, as it should: then they are one source on miscalibrated sensors.
const ORIGIN = wgs84Point(37.6, 48.0, 150);
const FRAME = enuFrameAt(ORIGIN);
const T0 = 1_780_000_000_000_000;
const TEMPERATURE_C = 14;
const SPEED = soundSpeedFromTemperature(celsius(TEMPERATURE_C));
const RING = [3000, 4500, 6000, 7500, 8000];
const SENSORS: FusionSensor[] = RING.map((r, i) => {
  const a = (2 * Math.PI * i) / 8;
  const w = wgs84FromEnu(FRAME, enuPoint(r * Math.cos(a), r * Math.sin(a), 0));
  return {
    id: `ac-${i}`,
    kind: 'acoustic',
    position: [w.lon, w.lat, w.height],
    timingSigmaS: 0.001,
  };
});

function pulses(
  offsetDb: (i: number) => number,
  classOf: (i: number) => string = () => 'launch'
): FusionObservation[] {
  return SENSORS.map((sensor, i) => {
    const p = sensor.position;
    const q = enuFromWgs84(FRAME, wgs84Point(p[0], p[1], p[2]));
    const d = Math.hypot(q.east, q.north, q.up);
    const observation: Observation = {
      sensor: sensor.id,
      seq: 0,
      time: formatRfc3339Micros(T0 + Math.round((d / SPEED) * 1e6)),
      kind: 'acoustic',
      acoustic: {
        class: classOf(i) as 'launch',
        snrDb: 100 - transmissionLossDb(MODEL, d) + offsetDb(i),
      },
    };
    return { index: i, observation, sensor };
  });
}

const fuse = (observations: FusionObservation[], levels = true) =>
  fuseObservations({
    observations,
    weather: { temperatureC: TEMPERATURE_C },
    ...(levels ? {} : { params: { acoustic: { levels: null } } }),
  });

describe('a group scored with levels (the defaults)', () => {
  it('is one source when its pulses agree on its level', () => {
    const { events } = fuse(pulses(() => 0));
    expect(events).toHaveLength(1);
    expect(events[0]!.sources).toEqual([0, 1, 2, 3, 4]);
  });

  it('is no source when they disagree by 12 dB every other pulse', () => {
    const { events, unassociated } = fuse(pulses((i) => (i % 2 ? 12 : -12)));
    expect(events).toEqual([]);
    expect(unassociated).toHaveLength(5);
  });

  it('is one source again by range alone (levels null)', () => {
    const { events } = fuse(
      pulses((i) => (i % 2 ? 12 : -12)),
      false
    );
    expect(events).toHaveLength(1);
  });
});

// The five pulses' classes, in sensor order, and the kind of their event:
// the sum of each class's launch-vs-impact log-odds (launch and small arms
// 3.2, explosion -0.7, impact -2.6, unknown 0) decides, ≥ 0 a fire. A
// launch call outweighs four explosion calls, not three impact calls.
describe("an acoustic event's kind by its pulses' classes", () => {
  it.each([
    [['launch', 'launch', 'launch', 'unknown', 'unknown'], 'fire'],
    [['impact', 'impact', 'impact', 'launch', 'launch'], 'impact'],
    [['explosion', 'explosion', 'impact', 'launch', 'launch'], 'fire'],
    [['explosion', 'explosion', 'explosion', 'explosion', 'launch'], 'fire'],
    [
      ['explosion', 'explosion', 'explosion', 'explosion', 'explosion'],
      'impact',
    ],
    [['impact', 'impact', 'launch', 'unknown', 'unknown'], 'impact'],
    [['explosion', 'unknown', 'unknown', 'unknown', 'unknown'], 'impact'],
    [['unknown', 'unknown', 'unknown', 'unknown', 'unknown'], 'fire'],
    [['small_arms', 'explosion', 'unknown', 'unknown', 'unknown'], 'fire'],
  ])('%j: %s', (classes, kind) => {
    const { events } = fuse(
      pulses(
        () => 0,
        (i) => classes[i]!
      )
    );
    expect(events.map((e) => e.kind)).toEqual([kind]);
  });
});

describe('resolveFusionParams with keys it does not know', () => {
  it.each([
    ['a misspelt group', { acoustc: { maxRangeM: 5000 } }, 'acoustc'],
    [
      'a misspelt parameter',
      { acoustic: { maxRange: 5000 } },
      'acoustic.maxRange',
    ],
    [
      'a misspelt level field',
      { acoustic: { levels: { ...MODEL, treshold: 1 } } },
      'acoustic.levels.treshold',
    ],
    [
      'a class no classifier reports',
      { acoustic: { classLaunchLogOdds: { bang: 1 } } },
      'acoustic.classLaunchLogOdds.bang',
    ],
  ])('throws FUSION_PARAMS_INVALID naming %s', (_, options, key) => {
    expect(() => resolveFusionParams(options as never)).toThrow(
      new RegExp(`${key.replaceAll('.', '\\.')} is not a fusion parameter`)
    );
  });

  // As an operator's --fusion-params file gives them (JSON, untyped).
  it('fills in the class weights not given', () => {
    const a = resolveFusionParams({
      acoustic: { classLaunchLogOdds: { explosion: -3 } },
    } as never).acoustic;
    expect(a.classLaunchLogOdds).toEqual({
      ...DEFAULT_FUSION_PARAMS.acoustic.classLaunchLogOdds,
      explosion: -3,
    });
  });

  it('takes the frame origin', () => {
    expect(resolveFusionParams({ origin: [37, 48] }).origin).toEqual([37, 48]);
  });

  it.each([
    ['options that are a list', []],
    ['a group that is a number', { acoustic: 5 }],
    ['a group that is null', { candidates: null }],
    [
      'a class weight that is not a number',
      { acoustic: { classLaunchLogOdds: { launch: Number.NaN } } },
    ],
  ])('throws FUSION_PARAMS_INVALID for %s', (_, options) => {
    expect(() => resolveFusionParams(options as never)).toThrowWithCode(
      CoreError,
      'FUSION_PARAMS_INVALID'
    );
  });
});
