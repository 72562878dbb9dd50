import type { FusionParams } from '@truce/core';
import { findingContextWindow } from '@truce/core';
import type { WindowObservation } from './observation-window.js';

/**
 * The weather observations the engine has seen, by log index: the context
 * a finding is refused with and its evidence file carries (DESIGN 4.7).
 * Weather is rare (a met station reports every few minutes), so it is kept
 * for the whole window plus `weatherMaxAgeS`, the longest a report can
 * still set the speed of sound for an event.
 */
export class WeatherContext {
  readonly #byIndex = new Map<number, WindowObservation>();
  readonly #maxAgeMicros: number;

  constructor(fusion: Pick<FusionParams, 'acoustic'>) {
    this.#maxAgeMicros = fusion.acoustic.weatherMaxAgeS * 1e6;
  }

  get size(): number {
    return this.#byIndex.size;
  }

  /** Keeps a weather observation; others are ignored. */
  add(o: WindowObservation): void {
    if (o.observation.kind === 'weather') this.#byIndex.set(o.index, o);
  }

  /** Forgets reports too old to matter for any event at or after `fromMicros`. */
  evict(fromMicros: number): void {
    const before = fromMicros - this.#maxAgeMicros;
    for (const [index, o] of this.#byIndex) {
      if (o.timeMicros < before) this.#byIndex.delete(index);
    }
  }

  /**
   * The reports a finding on sources at `sourceTimes` is fused with, in
   * log order: those core's selectFindingEvidence puts in its file (time
   * from `weatherMaxAgeS` before the earliest source to the latest one),
   * logged before `beforeIndex` and not among the sources.
   */
  contextOf(
    sourceTimes: readonly number[],
    sources: ReadonlySet<number>,
    beforeIndex: number,
    fusion: Pick<FusionParams, 'acoustic'>
  ): WindowObservation[] {
    const window = findingContextWindow(sourceTimes, fusion);
    return [...this.#byIndex.values()]
      .filter(
        (o) =>
          o.index < beforeIndex &&
          !sources.has(o.index) &&
          o.timeMicros >= window.fromMicros &&
          o.timeMicros <= window.toMicros
      )
      .sort((a, b) => a.index - b.index);
  }
}
