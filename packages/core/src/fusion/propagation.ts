import type { ObservationOf } from '../observation/payload.js';
import { parseRfc3339Micros } from '../observation/time.js';
import type { Propagation } from './association-types.js';
import type { AcousticParams } from './params.js';
import { soundSpeedFromTemperature, windVector } from './sound-speed.js';
import { celsius, degrees, metersPerSecond } from './units.js';

/** Air conditions from a weather observation or given by the caller. */
export type FusionWeather = {
  temperatureC: number;
  humidityPct?: number | undefined;
  pressureHpa?: number | undefined;
  windSpeedMs?: number | undefined;
  windFromDeg?: number | undefined;
};

function fromWeather(w: FusionWeather, p: AcousticParams): Propagation {
  const sigma = p.weatherSpeedSigmaMs;
  const speed = soundSpeedFromTemperature(
    celsius(w.temperatureC),
    w.humidityPct,
    w.pressureHpa
  );
  const { windSpeedMs: u, windFromDeg: from } = w;
  const wind =
    u === undefined || from === undefined
      ? { east: 0, north: 0 }
      : windVector(metersPerSecond(u), degrees(from));
  // A speed without a direction (a calm report) is taken as no wind; a
  // speed U in an unknown direction has U/√2 RMS per component.
  const windSigmaMs =
    u === undefined
      ? p.unknownWindSigmaMs
      : from === undefined
        ? Math.hypot(p.weatherWindSigmaMs, u / Math.SQRT2)
        : p.weatherWindSigmaMs;
  return {
    // A station's reading is not the air along every path: the speed stays
    // an unknown, held close to the reading (fixed when sigma is 0).
    speed:
      sigma > 0
        ? { mode: 'estimate', prior: speed, priorSigma: sigma }
        : { mode: 'fixed', speed },
    windEast: wind.east,
    windNorth: wind.north,
    windSigmaMs,
  };
}

/**
 * The propagation model at each instant: the latest weather observation no
 * older than `weatherMaxAgeS`, else the caller's weather (either one gives
 * the speed within `weatherSpeedSigmaMs`), else the speed as a looser
 * unknown around the default temperature's, which the association
 * calibrates from the pulses themselves. The wind is a report's, within
 * `weatherWindSigmaMs`, or none within `unknownWindSigmaMs`.
 * Wind directions are taken as frame directions (the meridian convergence
 * over a fusion frame is a fraction of a degree).
 */
export function propagationModel(
  weather: readonly { index: number; observation: ObservationOf<'weather'> }[],
  fallback: FusionWeather | undefined,
  p: AcousticParams,
  refMicros: number
): (time: number) => Propagation {
  const reports = weather
    .map((w) => ({
      t: parseRfc3339Micros(w.observation.time),
      index: w.index,
      model: fromWeather(w.observation.weather, p),
    }))
    .sort((a, b) => a.t - b.t || a.index - b.index);
  const times = reports.map((r) => r.t);
  const base: Propagation =
    fallback !== undefined
      ? fromWeather(fallback, p)
      : {
          speed: {
            mode: 'estimate',
            prior: soundSpeedFromTemperature(celsius(p.defaultTemperatureC)),
            priorSigma: p.speedPriorSigmaMs,
          },
          windEast: 0,
          windNorth: 0,
          windSigmaMs: p.unknownWindSigmaMs,
        };
  const maxAge = p.weatherMaxAgeS * 1e6;
  return (time: number): Propagation => {
    const t = refMicros + time * 1e6;
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    const r = reports[lo - 1];
    return r !== undefined && t - r.t <= maxAge ? r.model : base;
  };
}
