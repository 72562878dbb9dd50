import type { Observation, ObservationOf } from '@truce/core';
import {
  DEFAULT_SILENT_AFTER_S,
  parseRfc3339Micros,
  sensorHealth,
} from '@truce/core';
import type { SensorHealth } from '@truce/protocol';
import { observationOfEntry } from '../findings/observation-window.js';
import type { LogWriter } from '../log/log-writer.js';
import type { LogStore } from '../storage/store.js';

/** Entries read back at start per read. */
const REFILL_CHUNK = 1024;

type Seen = {
  last: Observation;
  heartbeat: ObservationOf<'heartbeat'> | undefined;
};

/**
 * Each sensor's latest observation and latest heartbeat, as admitted, for
 * `GET /v1/sensors`'s `health`. Derived state kept in memory only: at
 * start it is read back from the log's tail (`refill`, bounded), then
 * follows the writer. On the ingest path it costs one map lookup and one
 * write per observation, using the payload admission already parsed; times
 * are parsed only when someone asks.
 */
export class SensorHealthTracker {
  readonly #seen = new Map<string, Seen>();
  readonly #silentAfterS: number;
  readonly #refillMaxEntries: number;

  constructor(
    options: {
      silentAfterS?: number;
      /** How far back `refill` reads at most (default 20,000 entries). */
      refillMaxEntries?: number;
    } = {}
  ) {
    this.#silentAfterS = options.silentAfterS ?? DEFAULT_SILENT_AFTER_S;
    this.#refillMaxEntries = options.refillMaxEntries ?? 20_000;
  }

  /** Follows the writer: every observation that becomes durable is seen. */
  follow(writer: LogWriter): () => void {
    return writer.onCommit(({ entries }) => {
      for (const entry of entries) {
        if (entry.observation !== undefined) this.seen(entry.observation);
      }
    });
  }

  /**
   * Reads the log backwards from its end until every sensor in `sensors`
   * has a latest heartbeat, or `refillMaxEntries` entries were read: a
   * sensor whose last report lies further back shows as never seen.
   * Call before `follow`, so nothing newer is overwritten.
   */
  async refill(store: LogStore, sensors: readonly string[]): Promise<void> {
    const size = await store.sequencedSize();
    const waiting = new Set(sensors);
    const floor = Math.max(0, size - this.#refillMaxEntries);
    for (let stop = size; stop > floor && waiting.size > 0;) {
      const start = Math.max(floor, stop - REFILL_CHUNK);
      const entries = await store.readEntries(start, stop);
      for (let i = entries.length - 1; i >= 0; i--) {
        const observation = observationOfEntry(entries[i]!);
        if (observation === undefined) continue;
        if (this.#seenBefore(observation)) waiting.delete(observation.sensor);
      }
      stop = start;
    }
  }

  /** Records an observation older than any recorded; true once the sensor has a heartbeat. */
  #seenBefore(observation: Observation): boolean {
    const beat = observation.kind === 'heartbeat' ? observation : undefined;
    const s = this.#seen.get(observation.sensor);
    if (s === undefined) {
      this.#seen.set(observation.sensor, {
        last: observation,
        heartbeat: beat,
      });
      return beat !== undefined;
    }
    if (s.heartbeat === undefined && beat !== undefined) s.heartbeat = beat;
    return s.heartbeat !== undefined;
  }

  seen(observation: Observation): void {
    const beat = observation.kind === 'heartbeat' ? observation : undefined;
    const s = this.#seen.get(observation.sensor);
    if (s === undefined) {
      this.#seen.set(observation.sensor, {
        last: observation,
        heartbeat: beat,
      });
      return;
    }
    s.last = observation;
    if (beat !== undefined) s.heartbeat = beat;
  }

  /** A sensor's health at `nowMs` (ms since the epoch). */
  health(sensor: string, revoked: boolean, nowMs: number): SensorHealth {
    const s = this.#seen.get(sensor);
    const beat = s?.heartbeat;
    const status = sensorHealth({
      revoked,
      lastSeenMicros: s === undefined ? null : parseRfc3339Micros(s.last.time),
      ...(beat === undefined ? {} : { lastHeartbeat: beat.heartbeat.status }),
      nowMicros: nowMs * 1000,
      silentAfterS: this.#silentAfterS,
    });
    return {
      status,
      lastSeen: s === undefined ? null : s.last.time,
      ...(beat === undefined
        ? {}
        : {
            lastHeartbeat: {
              time: beat.time,
              seq: beat.seq,
              status: beat.heartbeat.status,
            },
          }),
    };
  }
}
