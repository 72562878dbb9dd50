import type {
  Agreement,
  EngineParamsInput,
  Finding,
  FusionOptions,
  FusionParams,
} from '@truce/core';
import { detectionRangeFor } from '@truce/core';
import type { ObservationWindow } from './observation-window.js';
import type { WeatherContext } from './weather-context.js';

export type LiveFusionSettings = {
  /**
   * How far before a new unmatched pulse the pool of unassociated pulses
   * reaches, seconds (default: the longest travel time, maxRangeM at
   * 300 m/s, plus 2 s): the pulses that could share an event with it.
   */
  poolSeconds?: number;
  /**
   * Most pulses one pool fusion takes, the newest first (default 20,000).
   * A shot's arrivals span up to ~10 s, so a pool cut to less than that
   * finds few events; it drains only as its pulses retire. At 10,000
   * detections/s a cap of 5,000 (0.5 s) found 28 % of the shots in 10 s of
   * the sustained scene, 20,000 found 68 % (the pool peaked near 15,000
   * while the first events opened, then held about 1,000).
   */
  maxPool?: number;
  /**
   * The pool is fused once this share of its last size in new pulses has
   * come (default 1/8), at least `minDetections`, or after 4 runs: each
   * pool pulse is then fused a bounded number of times, however many runs.
   */
  poolShare?: number;
  /**
   * Pulses an open event needs to be a site the pool is seeded from
   * (default SITE_SOURCES).
   */
  siteSources?: number;
};

export type LiveRunInput = {
  window: ObservationWindow;
  weather: WeatherContext;
  /** Events before this time are not judged (the window's edge). */
  judgeFromMicros: number;
  /** Gaps that start before this time are not judged. */
  gapsFromMicros: number;
  /** The clock, µs since the epoch, if known (DELIVERY_SLACK_MICROS). */
  nowMicros?: number;
  agreement: Agreement;
  fusion?: FusionOptions;
  engine?: EngineParamsInput;
  /**
   * Told, before a run fuses the pool, what the refusions of its open
   * events proposed (taken out of the result): their late pulses need not
   * wait for the pool, a run's longest part.
   */
  early?: (part: Pick<LiveRunResult, 'candidates' | 'final'>) => void;
};

export type LiveRunResult = {
  /** Proposals still to be refused from their own sources (resolveCandidates). */
  candidates: Finding[];
  /** Findings fused from exactly their sources and context: log as they are. */
  final: Finding[];
  /** Work done: pulses in the pool fusion, open events refused, sensors checked for gaps. */
  work: { pool: number; refused: number; gapSensors: number };
};

/** The speed of sound the engine's waits assume (15 °C), m/s. */
export const ASSUMED_SPEED_MS = 340;

/**
 * An acoustic event on fewer pulses than this is held back until every
 * sensor in hearing range has reported past its predicted arrival, then
 * judged with those sensors' silences (LiveFusion): four pulses leave one
 * degree of freedom, and in a dense stream leftovers of several shots fit
 * a point by chance; six and more rarely do.
 */
export const DECIDED_SOURCES = 6;
/**
 * How late a sensor's report may reach the server: by the clock less this,
 * every sensor has reported what it heard (held-back events are judged
 * then even if no newer observation came).
 */
export const DELIVERY_SLACK_MICROS = 2e6;
/**
 * An open event on at least this many pulses is a site the pool is seeded
 * from (`FuseInput.sites`). Smaller ones are too often a salvo's rounds
 * mixed: the pool's leftovers of several rounds fit a ghost point on 6-9
 * pulses, and seeded from such a site the next rounds fit it too (on the
 * demo's seed 6, with every decided event a site, 74 of 89 fires found and
 * 15 mixed findings, against 80 and 9 without sites and 82 and 11 with
 * this bound).
 */
export const SITE_SOURCES = 10;
/** Pool fusions a pulse goes through before it is retired. */
export const MAX_POOL_TRIES = 40;
/** More events than this with pulses waiting in one run: batch refusions. */
export const BUSY_EVENTS = 50;
/**
 * How long a pulse stays in the pool behind newer ones, µs: the time sound
 * takes to cross the range at which half of a network's sources are heard
 * (its detection model), within which an event's first arrivals come. A
 * pulse still alone that long after newer ones, through two pool fusions,
 * is residue (a far arrival fusion rejects, a shot too few sensors heard).
 * A fixed 5 s, right for sensors a kilometre apart (8.6 s by this rule),
 * retired the first pulses of every shot of the simulator's field network
 * (11.4 km, 33.6 s) before its fourth arrived: in an hour of its medium
 * scene the live engine found no acoustic event at all.
 */
export function retireAfterMicros(params: FusionParams): number {
  return crossingSeconds(params, 0.5) * 1e6;
}

/**
 * Seconds sound takes (at ASSUMED_SPEED_MS) to cross the range at which a
 * network's sensors hear a `share` of sources, or its reach where that is
 * less.
 */
export function crossingSeconds(params: FusionParams, share: number): number {
  const { detection, maxRangeM } = params.acoustic;
  return (
    Math.min(maxRangeM, detectionRangeFor(detection, share)) / ASSUMED_SPEED_MS
  );
}
