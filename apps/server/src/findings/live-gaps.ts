import type {
  Agreement,
  EngineParamsInput,
  Finding,
  GapInput,
  GapParams,
} from '@truce/core';
import { evaluateAgreement, findMonitoringGaps } from '@truce/core';
import type {
  ObservationWindow,
  WindowObservation,
} from './observation-window.js';

/**
 * Monitoring gaps for the live engine, per sensor: a sensor's gaps change
 * only with a heartbeat, its first report, a report after a silence or one
 * that arrives out of order, so only those sensors are looked at again,
 * each over all its observations in the window (as the whole-window
 * fusion would see them).
 */
export class LiveGaps {
  readonly #params: GapParams;
  readonly #silenceMicros: number;
  readonly #lastReport = new Map<string, number>();
  #changed = new Set<string>();

  constructor(params: GapParams) {
    this.#params = params;
    this.#silenceMicros =
      params.silenceFactor * params.heartbeatIntervalS * 1e6;
  }

  /** Sensors to look at on the next run. */
  get pending(): number {
    return this.#changed.size;
  }

  added(o: WindowObservation): void {
    const { kind, sensor } = o.observation;
    const last = this.#lastReport.get(sensor);
    if (
      kind === 'heartbeat' ||
      last === undefined ||
      o.timeMicros - last > this.#silenceMicros ||
      o.timeMicros < last
    ) {
      this.#changed.add(sensor);
    }
    this.#lastReport.set(sensor, Math.max(last ?? o.timeMicros, o.timeMicros));
  }

  clear(): void {
    this.#changed.clear();
    this.#lastReport.clear();
  }

  skip(): void {
    this.#changed.clear();
  }

  /** The findings of the changed sensors' gaps starting at or after `fromMicros`. */
  judge(input: {
    window: ObservationWindow;
    fromMicros: number;
    agreement: Agreement;
    engine?: EngineParamsInput;
  }): Finding[] {
    if (this.#changed.size === 0) return [];
    const sensors = this.#changed;
    this.#changed = new Set();
    const inputs: GapInput[] = [];
    for (const o of input.window.values()) {
      if (!sensors.has(o.observation.sensor)) continue;
      const p = o.sensor.position;
      inputs.push({
        index: o.index,
        observation: o.observation,
        position: [p[0], p[1]],
      });
    }
    const gaps = findMonitoringGaps(inputs, this.#params).filter(
      (g) => g.fromMicros >= input.fromMicros
    );
    if (gaps.length === 0) return [];
    return evaluateAgreement({
      agreement: input.agreement,
      events: [],
      gaps,
      ...(input.engine === undefined ? {} : { params: input.engine }),
    });
  }
}
