import type {
  SensorRecord,
  SimAgreement,
  SimParams,
  SimScenario,
} from '@truce/core';
import {
  OBSERVATION_PAYLOAD_TYPE,
  canonicalJsonBytes,
  formatRfc3339Micros,
  parseRfc3339Micros,
  signEnvelope,
  simulateScenario,
} from '@truce/core';
import type { TimeWarp } from './time-warp.js';
import { createTimeWarp, realTimeSpans } from './time-warp.js';

/**
 * What the demo simulates per episode: the medium profile (clutter,
 * echoes, radar and imagery false alarms, jamming, tampering, silences,
 * weapons in withdrawal zones, both parties firing) over two hours.
 */
export const DEMO_SIM_PARAMS: SimParams = {
  difficulty: 'medium',
  hours: 2,
  // 60 arrays over the 80 km stretch: with the default 24, fusion locates
  // almost no fire from sound alone (truce replay: 0 acoustic fire events
  // in two hours of seed 1); with 60 it locates 16, 13 of them true.
  acousticSensors: 60,
};

/** The sensor ids of episode `seed`: the scenario's, behind `s<seed>-`. */
export function episodeSensorId(seed: number, id: string): string {
  return `s${seed}-${id}`;
}

/** One simulated scenario, its sensors renamed for the episode. */
export type SimulatedEpisode = {
  seed: number;
  scenario: SimScenario;
  /** The registry records to register: ids prefixed, keys still the scenario's. */
  sensors: SensorRecord[];
};

/** One scenario laid on the wall clock. */
export type DemoEpisode = SimulatedEpisode & {
  warp: TimeWarp;
  /** Wall-clock µs of the episode's last observation. */
  endWallMicros: number;
};

/** Simulates episode `seed` (pure; about a second of CPU for two hours). */
export function simulateEpisode(options: {
  seed: number;
  agreement: SimAgreement;
  params?: SimParams;
}): SimulatedEpisode {
  const { seed } = options;
  const scenario = simulateScenario({
    seed,
    agreement: options.agreement,
    params: options.params ?? DEMO_SIM_PARAMS,
  });
  return {
    seed,
    scenario,
    sensors: scenario.sensors.map((s) => ({
      ...s,
      id: episodeSensorId(seed, s.id),
    })),
  };
}

/** Lays an episode on the wall clock from `wallStartMicros` at `speed`. */
export function scheduleEpisode(
  episode: SimulatedEpisode,
  speed: number,
  wallStartMicros: number
): DemoEpisode {
  const { scenario } = episode;
  const warp = createTimeWarp({
    spans: realTimeSpans(scenario),
    speed,
    scenarioStartMicros: parseRfc3339Micros(scenario.truth.start),
    wallStartMicros,
  });
  const last = scenario.observations[scenario.observations.length - 1];
  const endWallMicros =
    last === undefined
      ? wallStartMicros
      : (warp.toWallMicros(parseRfc3339Micros(last.payload.time)) ??
        wallStartMicros);
  return { ...episode, warp, endWallMicros };
}

/** Signs a message with the key of sensor `sensorId` (the demo's own). */
export type SensorSigner = (
  sensorId: string,
  message: Uint8Array
) => Uint8Array;

/**
 * Hands out an episode's observations as they fall due on the wall clock,
 * re-timed and re-signed: the payload's sensor gets the episode's id, its
 * time the warped wall-clock time, and its seq that time in µs (at least
 * one above the sensor's last), so a restarted demo stays above every seq
 * it logged before (DESIGN 4.1: seqs strictly increase per sensor).
 */
export class EpisodeFeed {
  readonly #episode: DemoEpisode;
  readonly #sign: SensorSigner;
  readonly #lastSeq = new Map<string, number>();
  readonly #speed: number;
  #cursor = 0;
  #fastAcoustic = 0;

  constructor(episode: DemoEpisode, sign: SensorSigner, speed: number) {
    this.#episode = episode;
    this.#sign = sign;
    this.#speed = speed;
    const { observations } = episode.scenario;
    while (
      this.#cursor < observations.length &&
      episode.warp.toWallMicros(
        parseRfc3339Micros(observations[this.#cursor]!.payload.time)
      ) === undefined
    ) {
      this.#cursor++;
    }
  }

  get done(): boolean {
    return this.#cursor >= this.#episode.scenario.observations.length;
  }

  /** Wall-clock µs of the next observation, undefined when done. */
  get nextWallMicros(): number | undefined {
    const next = this.#episode.scenario.observations[this.#cursor];
    if (next === undefined) return undefined;
    return this.#episode.warp.toWallMicros(
      parseRfc3339Micros(next.payload.time)
    );
  }

  /** The signed envelopes (DESIGN 4.1) of every observation due by `nowMicros`. */
  take(nowMicros: number, max = 1000): unknown[] {
    const { scenario, warp, seed } = this.#episode;
    const out: unknown[] = [];
    while (out.length < max) {
      const next = scenario.observations[this.#cursor];
      if (next === undefined) break;
      const wall = warp.toWallMicros(parseRfc3339Micros(next.payload.time))!;
      if (wall > nowMicros) break;
      this.#cursor++;
      if (this.#thinned(next.payload)) continue;
      const sensor = episodeSensorId(seed, next.sensorId);
      const seq = Math.max((this.#lastSeq.get(sensor) ?? -1) + 1, wall);
      this.#lastSeq.set(sensor, seq);
      const payload = {
        ...next.payload,
        sensor,
        seq,
        time: formatRfc3339Micros(wall),
      };
      out.push(
        signEnvelope({
          payloadType: OBSERVATION_PAYLOAD_TYPE,
          payload: canonicalJsonBytes(payload),
          keyid: sensor,
          sign: (message) => this.#sign(sensor, message),
        })
      );
    }
    return out;
  }

  /**
   * Acoustic clutter between engagements (false alarms) is kept 1 in
   * `speed`, so that its rate per wall-clock second stays as simulated:
   * fast-forwarded at full rate, false alarms heard at different sensors
   * within seconds of each other would fuse into events that never were.
   */
  #thinned(payload: { kind: string; time: string }): boolean {
    if (payload.kind !== 'acoustic') return false;
    if (this.#episode.warp.isRealTime(parseRfc3339Micros(payload.time))) {
      return false;
    }
    return this.#fastAcoustic++ % this.#speed !== 0;
  }
}
