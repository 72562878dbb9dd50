import type { FusionObservation, FusionSensor, Observation } from '@truce/core';
import {
  base64Decode,
  parseObservationPayload,
  parseRfc3339Micros,
  utf8Decode,
} from '@truce/core';

/** A windowed observation and its time, microseconds since the Unix epoch. */
export type WindowObservation = FusionObservation & { timeMicros: number };

/**
 * The observation inside an `observation` entry's bytes, or undefined for
 * any other entry. Only for entries this log wrote: admission checked the
 * signature, schema and canonical form, so this skips the full decode.
 */
export function observationOfEntry(bytes: Uint8Array): Observation | undefined {
  const entry = JSON.parse(utf8Decode(bytes)) as {
    type?: unknown;
    envelope?: { payload?: unknown };
  };
  if (entry.type !== 'observation') return undefined;
  const payload = entry.envelope?.payload;
  if (typeof payload !== 'string') return undefined;
  return parseObservationPayload(base64Decode(payload));
}

/**
 * The recent observations the live engine fuses, by log index: a sliding
 * time window, evicted by observation time and capped in number (the
 * oldest go first), so memory stays bounded whatever the ingest rate.
 */
export class ObservationWindow {
  readonly #byIndex = new Map<number, WindowObservation>();
  readonly #maxSize: number;
  #startMicros = -Number.MAX_SAFE_INTEGER;

  constructor(maxSize: number) {
    this.#maxSize = maxSize;
  }

  get size(): number {
    return this.#byIndex.size;
  }

  /**
   * Adds a logged observation unless it is older than the window's start
   * or `fromMicros`; returns whether it was added.
   */
  add(
    index: number,
    observation: Observation,
    sensor: FusionSensor,
    fromMicros: number
  ): boolean {
    const timeMicros = parseRfc3339Micros(observation.time);
    if (timeMicros < Math.max(fromMicros, this.#startMicros)) return false;
    if (this.#byIndex.has(index)) return false;
    this.#byIndex.set(index, { index, observation, sensor, timeMicros });
    return true;
  }

  /**
   * Drops what is older than `fromMicros`, then the oldest over the cap,
   * and returns the window's start: every observation logged since with a
   * time at or after it is held (the cap can push it past `fromMicros`).
   */
  evict(fromMicros: number): number {
    this.#startMicros = Math.max(this.#startMicros, fromMicros);
    for (const [index, o] of this.#byIndex) {
      if (o.timeMicros < this.#startMicros) this.#byIndex.delete(index);
    }
    const excess = this.#byIndex.size - this.#maxSize;
    if (excess > 0) {
      const oldest = [...this.#byIndex.values()]
        .sort((a, b) => a.timeMicros - b.timeMicros || a.index - b.index)
        .slice(0, excess);
      for (const o of oldest) this.#byIndex.delete(o.index);
      // Others at the last one's time may remain: start just past it.
      const cut = oldest[oldest.length - 1]!.timeMicros + 1;
      this.#startMicros = Math.max(this.#startMicros, cut);
      for (const [index, o] of this.#byIndex) {
        if (o.timeMicros < this.#startMicros) this.#byIndex.delete(index);
      }
    }
    return this.#startMicros;
  }

  /** The observation logged at `index`, while the window holds it. */
  get(index: number): WindowObservation | undefined {
    return this.#byIndex.get(index);
  }

  /** The window's content in no particular order, without copying it. */
  values(): IterableIterator<WindowObservation> {
    return this.#byIndex.values();
  }

  /** The window's content in log order: what a run fuses. */
  observations(): WindowObservation[] {
    return [...this.#byIndex.values()].sort((a, b) => a.index - b.index);
  }
}
