import type { DetectionModel, LevelModel } from './detection-model.js';
import type { LocateResult } from './multilaterate.js';
import type { SensorGrid } from './sensor-grid.js';
import type { SpeedModel } from './solver-model.js';

/** One acoustic pulse, in the association's local frame and time axis. */
export type PulseDetection = {
  /** Log index of the observation. */
  index: number;
  /** Position of its sensor in `AssociationInput.sensors`. */
  sensor: number;
  /** Arrival time, seconds after the input's reference instant. */
  time: number;
  snrDb: number;
  /** Bearing and its 1σ in radians, where the sensor measured one. */
  bearingRad?: number;
  bearingSigmaRad?: number;
};

/** A sensor in the local ENU frame (m) with its timing 1σ (s). */
export type PulseSensor = {
  east: number;
  north: number;
  up: number;
  /** Height above the local curved surface: up + (e² + n²)/(2R). */
  surfaceHeight: number;
  sigmaS: number;
  /**
   * The time (seconds, as detections') up to which this sensor's pulses
   * are all in the input; a source whose arrival here is predicted later
   * is neither heard nor missed by it. Default: every pulse is in.
   */
  heardUntil?: number;
};

/** The propagation conditions at a time: speed model and wind (m/s). */
export type Propagation = {
  speed: SpeedModel;
  windEast: number;
  windNorth: number;
  /**
   * 1σ of each horizontal component of that wind, m/s: the solver takes
   * the wind as exact, and what a located event reports allows for this.
   */
  windSigmaMs: number;
};

/** Still air known exactly: this speed model, no wind, no wind error (scenes and benches). */
export function stillAir(speed: SpeedModel): Propagation {
  return { speed, windEast: 0, windNorth: 0, windSigmaMs: 0 };
}

