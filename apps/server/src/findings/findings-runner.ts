import type {
  Agreement,
  Finding,
  FusionSensor,
  Observation,
} from '@truce/core';
import type { FindingsEngineOptions } from './findings-engine.js';
import { FindingsEngine } from './findings-engine.js';

/** A logged observation for the engine, with the window's start when read. */
export type RunnerObservation = {
  index: number;
  observation: Observation;
  sensor: FusionSensor;
  fromMicros: number;
};

/** The engine's options without the callback, which cannot cross threads. */
export type RunnerEngineOptions = Omit<FindingsEngineOptions, 'onError'>;

/**
 * Where the findings engine runs: on the calling thread, or in a worker
 * thread so that fusion never holds up ingest. Calls are applied in
 * order: what was added before a run is in that run.
 */
export interface FindingsRunner {
  /** Hands over logged observations (the engine keeps the recent ones). */
  add(items: readonly RunnerObservation[]): void;
  /** Judges the whole window afresh on the next run (another agreement). */
  reset(): void;
  /**
   * One run at window start `nowFromMicros` under `agreement`: the
   * findings to log. Every finding a run returns counts as settled after
   * (logged, or reported unloggable), so no later run returns it again.
   * `early` is handed, during the run, findings ready before its longest
   * part (FindingsEngine.run); they are settled as soon as it returns.
   */
  run(
    nowFromMicros: number,
    agreement: Agreement | undefined,
    nowMicros?: number,
    early?: (findings: Finding[]) => void
  ): Promise<Finding[]>;
  /** Releases the runner; later runs reject. */
  close(): Promise<void>;
}

/**
 * Runs the engine on the calling thread; `settled` tells which finding
 * ids need no logging (the ledger's, and those found unloggable).
 */
export function createInlineRunner(
  options: FindingsEngineOptions,
  settled: (findingId: string) => boolean
): FindingsRunner {
  const engine = new FindingsEngine(options);
  let closed = false;
  return {
    add(items) {
      for (const o of items) {
        engine.add(o.index, o.observation, o.sensor, o.fromMicros);
      }
    },
    reset() {
      engine.reset();
    },
    async run(nowFromMicros, agreement, nowMicros, early) {
      if (closed) throw new Error('findings runner closed');
      return engine.run(nowFromMicros, agreement, settled, nowMicros, early);
    },
    async close() {
      closed = true;
    },
  };
}
