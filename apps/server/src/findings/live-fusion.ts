import type {
  Agreement,
  EngineParamsInput,
  Finding,
  FusionOptions,
  FusionParams,
  GapInput,
} from '@truce/core';
import {
  celsius,
  evaluateAgreement,
  findMonitoringGaps,
  fuseObservations,
  soundSpeedFromTemperature,
} from '@truce/core';
import { fuseAndJudge } from './finding-refuse.js';
import type {
  ObservationWindow,
  WindowObservation,
} from './observation-window.js';
import { OpenEvents } from './open-events.js';
import type { OpenEvent } from './open-events.js';
import type { WeatherContext } from './weather-context.js';

export type LiveFusionSettings = {
  /**
   * How far before a new unmatched pulse the pool of unassociated pulses
   * reaches, seconds (default: the longest travel time, maxRangeM at
   * 300 m/s, plus 2 s): the pulses that could share an event with it.
   */
  poolSeconds?: number;
  /** Most pulses one pool fusion takes, the newest first (default 5,000). */
  maxPool?: number;
};

export type LiveRunInput = {
  window: ObservationWindow;
  weather: WeatherContext;
  /** Events before this time are not judged (the window's edge). */
  judgeFromMicros: number;
  /** Gaps that start before this time are not judged. */
  gapsFromMicros: number;
  agreement: Agreement;
  fusion?: FusionOptions;
  engine?: EngineParamsInput;
};

export type LiveRunResult = {
  /** Proposals still to be refused from their own sources (resolveCandidates). */
  candidates: Finding[];
  /** Findings fused from exactly their sources and context: log as they are. */
  final: Finding[];
  /** Work done: pulses in the pool fusion, open events refused, sensors checked for gaps. */
  work: { pool: number; refused: number; gapSensors: number };
};

const POOL_KINDS = new Set([
  'acoustic',
  'radar',
  'imagery',
  'patrol',
  'weather',
]);

/**
 * The live engine's incremental fusion (issue 4: a finding within 2 s of
 * its last pulse under a sustained stream). Fusing the whole window on
 * every run costs more than linear time in the window; instead each pulse
 * is fused about once:
 * - a new pulse that fits an open event (an acoustic event of the last
 *   `poolSeconds`, by predicted arrival at its sensor) is refused with
 *   that event's sources alone;
 * - the rest join a pool of unassociated pulses from `poolSeconds` before
 *   the earliest of them; the pool (with the window's radar, imagery,
 *   patrol and weather reports not yet in an event) is fused, and its
 *   events open;
 * - monitoring gaps are found per sensor, for sensors whose new report
 *   can end a silence or change a jamming stretch.
 * What it proposes depends on how observations were batched into runs;
 * what is logged does not: every logged finding is fused from its own
 * sources and weather (refuseFinding), as its evidence file recomputes it.
 */
export class LiveFusion {
  readonly #params: FusionParams;
  readonly #poolMicros: number;
  readonly #maxPool: number;
  readonly #silenceMicros: number;
  readonly #open: OpenEvents;
  // Indexes in an open or closed event: never pooled again.
  readonly #claimed = new Set<number>();
  readonly #lastReport = new Map<string, number>();
  #newPulses: number[] = [];
  #newReports = false;
  #gapSensors = new Set<string>();
  #latestMicros = -Number.MAX_SAFE_INTEGER;

  /** Seconds before a new pulse that the pool reaches. */
  get poolSeconds(): number {
    return this.#poolMicros / 1e6;
  }

