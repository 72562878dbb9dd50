import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import type { ObservationOf } from '../observation/payload.js';
import { parseRfc3339Micros } from '../observation/time.js';
import {
  DEFAULT_FUSION_PARAMS,
  resolveFusionParams,
  type AcousticParams,
} from './params.js';
import { propagationModel } from './propagation.js';
import { soundSpeedFromTemperature } from './sound-speed.js';
import { celsius } from './units.js';

const p: AcousticParams = {
  ...DEFAULT_FUSION_PARAMS.acoustic,
  weatherMaxAgeS: 3600,
  weatherSpeedSigmaMs: 1,
  speedPriorSigmaMs: 10,
  defaultTemperatureC: 15,
  weatherWindSigmaMs: 0.5,
  unknownWindSigmaMs: 3,
};
const REF = '2026-08-23T00:00:00Z';
const ref = parseRfc3339Micros(REF);

function report(
  index: number,
  time: string,
  weather: ObservationOf<'weather'>['weather']
): { index: number; observation: ObservationOf<'weather'> } {
  return {
    index,
    observation: {
      sensor: 'met-1',
      seq: index,
      time,
      kind: 'weather',
      weather,
    },
  };
}

const speedAt = (t: number) => soundSpeedFromTemperature(celsius(t));

describe('propagationModel', () => {
  it('without weather, leaves the speed a loose unknown at the default temperature, with no wind', () => {
    const at = propagationModel([], undefined, p, ref);
    expect(at(0)).toEqual({
      speed: { mode: 'estimate', prior: speedAt(15), priorSigma: 10 },
      windEast: 0,
      windNorth: 0,
      windSigmaMs: 3,
    });
  });

  it("takes the caller's weather within weatherSpeedSigmaMs, wind blowing from where it is reported to come", () => {
    const at = propagationModel(
      [],
      { temperatureC: 20, windSpeedMs: 10, windFromDeg: 270 },
      p,
      ref
    );
    const w = at(100);
    expect(w.speed).toEqual({
      mode: 'estimate',
      prior: speedAt(20),
      priorSigma: 1,
    });
    // A west wind blows toward the east.
    expect(w.windEast).toBeCloseTo(10, 12);
    expect(w.windNorth).toBeCloseTo(0, 12);
  });

  it('holds the speed fixed when weatherSpeedSigmaMs is 0', () => {
    const at = propagationModel(
      [],
      { temperatureC: 0 },
      { ...p, weatherSpeedSigmaMs: 0 },
      ref
    );
    expect(at(0).speed).toEqual({ mode: 'fixed', speed: speedAt(0) });
  });

  it('uses the latest report at or before each instant while it is fresh', () => {
    const at = propagationModel(
      // Out of order on purpose: reports are sorted by time.
      [
        report(2, '2026-08-23T00:30:00Z', { temperatureC: 30 }),
        report(1, '2026-08-23T00:10:00Z', { temperatureC: 10 }),
      ],
      { temperatureC: 20 },
      p,
      ref
    );
    const prior = (t: number) => {
      const s = at(t).speed;
      return s.mode === 'estimate' ? s.prior : NaN;
    };
    expect(prior(0)).toBe(speedAt(20)); // before any report: the fallback
    expect(prior(600)).toBe(speedAt(10)); // at the first report
    expect(prior(1799)).toBe(speedAt(10));
    expect(prior(1800)).toBe(speedAt(30));
    expect(prior(1800 + 3600)).toBe(speedAt(30)); // exactly weatherMaxAgeS old
    expect(prior(1800 + 3601)).toBe(speedAt(20)); // stale: the fallback again
  });

  it('falls back to the loose default once the only report is stale and no weather was given', () => {
    const at = propagationModel(
      [report(1, REF, { temperatureC: 25 })],
      undefined,
      p,
      ref
    );
    expect(at(10).speed).toEqual({
      mode: 'estimate',
      prior: speedAt(25),
      priorSigma: 1,
    });
    expect(at(3601).speed).toEqual({
      mode: 'estimate',
      prior: speedAt(15),
      priorSigma: 10,
    });
  });

  it.each([
    ['a reported wind', { windSpeedMs: 4, windFromDeg: 90 }, 0.5],
    // 2 m/s from anywhere: √(0.5² + 2²/2) per component.
    ['a speed without a direction', { windSpeedMs: 2 }, Math.sqrt(2.25)],
    ['a calm report', { windSpeedMs: 0 }, 0.5],
    ['a report without wind', {}, 3],
  ])('gives the wind of %s within its 1σ', (_, wind, sigma) => {
    const at = propagationModel(
      [report(1, REF, { temperatureC: 20, ...wind })],
      undefined,
      p,
      ref
    );
    expect(at(0).windSigmaMs).toBeCloseTo(sigma, 12);
    expect(at(3601).windSigmaMs).toBe(3); // stale: no wind, unknown
  });
});

describe('resolveFusionParams with wind σ', () => {
  it('defaults to a report within 0.6 m/s and no report within 3 m/s', () => {
    const a = resolveFusionParams({}).acoustic;
    expect([a.weatherWindSigmaMs, a.unknownWindSigmaMs]).toEqual([0.6, 3]);
  });

  it.each([
    ['weatherWindSigmaMs', 0, true],
    ['unknownWindSigmaMs', 0, true],
    ['weatherWindSigmaMs', -0.1, false],
    ['unknownWindSigmaMs', -1, false],
    ['weatherWindSigmaMs', Number.NaN, false],
    ['unknownWindSigmaMs', Number.POSITIVE_INFINITY, false],
    ['windCalibrationSigmaMs', 0, true],
    ['windCalibrationSigmaMs', -0.1, false],
    ['windCalibrationMinMembers', 0, true],
    ['windCalibrationMinMembers', 8, true],
    ['windCalibrationMinMembers', 2.5, false],
    ['windCalibrationMinMembers', -1, false],
    ['windCalibrationSteps', 1, true],
    ['windCalibrationSteps', 0, false],
    ['windCalibrationSteps', 1.5, false],
    ['regroupMaxPulses', 0, true],
    ['regroupMaxPulses', 120, true],
    ['regroupMaxPulses', -1, false],
    ['regroupMaxPulses', 2.5, false],
    ['windCalibrationWindowS', 60, true],
    ['windCalibrationWindowS', 0, false],
    ['groupWindSigmaScale', 0, true],
    ['groupWindSigmaScale', 1, true],
    ['groupWindSigmaScale', -0.5, false],
    ['groupWindSigmaScale', Number.NaN, false],
    ['groupWindMaxSigmaMs', 0, true],
    ['groupWindMaxSigmaMs', -1, false],
  ] as const)('%s = %s is valid: %s', (key, value, valid) => {
    const resolve = () => resolveFusionParams({ acoustic: { [key]: value } });
    if (valid) expect(resolve().acoustic[key]).toBe(value);
    else expect(resolve).toThrowWithCode(CoreError, 'FUSION_PARAMS_INVALID');
  });
});
