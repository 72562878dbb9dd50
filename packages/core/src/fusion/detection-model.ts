import { normalCdf } from '../rules/normal-cdf.js';

/*
 * The detection model behind association scores: how likely a sensor hears
 * a source at a given range, and how often it reports a pulse that belongs
 * to no source (false alarms, echoes of unlocated sounds).
 */

export type DetectionModel = {
  /** Probability of detection at short range. */
  pDetectMax: number;
  /** Range (m) at which the probability of detection halves. */
  range50M: number;
  /** Width (m) of the logistic fall-off around range50M. */
  rangeWidthM: number;
  /** Clutter pulses per second per sensor. */
  falseAlarmRatePerS: number;
};

/**
 * The passive sonar equation for airborne sound: a pulse is reported when
 * its SNR, the source's level less the transmission loss less the noise,
 * reaches the detector's threshold; fading (turbulence, multipath) spreads
 * the level log-normally (as the simulator, sim/acoustics.ts, models it).
 * Each pulse of a group gives the source's level over the noise at 1 m as
 * its SNR plus the loss over its range; their mean predicts what the
 * sensors that heard nothing should have heard, and their spread tells a
 * source from pulses of several that a point happens to fit.
 */
export type LevelModel = {
  /** SNR a sensor needs to report a pulse, dB. */
  thresholdDb: number;
  /** 1σ of a pulse's level about its mean at that range, dB. */
  fadingSigmaDb: number;
  /** Loss beyond spherical spreading (absorption, ground, terrain), dB per km. */
  lossDbPerKm: number;
  /** Width of the SNRs of clutter pulses (taken as uniform), dB. */
  clutterSpanDb: number;
};

/** Spherical spreading from 1 m plus the model's excess loss, dB. */
export function transmissionLossDb(m: LevelModel, rangeM: number): number {
  const r = Math.max(rangeM, 1);
  return 20 * Math.log10(r) + (m.lossDbPerKm * r) / 1000;
}

/** Probability that a sensor at `rangeM` hears a source `levelDb` over the noise at 1 m. */
export function levelDetectionProbability(
  d: DetectionModel,
  m: LevelModel,
  levelDb: number,
  rangeM: number
): number {
  const margin = levelDb - transmissionLossDb(m, rangeM) - m.thresholdDb;
  return d.pDetectMax * normalCdf(margin / m.fadingSigmaDb);
}

/** Probability that a sensor at `rangeM` from a source detects it. */
export function detectionProbability(
  d: DetectionModel,
  rangeM: number
): number {
  return d.pDetectMax / (1 + Math.exp((rangeM - d.range50M) / d.rangeWidthM));
}

/** The range beyond which detection probability is below `p`. */
export function detectionRangeFor(d: DetectionModel, p: number): number {
  if (p >= d.pDetectMax) return 0;
  return d.range50M + d.rangeWidthM * Math.log(d.pDetectMax / p - 1);
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Log-likelihood ratio of one sensor's report under "a source at this
 * position" versus "clutter": a detection with standardised residual `z`
 * and timing σ `sigmaS` (seconds), or a miss (`z` undefined).
 */
export function sensorLogLikelihoodRatio(
  d: DetectionModel,
  pDetect: number,
  z: number | undefined,
  sigmaS: number
): number {
  if (z === undefined) return Math.log1p(-pDetect);
  return (
    Math.log(pDetect) -
    Math.log(d.falseAlarmRatePerS * sigmaS) -
    LOG_SQRT_2PI -
    (z * z) / 2
  );
}

/**
 * Log-likelihood ratio of a pulse's SNR (dB) under "direct arrival of a
 * source" versus "clutter", each SNR exponential with its own mean; 0 when
 * either mean is 0 (SNR not modelled).
 */
export function snrLogLikelihoodRatio(
  clutterMeanDb: number,
  sourceMeanDb: number,
  snrDb: number
): number {
  if (!(clutterMeanDb > 0 && sourceMeanDb > 0)) return 0;
  // A report below 0 dB is as clutter-like as one at 0 dB.
  const x = Math.max(snrDb, 0);
  return (
    Math.log(clutterMeanDb / sourceMeanDb) +
    x * (1 / clutterMeanDb - 1 / sourceMeanDb)
  );
}