/** Settings of the association (all resolved, see DEFAULT_FUSION_PARAMS). */
export type AssociationParams = {
  /** Farthest a sensor can hear a source, metres. */
  maxRangeM: number;
  detection: DetectionModel;
  /**
   * When given, a located group's chance of being heard at each sensor in
   * range follows from its pulses' levels (`LevelModel`), and levels that
   * disagree count against it; null or absent, from range alone.
   */
  levels?: LevelModel | null;
  /** Fewest pulses that make an event. */
  minDetections: number;
  /** Gate half-width in timing σ. */
  gateSigmas: number;
  /**
   * Travel-time jitter from atmospheric turbulence, ms per √km of range:
   * a pulse's timing σ is √(σ_sensor² + (k·√r)²), so far sensors' arrivals
   * are held less tightly than the sensor's own clock and pick allow. 0: none.
   */
  turbulenceMsPerSqrtKm: number;
  /** Relative speed uncertainty allowed while seeding (e.g. 0.01 = 1 %). */
  seedSpeedTolerance: number;
  /** Seed triples come from this many nearest sensors with candidate pulses. */
  maxSeedSensors: number;
  /** At most this many triples are tried per seed. */
  maxTriples: number;
  /**
   * Stop trying triples once a hypothesis fits a pulse at every candidate
   * sensor in its range, or fits at least `earlyStopMinCount` and this
   * share of the detections the detection model expects there.
   */
  earlyStopFraction: number;
  earlyStopMinCount: number;
  /** Accept a group when its log-likelihood ratio against clutter exceeds this (nats). */
  minLogLikelihoodRatio: number;
  /** Prior log-odds of a real source, added to the LLR for `confidence`. */
  priorLogOdds: number;
  /** 1σ of the source height around its sensors' median height, metres. */
  altitudeSigmaM: number;
  /** Pulses within this many σ of the prediction prefer the earliest (echoes arrive late). */
  earliestSigmas: number;
  /** Estimate the speed only with at least this many pulses. */
  minSpeedEstimateDetections: number;
  /**
   * Density (pulses/s) of echoes in the `echoWindowS` after any pulse at the
   * same sensor: there, "clutter" is far likelier than elsewhere, and a
   * pulse explains less as a direct arrival.
   */
  echoRatePerS: number;
  echoWindowS: number;
  /**
   * Mean SNR (dB) of a clutter pulse and of a source's direct arrival, each
   * taken as exponential: with both above 0, a member's SNR adds its
   * log-likelihood ratio to the group's score. 0 (the default) leaves SNR out.
   */
  clutterSnrMeanDb: number;
  sourceSnrMeanDb: number;
  /** Drop events that look like a mirror image (echo) of a stronger one. */
  echoSuppression: boolean;
  /** Emission times this close (s), beyond 3σ, count as the same instant for echoes. */
  echoTimeToleranceS: number;
  /**
   * Without weather, the speed of sound is first calibrated per window of
   * `calibrationWindowS` from its first `calibrationSamplePulses` pulses
   * (see calibratePropagation).
   */
  calibrationWindowS: number;
  calibrationSamplePulses: number;
  /**
   * Where the wind has an uncertainty, groups of at least
   * `windCalibrationMinMembers` pulses whose emissions lie within
   * `windCalibrationWindowS` / 2 of a time calibrate the wind there, and
   * the pulses are associated again with it (see calibrateWind); 0 members
   * turns it off. That repeats, each time from the groups of the last
   * association, while an association explains the pulses better than the
   * one before and at least two groups calibrate, at most
   * `windCalibrationSteps` times.
   */
  windCalibrationWindowS: number;
  windCalibrationMinMembers: number;
  windCalibrationSteps: number;
  /**
   * After each association, each accepted group's neighbourhood (groups
   * with a pulse within 2 s of its span) is grouped again best-first with
   * the other sites known, and kept if it explains more
   * (regroupNeighbourhoods); only spans of at most this many pulses, 0
   * turns it off.
   */
  regroupMaxPulses: number;
  /**
   * 1σ per component (m/s) of what a calibrated wind still has wrong, added
   * to its posterior (which treats groups as independent and the wind as
   * steady over the window, so it is far too sure).
   */
  windCalibrationSigmaMs: number;
  /**
   * Each group's fit estimates its own wind, held to the air's by a prior
   * of `groupWindSigmaScale` times the air's wind σ (`Propagation`), and
   * gates each sensor by the arrival's predictive σ, the wind's along the
   * path included; the group's score pays for the two unknowns (`WindFit`).
   * Only where the air's σ is at most `groupWindMaxSigmaMs`: a wind known
   * no better than "a few m/s from anywhere" would let pulses of several
   * sources fit as one. A scale of 0 turns it off.
   */
  groupWindSigmaScale: number;
  groupWindMaxSigmaMs: number;
  huberK: number;
  outlierK: number;
  /** Seeding passes over the pulses left over. */
  passes: number;
  /** 1/R: the curvature of the surface in the local frame (0 for small areas). */
  curvature: number;
};

