import type { FusionParams } from '@truce/core';
import { evaluateAgreement } from '@truce/core';
import { refuseOpenEvent } from './open-refuse.js';
import { POOL_REPORT_KINDS, fusePool } from './pool-fusion.js';
import type {
  ObservationWindow,
  WindowObservation,
} from './observation-window.js';
import { LiveGaps } from './live-gaps.js';
import type {
  LiveFusionSettings,
  LiveRunInput,
  LiveRunResult,
} from './live-types.js';
import {
  BUSY_EVENTS,
  MAX_POOL_TRIES,
  RETIRE_AFTER_MICROS,
} from './live-types.js';
import type { OpenEvents } from './open-events.js';
import { openEventsFor } from './open-events.js';
import type { OpenEvent } from './open-events.js';

/**
 * The live engine's incremental fusion (issue 4): each pulse is fused
 * about once, not with the whole window on every run. A new pulse that
 * fits an open event (by predicted arrival) is refused with that event
 * alone; the rest wait in a pool of unassociated pulses (reaching
 * `poolSeconds` back), fused with the window's reports, whose events open;
 * gaps are judged per sensor (LiveGaps). What it proposes depends on the
 * batching; what is logged does not: every finding is fused from its own
 * sources and weather (refuseFinding), as its evidence file recomputes it.
 */
export class LiveFusion {
  readonly #params: FusionParams;
  readonly #poolMicros: number;
  readonly #maxPool: number;
  readonly #poolShare: number;
  readonly #open: OpenEvents;
  // Indexes in an open or closed event: never pooled again.
  readonly #claimed = new Set<number>();
  readonly #gaps: LiveGaps;
  #newPulses: number[] = [];
  #newReports = false;
  // Unmatched pulses waiting for the next pool fusion.
  #waiting: WindowObservation[] = [];
  #runsSincePool = 0;
  #runs = 0;
  #lastPool = 0;
  // Pool fusions each unclaimed pulse went through (MAX_POOL_TRIES: retired).
  readonly #tries = new Map<number, number>();
  // With the open-event serial when retired: matched only to later events.
  #retired: { o: WindowObservation; after: number }[] = [];
  // The open events' stamp when the retired pulses were last matched.
  #retiredStamp = 0;
  #latestMicros = -Number.MAX_SAFE_INTEGER;

  /** Seconds before a new pulse that the pool reaches. */
  get poolSeconds(): number {
    return this.#poolMicros / 1e6;
  }

  constructor(params: FusionParams, settings: LiveFusionSettings = {}) {
    this.#params = params;
    const reachS = params.acoustic.maxRangeM / 320 + 1;
    this.#poolMicros = (settings.poolSeconds ?? reachS) * 1e6;
    this.#maxPool = settings.maxPool ?? 20_000;
    this.#poolShare = settings.poolShare ?? 1 / 8;
    this.#gaps = new LiveGaps(params.gaps);
    this.#open = openEventsFor(params);
  }

  /** Notes an observation the window took, for the next run. */
  added(o: WindowObservation): void {
    const { kind } = o.observation;
    if (kind === 'acoustic') {
      this.#newPulses.push(o.index);
      this.#latestMicros = Math.max(this.#latestMicros, o.timeMicros);
    } else if (POOL_REPORT_KINDS.has(kind)) {
      this.#newReports = true;
    }
    this.#gaps.added(o);
  }

  /** Drops what was noted for the next run (no agreement to judge it by). */
  skip(): void {
    this.#newPulses = [];
    this.#waiting = [];
    this.#newReports = false;
    this.#gaps.skip();
  }

  /** Forgets every event: the next run judges the window afresh. */
  reset(window: ObservationWindow): void {
    this.#claimed.clear();
    this.#tries.clear();
    this.#retired = [];
    this.#open.close(Number.MAX_SAFE_INTEGER);
    this.#newPulses = [];
    this.#waiting = [];
    this.#gaps.clear();
    for (const o of window.values()) this.added(o);
  }