  constructor(params: FusionParams, settings: LiveFusionSettings = {}) {
    this.#params = params;
    const reachS = params.acoustic.maxRangeM / 300 + 2;
    this.#poolMicros = (settings.poolSeconds ?? reachS) * 1e6;
    this.#maxPool = settings.maxPool ?? 5000;
    this.#silenceMicros =
      params.gaps.silenceFactor * params.gaps.heartbeatIntervalS * 1e6;
    this.#open = new OpenEvents({
      maxRangeM: params.acoustic.maxRangeM,
      speedMs: soundSpeedFromTemperature(
        celsius(params.acoustic.defaultTemperatureC)
      ),
      slackS: 0.1,
      relativeSlack: 0.05,
    });
  }

  /** Notes an observation the window took, for the next run. */
  added(o: WindowObservation): void {
    const { kind, sensor } = o.observation;
    if (kind === 'acoustic') {
      this.#newPulses.push(o.index);
      this.#latestMicros = Math.max(this.#latestMicros, o.timeMicros);
    } else if (POOL_KINDS.has(kind)) {
      this.#newReports = true;
    }
    // Gaps change only with a heartbeat, a first report, a report after a
    // silence, or one that arrives out of order.
    const last = this.#lastReport.get(sensor);
    if (
      kind === 'heartbeat' ||
      last === undefined ||
      o.timeMicros - last > this.#silenceMicros ||
      o.timeMicros < last
    ) {
      this.#gapSensors.add(sensor);
    }
    this.#lastReport.set(sensor, Math.max(last ?? o.timeMicros, o.timeMicros));
  }

  /** Drops what was noted for the next run (no agreement to judge it by). */
  skip(): void {
    this.#newPulses = [];
    this.#newReports = false;
    this.#gapSensors.clear();
  }

  /** Forgets every event: the next run judges the window afresh. */
  reset(window: ObservationWindow): void {
    this.#claimed.clear();
    this.#open.close(Number.MAX_SAFE_INTEGER);
    this.#newPulses = [];
    this.#lastReport.clear();
    for (const o of window.values()) this.added(o);
  }

  run(input: LiveRunInput): LiveRunResult {
    const { window } = input;
    const result: LiveRunResult = {
      candidates: [],
      final: [],
      work: { pool: 0, refused: 0, gapSensors: this.#gapSensors.size },
    };
    const toPool: WindowObservation[] = [];
    for (const index of this.#newPulses.sort((a, b) => a - b)) {
      const o = window.get(index);
      if (o === undefined || this.#claimed.has(index)) continue;
      if (o.timeMicros < input.judgeFromMicros) continue;
      const open = this.#open.match({
        position: o.observation.position ?? o.sensor.position,
        timeMicros: o.timeMicros,
      });
      if (open === undefined) toPool.push(o);
      else {
        open.pending.push(index);
        this.#claimed.add(index);
      }
    }
    this.#newPulses = [];
    for (const open of this.#open.touched()) {
      result.work.refused++;
      toPool.push(...this.#refuseOpen(open, input, result));
    }
    if (toPool.length > 0 || this.#newReports) {
      result.work.pool = this.#fusePool(toPool, input, result);
    }
    this.#newReports = false;
    this.#judgeGaps(input, result);
    this.#open.close(this.#latestMicros - 2 * this.#poolMicros);
    if (this.#claimed.size > 2 * window.size + 10_000) {
      for (const index of this.#claimed) {
        if (window.get(index) === undefined) this.#claimed.delete(index);
      }
    }
    return result;
  }

  /** Refuses an open event with its pending pulses; returns those it refused. */
  #refuseOpen(
    open: OpenEvent,
    input: LiveRunInput,
    result: LiveRunResult
  ): WindowObservation[] {
    const pending = open.pending.splice(0);
    const sources = open.sources.map((i) => input.window.get(i));
    if (sources.some((o) => o === undefined)) {
      // Its sources left the window: refusing what is left would log a
      // weaker version of it. Close it; the pulses go to the pool.
      this.#open.remove(open);
      return this.#unclaim(pending, input.window);
    }
    const held = [
      ...sources,
      ...pending.map((i) => input.window.get(i)),
    ].filter((o): o is WindowObservation => o !== undefined);
    const set = new Set(held.map((o) => o.index));
    const context = input.weather.contextOf(
      held.map((o) => o.timeMicros),
      set,
      Number.MAX_SAFE_INTEGER,
      this.#params
    );
    const { events, findings } = fuseAndJudge([...held, ...context], input);
    const overlap = (s: readonly number[]) =>
      s.filter((i) => open.sources.includes(i)).length;
    const best = events
      .filter((e) => e.sensorKinds.includes('acoustic'))
      .sort((a, b) => overlap(b.sources) - overlap(a.sources))[0];
    const joined = new Set(best?.sources ?? open.sources);
    if (best !== undefined) this.#open.update(open, best, best.sources);
    for (const f of findings) {
      const s = f.properties.sources;
      // Fused from exactly its own sources and their context: final.
      const exact = s.length === set.size && s.every((i) => set.has(i));
      (exact ? result.final : result.candidates).push(f);
    }
    return this.#unclaim(
      pending.filter((i) => !joined.has(i)),
      input.window
    );
  }

  /** Releases pulses back to the pool; returns those still in the window. */
  #unclaim(
    indexes: readonly number[],
    window: ObservationWindow
  ): WindowObservation[] {
    const out: WindowObservation[] = [];
    for (const index of indexes) {
      this.#claimed.delete(index);
      const o = window.get(index);
      if (o !== undefined) out.push(o);
    }
    return out;
  }

  /** Fuses the pool and opens its acoustic events; returns its pulse count. */
  #fusePool(
    fresh: readonly WindowObservation[],
    input: LiveRunInput,
    result: LiveRunResult
  ): number {
    const from =
      fresh.length === 0
        ? Number.MAX_SAFE_INTEGER
        : Math.min(...fresh.map((o) => o.timeMicros)) - this.#poolMicros;
    const pulses: WindowObservation[] = [];
    const reports: WindowObservation[] = [];
    for (const o of input.window.values()) {
      if (this.#claimed.has(o.index)) continue;
      const kind = o.observation.kind;
      if (kind === 'acoustic') {
        if (o.timeMicros >= from) pulses.push(o);
      } else if (POOL_KINDS.has(kind)) reports.push(o);
    }
    if (pulses.length > this.#maxPool) {
      pulses.sort((a, b) => b.timeMicros - a.timeMicros || b.index - a.index);
      pulses.length = this.#maxPool;
    }
    const fused = fuseObservations({
      observations: [...pulses, ...reports],
      ...(input.fusion === undefined ? {} : { params: input.fusion }),
    });
    const judged = fused.events.filter(
      (e) => e.timeMicros >= input.judgeFromMicros
    );
    for (const e of judged) {
      if (!e.sensorKinds.includes('acoustic')) continue;
      for (const i of e.sources) this.#claimed.add(i);
      this.#open.add(e, e.sources);
    }
    result.candidates.push(
      ...evaluateAgreement({
        agreement: input.agreement,
        events: judged,
        ...(input.engine === undefined ? {} : { params: input.engine }),
      })
    );
    return pulses.length;
  }

  /** Gaps of the sensors whose reports may have changed them. */
  #judgeGaps(input: LiveRunInput, result: LiveRunResult): void {
    if (this.#gapSensors.size === 0) return;
    const sensors = this.#gapSensors;
    this.#gapSensors = new Set();
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
    const gaps = findMonitoringGaps(inputs, this.#params.gaps).filter(
      (g) => g.fromMicros >= input.gapsFromMicros
    );
    if (gaps.length === 0) return;
    result.candidates.push(
      ...evaluateAgreement({
        agreement: input.agreement,
        events: [],
        gaps,
        ...(input.engine === undefined ? {} : { params: input.engine }),
      })
    );
  }
}
