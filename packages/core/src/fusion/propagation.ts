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

function fromWeather(w: FusionWeather, sigma: number): Propagation {
  const speed = soundSpeedFromTemperature(
    celsius(w.temperatureC),
    w.humidityPct,
    w.pressureHpa
  );
  const wind =
    w.windSpeedMs === undefined || w.windFromDeg === undefined
      ? { east: 0, north: 0 }
      : windVector(metersPerSecond(w.windSpeedMs), degrees(w.windFromDeg));
  return {
    // A station's reading is not the air along every path: the speed stays
    // an unknown, held close to the reading (fixed when sigma is 0).
    speed:
      sigma > 0
        ? { mode: 'estimate', prior: speed, priorSigma: sigma }
        : { mode: 'fixed', speed },
    windEast: wind.east,
    windNorth: wind.north,
  };
}

/**
 * The propagation model at each instant: the latest weather observation no
 * older than `weatherMaxAgeS`, else the caller's weather (either one gives
 * the speed within `weatherSpeedSigmaMs`), else the speed as a looser
 * unknown around the default temperature's, which the association
 * calibrates from the pulses themselves.
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
      model: fromWeather(w.observation.weather, p.weatherSpeedSigmaMs),
    }))
    .sort((a, b) => a.t - b.t || a.index - b.index);
  const times = reports.map((r) => r.t);
  const base: Propagation =
    fallback !== undefined
      ? fromWeather(fallback, p.weatherSpeedSigmaMs)
      : {
          speed: {
            mode: 'estimate',
            prior: soundSpeedFromTemperature(celsius(p.defaultTemperatureC)),
            priorSigma: p.speedPriorSigmaMs,
          },
          windEast: 0,
          windNorth: 0,
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
