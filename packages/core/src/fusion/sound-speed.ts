import {
  celsius,
  metersPerSecond,
  radiansFromDegrees,
  type Celsius,
  type Degrees,
  type MetersPerSecond,
} from './units.js';

/** Speed of sound in dry air at 0 °C, m/s. */
export const SOUND_SPEED_0C = 331.3;
const KELVIN_0C = 273.15;
const STANDARD_PRESSURE_HPA = 1013.25;

/** Saturation vapour pressure over water, hPa (Magnus form, Alduchov & Eskridge 1996). */
function saturationVapourHpa(t: number): number {
  return 6.1094 * Math.exp((17.625 * t) / (t + 243.04));
}

/*
 * Humid air is lighter (water 18.02 g/mol vs dry air 28.97 g/mol) and has a
 * lower heat-capacity ratio; c² ∝ γ/M. Heat capacities: dry air as a diatomic
 * gas (cv = 5/2 R), water vapour as a non-linear triatomic one (cv = 3 R).
 */
function humidityFactor(
  t: number,
  humidityPct: number,
  pressureHpa: number
): number {
  const x = ((humidityPct / 100) * saturationVapourHpa(t)) / pressureHpa;
  const molarRatio = 28.97 / (28.97 * (1 - x) + 18.02 * x);
  const cv = 2.5 + 0.5 * x;
  const gammaRatio = (cv + 1) / cv / 1.4;
  return Math.sqrt(molarRatio * gammaRatio);
}

/**
 * Speed of sound from air temperature, c = 331.3·√(1 + T/273.15) m/s, and,
 * where given, relative humidity (about +1.3 m/s at 20 °C and 100 %).
 * @example soundSpeedFromTemperature(celsius(20)) // ≈ 343.2
 */
export function soundSpeedFromTemperature(
  temperature: Celsius,
  humidityPct?: number,
  pressureHpa: number = STANDARD_PRESSURE_HPA
): MetersPerSecond {
  const dry = SOUND_SPEED_0C * Math.sqrt(1 + temperature / KELVIN_0C);
  if (humidityPct === undefined) return metersPerSecond(dry);
  return metersPerSecond(
    dry * humidityFactor(temperature, humidityPct, pressureHpa)
  );
}

/** The dry-air temperature at which sound travels at `c` (inverse of the above). */
export function temperatureFromSoundSpeed(c: MetersPerSecond): Celsius {
  return celsius(KELVIN_0C * ((c / SOUND_SPEED_0C) ** 2 - 1));
}

/** Horizontal wind as a vector, m/s, from meteorological speed and "from" direction. */
export type WindVector = { readonly east: number; readonly north: number };

/** The wind vector for a wind of `speed` blowing from `fromDeg` (clockwise from north). */
export function windVector(
  speed: MetersPerSecond,
  fromDeg: Degrees
): WindVector {
  const from = radiansFromDegrees(fromDeg);
  return { east: -speed * Math.sin(from), north: -speed * Math.cos(from) };
}

/**
 * The wind's component along a sound path of azimuth `pathDeg` (source to
 * sensor): positive when the wind carries the sound faster.
 */
export function windAlongPath(
  speed: MetersPerSecond,
  fromDeg: Degrees,
  pathDeg: Degrees
): MetersPerSecond {
  const w = windVector(speed, fromDeg);
  const path = radiansFromDegrees(pathDeg);
  return metersPerSecond(w.east * Math.sin(path) + w.north * Math.cos(path));
}