/** Everything the association reads. */
export type AssociationContext = {
  readonly dets: readonly PulseDetection[];
  readonly sensors: readonly PulseSensor[];
  /** Per sensor: its detection ids and times, in time order. */
  readonly bySensorIds: readonly Int32Array[];
  readonly bySensorTimes: readonly Float64Array[];
  /**
   * Per detection: seconds since the first pulse of the pulse train it is
   * in at its sensor (`trainOffsets`); all 0 when the input holds only part
   * of each sensor's stream (`AssociationInput.partialStreams`).
   */
  readonly trainOffset: Float64Array;
  readonly grid: SensorGrid;
  /** Sensor coordinates and timing σ as flat arrays, for the inner loops. */
  readonly sE: Float64Array;
  readonly sN: Float64Array;
  readonly sU: Float64Array;
  readonly sSigma: Float64Array;
  /** Each sensor's `heardUntil` (Infinity when every pulse is in). */
  readonly sHeard: Float64Array;
  readonly neighbors: Map<number, { sensor: number; distance: number }[]>;
  readonly used: Uint8Array;
  /**
   * Groups accepted so far, by emission time (filled by the greedy loop):
   * their sites are tried as hypotheses for later seeds (`searchSeed`).
   */
  readonly accepted: PulseGroup[];
  /**
   * Sites of sources located before this association (the live engine's
   * open events): tried as hypotheses after the accepted groups' sites
   * (`searchSeed`); no score counts them.
   */
  readonly knownSites?: KnownSiteIndex;
  /**
   * Whether scores count repeats from accepted sites (repeat-site.ts). Off
   * while calibrating the speed of sound, which compares speeds by the
   * groups they make: a salvo's rounds meet at one site at a slightly wrong
   * speed too, and the weak ones lifted there blur that comparison (on
   * replay seed 3, with it on, the first window lost 14 of its fires).
   */
  readonly repeatSites: boolean;
  readonly params: AssociationParams;
  readonly propagationAt: (time: number) => Propagation;
};

/**
 * Timing 1σ (s) of a pulse at `sensor` from a source `rangeM` away: the
 * sensor's own σ and the turbulence jitter, whose variance grows linearly
 * with range (in the geometric-acoustics regime the travel-time variance
 * of a wave through random turbulence is proportional to the path length;
 * Ostashev & Wilson, Acoustics in Moving Inhomogeneous Media).
 */
export function arrivalSigma(
  ctx: Pick<AssociationContext, 'sSigma' | 'params'>,
  sensor: number,
  rangeM: number
): number {
  const s = ctx.sSigma[sensor]!;
  const k = ctx.params.turbulenceMsPerSqrtKm;
  if (!(k > 0)) return s;
  // (k ms)² per km of range = k²·1e-9 s² per metre.
  return Math.sqrt(s * s + k * k * 1e-9 * rangeM);
}

/**
 * A source located before an association, in the frame: where, and when
 * it emitted (seconds on the arrivals' time axis).
 */
export type KnownSite = { east: number; north: number; time: number };

/**
 * Known sites in square cells `cellM` on a side (the hearing range: a
 * source a sensor hears lies in its cell or one of the eight around it),
 * each cell's by time; keys from `gridCellKey`.
 */
export type KnownSiteIndex = {
  cellM: number;
  cells: ReadonlyMap<number, readonly KnownSite[]>;
};

/**
 * A number for square grid cell (cx, cy), unique while |cy| < 2^25 (a
 * string per lookup would cost more than the lookup): known sites' cells
 * here, the server's open events'.
 */
export function gridCellKey(cx: number, cy: number): number {
  return cx * 67_108_864 + cy;
}

/** Known sites indexed by cell (`KnownSiteIndex`), in a fixed order. */
export function indexKnownSites(
  sites: readonly KnownSite[],
  cellM: number
): KnownSiteIndex {
  const cells = new Map<number, KnownSite[]>();
  for (const s of sites) {
    const key = gridCellKey(
      Math.floor(s.east / cellM),
      Math.floor(s.north / cellM)
    );
    const cell = cells.get(key);
    if (cell === undefined) cells.set(key, [s]);
    else cell.push(s);
  }
  for (const cell of cells.values())
    cell.sort(
      (a, b) => a.time - b.time || a.east - b.east || a.north - b.north
    );
  return { cellM, cells };
}

/** A located group of pulses. */
export type PulseGroup = {
  /** Detection ids (positions in `dets`), ascending. */
  members: number[];
  seed: number;
  /** The solution; times on the input's axis (seconds after the reference). */
  solution: LocateResult;
  logLikelihoodRatio: number;
  /**
   * Its score on its own pulses, where a repeat-site prior made the above
   * differ: the greedy order follows this, so a part of an emission lifted
   * by its site cannot go before the whole and split it.
   */
  ownLogLikelihoodRatio?: number;
};
