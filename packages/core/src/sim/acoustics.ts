import type { WeaponClass } from '../observation/weapon-class.js';
import { absorptionDbPerM } from './atmosphere.js';
import type { WeatherState } from './atmosphere.js';

/** What makes the sound: a weapon firing, or its round arriving. */
export type AcousticPhase = 'launch' | 'impact';

/**
 * A source's band level (dB re 20 µPa at 1 m in the detector's band) and
 * the frequency whose absorption stands for the band.
 */
export type SourceModel = { levelDb: number; frequencyHz: number };

/*
 * Band levels are set so that, with 45 dB ambient noise, a 10 dB detection
 * threshold and the losses below, half of the pulses are heard at about the
 * ranges published for acoustic weapon locating and gunshot detection:
 * small arms 1–2 km (gunshot-location networks), mortars ~8 km, tank guns
 * ~10 km, artillery and rockets ~15–20 km (sound-ranging systems such as
 * the UK's HALO), impacts of heavy rounds similar to their launches. Blast
 * energy sits low (tens of Hz for artillery, ~1 kHz for small arms), which
 * is why absorption barely matters for guns and dominates for rifles.
 */
export const SOURCE_MODELS: Readonly<
  Record<WeaponClass, Readonly<Record<AcousticPhase, SourceModel>>>
> = {
  small_arms: {
    launch: { levelDb: 131, frequencyHz: 1000 },
    impact: { levelDb: 100, frequencyHz: 2000 },
  },
  mortar: {
    launch: { levelDb: 146, frequencyHz: 125 },
    impact: { levelDb: 150, frequencyHz: 125 },
  },
  tank: {
    launch: { levelDb: 150, frequencyHz: 80 },
    impact: { levelDb: 145, frequencyHz: 125 },
  },
  artillery: {
    launch: { levelDb: 158, frequencyHz: 63 },
    impact: { levelDb: 156, frequencyHz: 80 },
  },
  mlrs: {
    launch: { levelDb: 156, frequencyHz: 63 },
    impact: { levelDb: 155, frequencyHz: 80 },
  },
  heavy_mlrs: {
    launch: { levelDb: 162, frequencyHz: 50 },
    impact: { levelDb: 160, frequencyHz: 63 },
  },
  missile: {
    launch: { levelDb: 162, frequencyHz: 50 },
    impact: { levelDb: 165, frequencyHz: 63 },
  },
  drone: {
    launch: { levelDb: 110, frequencyHz: 250 },
    impact: { levelDb: 145, frequencyHz: 125 },
  },
  other: {
    launch: { levelDb: 145, frequencyHz: 125 },
    impact: { levelDb: 145, frequencyHz: 125 },
  },
};

/**
 * Loss besides spreading and absorption: ground, terrain screening,
 * refraction and turbulence, lumped as dB per km (outdoor propagation
 * models such as ISO 9613-2 and Nord2000 model these in detail).
 */
export const EXCESS_LOSS_DB_PER_KM = 1;

/** Transmission loss from 1 m to `rangeM`: spherical spreading, air absorption, excess loss. */
export function transmissionLossDb(
  rangeM: number,
  frequencyHz: number,
  air: Pick<WeatherState, 'temperatureC' | 'humidityPct' | 'pressureHpa'>
): number {
  const r = Math.max(rangeM, 1);
  const alpha = absorptionDbPerM({ frequencyHz, ...air });
  return 20 * Math.log10(r) + alpha * r + (EXCESS_LOSS_DB_PER_KM * r) / 1000;
}

/** Mean signal-to-noise ratio of a source at a sensor, dB. */
export function meanSnrDb(
  source: SourceModel,
  rangeM: number,
  noiseFloorDb: number,
  air: Pick<WeatherState, 'temperatureC' | 'humidityPct' | 'pressureHpa'>
): number {
  return (
    source.levelDb -
    transmissionLossDb(rangeM, source.frequencyHz, air) -
    noiseFloorDb
  );
}

// Abramowitz and Stegun 7.1.26 (|error| < 1.5e-7).
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const poly =
    t *
    (0.254829592 +
      t *
        (-0.284496736 +
          t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-a * a));
}

/** Standard normal cumulative distribution. */
export function normalCdf(z: number): number {
  return 0.5 * (1 + erf(z / Math.SQRT2));
}

/**
 * Probability that a pulse of mean SNR `meanSnr` is detected when its
 * level fades with a log-normal σ of `fadingSigmaDb` (turbulence and
 * multipath) and detection needs `thresholdDb`.
 */
export function detectionProbability(
  meanSnr: number,
  thresholdDb: number,
  fadingSigmaDb: number
): number {
  return normalCdf((meanSnr - thresholdDb) / fadingSigmaDb);
}

/**
 * Travel time of sound over `rangeM` at speed `soundSpeed` with the wind
 * component `windAlongMs` along the path (positive downwind), seconds.
 */
export function travelTimeS(
  rangeM: number,
  soundSpeed: number,
  windAlongMs: number
): number {
  return rangeM / (soundSpeed + windAlongMs);
}

/** Component of the wind along the horizontal direction `azimuthDeg` (from source to sensor). */
export function windAlongMs(
  weather: Pick<WeatherState, 'windSpeedMs' | 'windFromDeg'>,
  azimuthDeg: number
): number {
  // The wind blows toward windFromDeg + 180°.
  const rad = ((azimuthDeg - weather.windFromDeg - 180) * Math.PI) / 180;
  return weather.windSpeedMs * Math.cos(rad);
}

/**
 * Standard deviation of the travel-time jitter from turbulence over
 * `rangeM`, seconds: it grows with the square root of range (independent
 * fluctuations along the path).
 */
export function propagationJitterS(
  rangeM: number,
  jitterMsPerSqrtKm: number
): number {
  return (jitterMsPerSqrtKm / 1000) * Math.sqrt(rangeM / 1000);
}
