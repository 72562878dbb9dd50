import type {
  Agreement,
  EngineParamsInput,
  Finding,
  FusionOptions,
  FusionParams,
  FusionSensor,
  Observation,
} from '@truce/core';
import { parseRfc3339Micros, resolveFusionParams } from '@truce/core';
import { resolveCandidates } from './finding-refuse.js';
import type { LiveFusionSettings, LiveRunInput } from './live-types.js';
import { LiveFusion } from './live-fusion.js';
import { ObservationWindow } from './observation-window.js';
import { WeatherContext } from './weather-context.js';
import { findingsOfWindow } from './window-findings.js';

export type FindingsEngineOptions = {
  maxObservations?: number;
  edgeMarginSeconds?: number;
  fusion?: FusionOptions;
  engine?: EngineParamsInput;
  fusionMode?: 'incremental' | 'window';
  live?: LiveFusionSettings;
  onError?: (error: unknown, context: string) => void;
};

/**
 * The findings side of the live engine, without the log: the window of
 * observations, the weather context, the proposals of a run (LiveFusion,
 * or the whole window) and their refusion from their own sources. A run
 * returns the findings to log; FindingsService logs them.
 */
export class FindingsEngine {
  readonly window: ObservationWindow;
  readonly #o: FindingsEngineOptions;
  readonly #params: FusionParams;
  readonly #weather: WeatherContext;
  readonly #live: LiveFusion;
  // Proposals already refused, so a rerun does not refuse them again.
  readonly #refused = new Set<string>();

  constructor(options: FindingsEngineOptions) {
    this.#o = options;
    this.window = new ObservationWindow(options.maxObservations ?? 50_000);
    this.#params = resolveFusionParams(options.fusion);
    this.#weather = new WeatherContext(this.#params);
    this.#live = new LiveFusion(this.#params, options.live);
  }

  /**
   * Takes a logged observation unless older than `fromMicros` (weather is
   * kept longer, as context); returns whether the window took it.
   */
  add(
    index: number,
    observation: Observation,
    sensor: FusionSensor,
    fromMicros: number
  ): boolean {
    if (observation.kind === 'weather') {
      const timeMicros = parseRfc3339Micros(observation.time);
      this.#weather.add({ index, observation, sensor, timeMicros });
    }
    if (!this.window.add(index, observation, sensor, fromMicros)) return false;
    this.#live.added(this.window.get(index)!);
    return true;
  }

  /** Judges the whole window afresh on the next run (another agreement). */
  reset(): void {
    this.#refused.clear();
    this.#live.reset(this.window);
  }

  /**
   * One run at window start `nowFromMicros`: the findings to log, each
   * fused from its own sources and weather context. `logged` says which
   * ids need not be logged again. `nowMicros`, the clock, lets held-back
   * events be judged when no newer observation comes (LiveFusion).
   * `early`, where given, is handed the findings of the open events'
   * refusions before the pool is fused, and the run returns the rest.
   */
  run(
    nowFromMicros: number,
    agreement: Agreement | undefined,
    logged: (id: string) => boolean,
    nowMicros?: number,
    early?: (findings: Finding[]) => void
  ): Finding[] {
    const fromMicros = this.window.evict(nowFromMicros);
    this.#weather.evict(fromMicros);
    if (agreement === undefined) this.#live.skip();
    if (agreement === undefined || this.window.size === 0) return [];
    const settings = {
      agreement,
      ...(this.#o.fusion === undefined ? {} : { fusion: this.#o.fusion }),
      ...(this.#o.engine === undefined ? {} : { engine: this.#o.engine }),
    };
    const edgeMarginMicros = (this.#o.edgeMarginSeconds ?? 600) * 1e6;
    // What this run handed over early counts as settled for the rest of it.
    const given = new Set<string>();
    const settled = (id: string) =>
      logged(id) || this.#refused.has(id) || given.has(id);
    if (this.#o.fusionMode === 'window') {
      const proposed = findingsOfWindow({
        ...settings,
        observations: this.window.observations(),
        fromMicros,
        edgeMarginMicros,
      });
      return this.#settle(proposed, [], settings, settled);
    }
    const run = this.#live.run({
      ...settings,
      window: this.window,
      weather: this.#weather,
      ...(nowMicros === undefined ? {} : { nowMicros }),
      ...this.#judgeFrom(nowFromMicros, fromMicros, edgeMarginMicros),
      ...(early === undefined
        ? {}
        : {
            early: (part: { candidates: Finding[]; final: Finding[] }) => {
              const out = this.#settle(
                part.candidates,
                part.final,
                settings,
                settled
              );
              for (const f of out) given.add(f.properties.id);
              if (out.length > 0) early(out);
            },
          }),
    });
    return this.#settle(run.candidates, run.final, settings, settled);
  }

  /**
   * The findings to log of a run's proposals, each refused from its own
   * sources, and of its final findings (fused from exactly their sources),
   * less those `settled` says are logged or were refused before.
   */
  #settle(
    proposed: readonly Finding[],
    final: readonly Finding[],
    settings: Pick<LiveRunInput, 'agreement' | 'fusion' | 'engine'>,
    settled: (id: string) => boolean
  ): Finding[] {
    const fresh = new Map<string, Finding>();
    for (const f of final) {
      if (!settled(f.properties.id)) fresh.set(f.properties.id, f);
    }
    const { found, refused, failed } = resolveCandidates(
      proposed,
      {
        observation: (index) => this.window.get(index),
        weather: this.#weather,
        fusionParams: this.#params,
      },
      settings,
      settled
    );
    for (const error of failed) {
      this.#o.onError?.(error, 'findings: refusing a finding failed');
    }
    // Bounded: a proposal seen again after this is at worst refused twice.
    if (this.#refused.size > 100_000) this.#refused.clear();
    for (const id of refused) this.#refused.add(id);
    for (const [id, f] of found) fresh.set(id, f);
    return [...fresh.values()];
  }

  /**
   * Where judging starts. The window's time edge gets the edge margin (a
   * silence, a corroborating report can reach far back). When the count
   * cap cut the window later than that, an event at or after the cut has
   * every pulse (pulses follow the event), so events need only the pool's
   * reach past it, and a gap one heartbeat interval (its first report
   * must be there).
   */
  #judgeFrom(nowFromMicros: number, fromMicros: number, marginMicros: number) {
    const timeEdge = nowFromMicros + marginMicros;
    if (fromMicros <= nowFromMicros) {
      return { judgeFromMicros: timeEdge, gapsFromMicros: timeEdge };
    }
    const pool = this.#live.poolSeconds * 1e6;
    const interval = this.#params.gaps.heartbeatIntervalS * 1e6;
    return {
      judgeFromMicros: Math.min(timeEdge, fromMicros + pool),
      gapsFromMicros: Math.max(timeEdge, fromMicros + interval),
    };
  }
}
