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