  run(input: LiveRunInput): LiveRunResult {
    const { window } = input;
    const result: LiveRunResult = {
      candidates: [],
      final: [],
      work: { pool: 0, refused: 0, gapSensors: this.#gaps.pending },
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
        this.#open.attach(open, index, this.#runs);
        this.#claimed.add(index);
      }
    }
    this.#newPulses = [];
    this.#runs++;
    const touched = this.#open.touched();
    // Under load, an event's pulses are gathered over a few runs and
    // refused together: fewer refusions, each pulse waits at most 0.5 s.
    const wait = touched.length > BUSY_EVENTS ? 2 : 0;
    for (const open of touched) {
      if (this.#runs - open.pendingSince <= wait) continue;
      result.work.refused++;
      // Pulses gated to an event but rejected by fusion are mostly far,
      // faint arrivals of that event: matched against later events only,
      // never pooled again (the pool would carry them for its whole reach).
      const after = this.#open.serial;
      for (const o of this.#refuseOpen(open, input, result)) {
        this.#tries.set(o.index, MAX_POOL_TRIES);
        this.#retired.push({ o, after });
      }
    }
    this.#waiting.push(...toPool);
    this.#runsSincePool++;
    const enough = Math.max(
      this.#params.acoustic.minDetections,
      this.#lastPool * this.#poolShare
    );
    if (
      this.#newReports ||
      this.#waiting.length >= enough ||
      (this.#waiting.length > 0 && this.#runsSincePool >= 4)
    ) {
      const fresh = this.#waiting.filter((o) => !this.#claimed.has(o.index));
      this.#waiting = [];
      this.#runsSincePool = 0;
      this.#lastPool = this.#fusePool(fresh, input, result);
      result.work.pool = this.#lastPool;
      this.#newReports = false;
    }
    result.candidates.push(
      ...this.#gaps.judge({ ...input, fromMicros: input.gapsFromMicros })
    );
    this.#open.close(this.#latestMicros - 2 * this.#poolMicros);
    if (this.#claimed.size > 2 * window.size + 10_000) {
      for (const index of this.#claimed) {
        if (window.get(index) === undefined) this.#claimed.delete(index);
      }
      for (const index of this.#tries.keys()) {
        if (window.get(index) === undefined) this.#tries.delete(index);
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
    const { best, findings, exact } = refuseOpenEvent(
      open,
      [
        ...(sources as WindowObservation[]),
        ...pending.map((i) => input.window.get(i)),
      ],
      input,
      this.#params
    );
    const joined = new Set(best?.sources ?? open.sources);
    if (best !== undefined) this.#open.update(open, best, best.sources);
    for (const f of findings) {
      (exact(f) ? result.final : result.candidates).push(f);
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
    const { pulses, events } = fusePool({
      window: input.window,
      fromMicros: from,
      maxPool: this.#maxPool,
      skip: (i) =>
        this.#claimed.has(i) || (this.#tries.get(i) ?? 0) >= MAX_POOL_TRIES,
      ...(input.fusion === undefined ? {} : { fusion: input.fusion }),
    });
    const judged = events.filter((e) => e.timeMicros >= input.judgeFromMicros);
    for (const e of judged) {
      if (!e.sensorKinds.includes('acoustic')) continue;
      for (const i of e.sources) this.#claimed.add(i);
      this.#open.add(e, e.sources);
    }
    this.#retire(pulses);
    result.candidates.push(
      ...evaluateAgreement({
        agreement: input.agreement,
        events: judged,
        ...(input.engine === undefined ? {} : { params: input.engine }),
      })
    );
    return pulses.length;
  }

  /**
   * After a pool fusion: each pulse it left unclaimed that fits an open
   * event (it may have come before its event opened) is gated to that
   * event; the rest count one more pool fusion, and at MAX_POOL_TRIES are
   * retired. Retired pulses (of the last two pool reaches) are matched
   * against events that open later, and never pooled again: only against
   * those added or moved since the last pool fusion, as the others were
   * matched then.
   */
  #retire(pool: readonly WindowObservation[]): void {
    const recent = this.#open.changedSince(this.#retiredStamp);
    this.#retiredStamp = this.#open.stamp;
    const gate = (
      o: WindowObservation,
      after = 0,
      among: OpenEvents = this.#open
    ): boolean => {
      const open = among.match(
        {
          position: o.observation.position ?? o.sensor.position,
          timeMicros: o.timeMicros,
        },
        after
      );
      if (open === undefined) return false;
      this.#open.attach(open, o.index, this.#runs);
      this.#claimed.add(o.index);
      return true;
    };
    for (const o of pool) {
      if (this.#claimed.has(o.index) || gate(o)) continue;
      const tries = (this.#tries.get(o.index) ?? 0) + 1;
      this.#tries.set(o.index, tries);
      const stale = o.timeMicros < this.#latestMicros - RETIRE_AFTER_MICROS;
      if (tries >= MAX_POOL_TRIES || (tries >= 2 && stale)) {
        this.#tries.set(o.index, MAX_POOL_TRIES);

        this.#retired.push({ o, after: this.#open.serial });
      }
    }
    const since = this.#latestMicros - 2 * this.#poolMicros;
    this.#retired = this.#retired.filter(
      (r) =>
        !this.#claimed.has(r.o.index) &&
        r.o.timeMicros >= since &&
        (recent.size === 0 || !gate(r.o, r.after, recent))
    );
  }
}
