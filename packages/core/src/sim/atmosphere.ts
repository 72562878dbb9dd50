import { formatRfc3339Micros } from '../observation/time.js';
import { normalizeDeg } from './world.js';
import type { Random } from './random.js';

const KELVIN_0C = 273.15;

export type AbsorptionInput = {
  frequencyHz: number;
  temperatureC: number;
  humidityPct: number;
  pressureHpa: number;
};

// ISO 9613-1:1993 §6: reference pressure, reference temperature and the
// triple-point isotherm temperature.
const ISO9613_PR_KPA = 101.325;
const ISO9613_T0_K = 293.15;
const ISO9613_T01_K = 273.16;

/**
 * Pure-tone atmospheric absorption coefficient, dB per metre
 * (ISO 9613-1:1993, equations 3 to 5 and annex B for the vapour pressure).
 */
export function absorptionDbPerM(input: AbsorptionInput): number {
  const f = input.frequencyHz;
  const t = input.temperatureC + KELVIN_0C;
  const pa = input.pressureHpa / 10 / ISO9613_PR_KPA;
  const tr = t / ISO9613_T0_K;
  const c = -6.8346 * Math.pow(ISO9613_T01_K / t, 1.261) + 4.6151;
  const h = (input.humidityPct * Math.pow(10, c)) / pa;
  const frO = pa * (24 + (4.04e4 * h * (0.02 + h)) / (0.391 + h));
  const frN =
    pa *
    Math.pow(tr, -0.5) *
    (9 + 280 * h * Math.exp(-4.17 * (Math.pow(tr, -1 / 3) - 1)));
  return (
    8.686 *
    f *
    f *
    (1.84e-11 * (1 / pa) * Math.sqrt(tr) +
      Math.pow(tr, -2.5) *
        ((0.01275 * Math.exp(-2239.1 / t)) / (frO + (f * f) / frO) +
          (0.1068 * Math.exp(-3352.0 / t)) / (frN + (f * f) / frN)))
  );
}

/** The air over the sector at one moment. */
export type WeatherState = {
  temperatureC: number;
  humidityPct: number;
  pressureHpa: number;
  windSpeedMs: number;
  /** Where the wind blows from, degrees clockwise from north. */
  windFromDeg: number;
};

/** Weather over the sector, one value for every place, smooth in time. */
export type WeatherModel = {
  at(timeMicros: number): WeatherState;
};

// Rounded monthly mean air temperatures for Donetsk (public 1991–2020
// climate normals), and half the typical day–night range; they only set a
// plausible season and daily swing.
const MONTHLY_MEAN_C = [-4, -3, 1, 9, 16, 20, 22, 21, 15, 9, 2, -2];
const DIURNAL_HALF_RANGE_C = [3, 3.5, 4, 5, 5.5, 5.5, 6, 6, 5.5, 4.5, 3, 3];

const GRID_S = 600;
const HOUR_S = 3600;
const MICROS = 1_000_000;

/** One step of an Ornstein–Uhlenbeck process sampled every `dt` seconds. */
function ouStep(
  random: Random,
  x: number,
  dt: number,
  tauS: number,
  sd: number
): number {
  const a = Math.exp(-dt / tauS);
  return x * a + sd * Math.sqrt(1 - a * a) * random.normal();
}

/**
 * Weather from the season at `startMicros`: temperature peaking mid-
 * afternoon local solar time plus a slow random drift (σ 1.5 °C, 6 h),
 * humidity falling as it warms, pressure for the altitude, and (with
 * `wind`) a wind of 1–5 m/s mean whose speed and direction wander.
 */
export function createWeather(
  random: Random,
  options: {
    startMicros: number;
    durationS: number;
    lonDeg: number;
    altitudeM: number;
    wind: boolean;
  }
): WeatherModel {
  const month = Number(formatRfc3339Micros(options.startMicros).slice(5, 7));
  const mean = MONTHLY_MEAN_C[month - 1]!;
  const halfRange = DIURNAL_HALF_RANGE_C[month - 1]!;
  const steps = Math.ceil(options.durationS / GRID_S) + 2;
  const windMean = options.wind ? random.uniform(1, 5) : 0;
  const prevailing = random.uniform(0, 360);
  const seaLevelHpa = random.normal(1013, 6);
  // Barometric scale height of about 8.4 km.
  const pressureFactor = Math.exp(-options.altitudeM / 8434);
  let drift = random.normal(0, 1.5);
  let rh = random.normal(0, 5);
  let pressure = 0;
  let speed = random.normal(0, 1);
  let direction = random.normal(0, 30);
  const grid: { u: number; v: number; t: number; rh: number; p: number }[] = [];
  for (let k = 0; k < steps; k++) {
    const micros = options.startMicros + k * GRID_S * MICROS;
    const utcHours = (((micros / MICROS) % 86_400) + 86_400) % 86_400;
    const solarHour = utcHours / HOUR_S + options.lonDeg / 15;
    const t =
      mean +
      halfRange * Math.cos((2 * Math.PI * (solarHour - 15)) / 24) +
      drift;
    const windSpeed = options.wind ? Math.max(0, windMean + speed) : 0;
    const from = (prevailing + direction) * (Math.PI / 180);
    grid.push({
      t,
      rh: Math.min(100, Math.max(20, 70 - 2.5 * (t - mean) + rh)),
      p: (seaLevelHpa + pressure) * pressureFactor,
      // Components of the vector the wind blows from, so that speed and
      // direction interpolate together.
      u: windSpeed * Math.sin(from),
      v: windSpeed * Math.cos(from),
    });
    drift = ouStep(random, drift, GRID_S, 6 * HOUR_S, 1.5);
    rh = ouStep(random, rh, GRID_S, 4 * HOUR_S, 5);
    pressure = ouStep(random, pressure, GRID_S, 12 * HOUR_S, 2);
    speed = ouStep(random, speed, GRID_S, 2 * HOUR_S, 1.5);
    direction = ouStep(random, direction, GRID_S, 4 * HOUR_S, 30);
  }
  return {
    at(timeMicros) {
      const x = (timeMicros - options.startMicros) / (GRID_S * MICROS);
      const k = Math.min(Math.max(Math.floor(x), 0), steps - 2);
      const w = Math.min(Math.max(x - k, 0), 1);
      const a = grid[k]!;
      const b = grid[k + 1]!;
      const mix = (p: number, q: number) => p + (q - p) * w;
      const u = mix(a.u, b.u);
      const v = mix(a.v, b.v);
      return {
        temperatureC: mix(a.t, b.t),
        humidityPct: mix(a.rh, b.rh),
        pressureHpa: mix(a.p, b.p),
        windSpeedMs: Math.hypot(u, v),
        windFromDeg: normalizeDeg((Math.atan2(u, v) * 180) / Math.PI),
      };
    },
  };
}
