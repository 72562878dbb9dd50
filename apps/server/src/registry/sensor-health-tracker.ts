import type { Observation, ObservationOf } from '@truce/core';
import {
  DEFAULT_SILENT_AFTER_S,
  parseRfc3339Micros,
  sensorHealth,
} from '@truce/core';
import type { SensorHealth } from '@truce/protocol';
import type { LogWriter } from '../log/log-writer.js';

type Seen = {
  last: Observation;
  heartbeat: ObservationOf<'heartbeat'> | undefined;
};

/**
 * Each sensor's latest observation and latest heartbeat, as admitted, for
 * `GET /v1/sensors`'s `health`. Derived state kept in memory only: it starts
 * empty (every sensor `silent`, `lastSeen: null`) and fills as sensors
 * report again, which a healthy sensor does within one heartbeat interval.
 * On the ingest path it costs one map lookup and one write per observation,
 * using the payload admission already parsed; times are parsed only when
 * someone asks.
 */
export class SensorHealthTracker {
  readonly #seen = new Map<string, Seen>();
  readonly #silentAfterS: number;

  constructor(options: { silentAfterS?: number } = {}) {
    this.#silentAfterS = options.silentAfterS ?? DEFAULT_SILENT_AFTER_S;
  }

  /** Follows the writer: every observation that becomes durable is seen. */
  follow(writer: LogWriter): () => void {
    return writer.onCommit(({ entries }) => {
      for (const entry of entries) {
        if (entry.observation !== undefined) this.seen(entry.observation);
      }
    });
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
