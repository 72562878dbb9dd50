import type { FusionParams, LocatedEvent } from '@truce/core';
import { evaluateAgreement, fuseObservations, median } from '@truce/core';
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
  DECIDED_SOURCES,
  DELIVERY_SLACK_MICROS,
  MAX_POOL_TRIES,
  SITE_SOURCES,
  crossingSeconds,
  retireAfterMicros,
} from './live-types.js';
import type { OpenEvents } from './open-events.js';
import { approxDistanceM, openEventsFor } from './open-events.js';
import type { OpenEvent, OwnSpeed } from './open-events.js';

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
  readonly #retireMicros: number;
  // How long a held-back event waits for the sensors in range, µs: by then
  // every sensor that hears such a source one time in ten has heard it, if
  // it was going to; farther ones hardly count.
  readonly #reachMicros: number;
  readonly #maxPool: number;
  readonly #poolShare: number;
  readonly #siteSources: number;
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
  // By pulse, the open events (serials) whose refusion rejected it, with
  // each one's stamp then: the pulse is not gated back to an event until
  // that event changes. Before, a rejected pulse went to the pool, the
  // pool's leftovers were gated to the same event, and it was refused
  // again at every pool fusion while the pulse was young: an hour of the
  // simulator's medium scene (2,131 pulses) took 58,000 refusions.
  readonly #rejected = new Map<number, Map<number, number>>();
  // With the open-event serial when retired: matched only to later events.
  #retired: { o: WindowObservation; after: number }[] = [];
  // The open events' stamp when the retired pulses were last matched.
  #retiredStamp = 0;
  #latestMicros = -Number.MAX_SAFE_INTEGER;
  // Small events held back, with the time by which every sensor in range
  // has heard them if it was going to.
  readonly #undecided = new Map<OpenEvent, number>();
  // Acoustic pulses of the last two pool reaches by sensor id, in time order.
  readonly #pulsesBy = new Map<string, WindowObservation[]>();
  // Acoustic sensors by id, with the time of their latest observation.
  readonly #acoustic = new Map<
    string,
    { sensor: WindowObservation['sensor']; lastMicros: number }
  >();

  /** Seconds before a new pulse that the pool reaches. */
  get poolSeconds(): number {
    return this.#poolMicros / 1e6;
  }

  constructor(params: FusionParams, settings: LiveFusionSettings = {}) {
    this.#params = params;
    const reachS = params.acoustic.maxRangeM / 320 + 1;
    this.#poolMicros = (settings.poolSeconds ?? reachS) * 1e6;
    this.#retireMicros = retireAfterMicros(params);
    this.#reachMicros = (crossingSeconds(params, 0.1) + 1) * 1e6;
    this.#maxPool = settings.maxPool ?? 20_000;
    this.#poolShare = settings.poolShare ?? 1 / 8;
    this.#siteSources = settings.siteSources ?? SITE_SOURCES;
    this.#gaps = new LiveGaps(params.gaps);
    this.#open = openEventsFor(params);
  }

  /** Notes an observation the window took, for the next run. */
  added(o: WindowObservation): void {
    const { kind } = o.observation;
    if (o.sensor.kind === 'acoustic') {
      const seen = this.#acoustic.get(o.sensor.id);
      if (seen === undefined || seen.lastMicros < o.timeMicros) {
        this.#acoustic.set(o.sensor.id, {
          sensor: o.sensor,
          lastMicros: o.timeMicros,
        });
      }
    }
    if (kind === 'acoustic') {
      this.#newPulses.push(o.index);
      let list = this.#pulsesBy.get(o.sensor.id);
      if (list === undefined) this.#pulsesBy.set(o.sensor.id, (list = []));
      let at = list.length;
      while (at > 0 && list[at - 1]!.timeMicros > o.timeMicros) at--;
      list.splice(at, 0, o);
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
    this.#rejected.clear();
    this.#retired = [];
    this.#open.close(Number.MAX_SAFE_INTEGER);
    this.#undecided.clear();
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
      // Pulses gated to an event but rejected by fusion go back to the
      // pool: in a dense stream the gate, loose on purpose, takes many a
      // pulse of a new shot to an open one; retired, those shots were lost
      // (with the held-back events, at 1,000 detections/s: 16 % of shots
      // heard 4+ times with a clean finding before, 78 % after). The
      // pool's tries bound how long a far, faint arrival is carried.
      toPool.push(...this.#refuseOpen(open, input, result));
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
      if (result.candidates.length + result.final.length > 0) {
        input.early?.({
          candidates: result.candidates.splice(0),
          final: result.final.splice(0),
        });
      }
      const fresh = this.#waiting.filter((o) => !this.#claimed.has(o.index));
      this.#waiting = [];
      this.#runsSincePool = 0;
      this.#lastPool = this.#fusePool(fresh, input, result);
      result.work.pool = this.#lastPool;
      this.#newReports = false;
    }
    this.#decide(input, result);
    result.candidates.push(
      ...this.#gaps.judge({ ...input, fromMicros: input.gapsFromMicros })
    );
    const closeBefore = this.#latestMicros - 2 * this.#poolMicros;
    this.#open.close(closeBefore);
    for (const open of this.#undecided.keys()) {
      if (open.timeMicros < closeBefore) this.#undecided.delete(open);
    }
    for (const [id, list] of this.#pulsesBy) {
      let drop = 0;
      while (drop < list.length && list[drop]!.timeMicros < closeBefore) drop++;
      if (drop === list.length) this.#pulsesBy.delete(id);
      else if (drop > 0) list.splice(0, drop);
    }
    // Indexes that left the window are dropped once any of these holds
    // many more than the window (a stream whose pulses no event claims
    // still grows the others).
    const bound = 2 * window.size + 10_000;
    if (
      this.#claimed.size > bound ||
      this.#tries.size > bound ||
      this.#rejected.size > bound
    ) {
      for (const index of this.#claimed) {
        if (window.get(index) === undefined) this.#claimed.delete(index);
      }
      for (const index of this.#tries.keys()) {
        if (window.get(index) === undefined) this.#tries.delete(index);
      }
      for (const index of this.#rejected.keys()) {
        if (window.get(index) === undefined) this.#rejected.delete(index);
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
    let current = open;
    // The same sources located again are the same event: unchanged, it
    // keeps its stamp, so the pulses it rejected are not gated back.
    const moved =
      best !== undefined &&
      (best.sources.length !== open.sources.length ||
        best.sources.some((i) => !open.sources.includes(i)));
    if (best !== undefined && moved) {
      current = this.#open.update(
        open,
        best,
        best.sources,
        this.#speedOf(best, input.window)
      );
      const decideAt = this.#undecided.get(open);
      this.#undecided.delete(open);
      if (decideAt !== undefined && best.sources.length < DECIDED_SOURCES) {
        this.#undecided.set(current, decideAt);
      }
    }
    if (!this.#undecided.has(current)) {
      for (const f of findings) {
        (exact(f) ? result.final : result.candidates).push(f);
      }
    }
    const rejected = pending.filter((i) => !joined.has(i));
    for (const i of rejected) {
      let by = this.#rejected.get(i);
      if (by === undefined) this.#rejected.set(i, (by = new Map()));
      by.set(current.serial, current.stamp);
    }
    return this.#unclaim(rejected, input.window);
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
      sites: this.#sitesFrom(from),
      ...(input.fusion === undefined ? {} : { fusion: input.fusion }),
    });
    const judged = events.filter((e) => e.timeMicros >= input.judgeFromMicros);
    for (const e of judged) {
      if (!e.sensorKinds.includes('acoustic')) continue;
      for (const i of e.sources) this.#claimed.add(i);
      const open = this.#open.add(e, e.sources, this.#speedOf(e, input.window));
      if (e.sources.length < DECIDED_SOURCES) {
        this.#undecided.set(open, e.timeMicros + this.#reachMicros);
      }
    }
    this.#retire(pulses);
    const now = judged.filter(
      (e) =>
        !e.sensorKinds.includes('acoustic') ||
        e.sources.length >= DECIDED_SOURCES
    );
    result.candidates.push(
      ...evaluateAgreement({
        agreement: input.agreement,
        events: now,
        ...(input.engine === undefined ? {} : { params: input.engine }),
      })
    );
    return pulses.length;
  }

  /**
   * The sites a pool from `fromMicros` is seeded from besides its own: the
   * open events on `siteSources` pulses or more, not held back, emitted no
   * earlier than a pool reach and a minute before the pool (fusion tries
   * those within seconds of each seed). A salvo's launcher fires again
   * from where its last round was located, and the pool no longer holds
   * that round's pulses: without them a seed's triples mostly mix rounds
   * (see the fusion README).
   */
  #sitesFrom(fromMicros: number) {
    const since = fromMicros - this.#poolMicros - 60e6;
    return this.#open
      .all()
      .filter(
        (e) =>
          e.sources.length >= this.#siteSources &&
          !this.#undecided.has(e) &&
          e.timeMicros >= since
      )
      .map((e) => ({
        position: [e.position[0], e.position[1], e.altitudeM] as const,
        timeMicros: e.timeMicros,
      }));
  }

  /**
   * Judges the held-back events every sensor in range has now reported
   * past: fused again from their sources and every pulse, in an event or
   * not, that a sensor in range reported near the source's predicted
   * arrival, with every listening sensor, so that those that should have
   * heard the source and did not count against it (as fusion over the
   * whole window would). One that holds is refused as any open event (its
   * findings come from its own sources alone); one that does not is
   * closed: its sources join no later event (freed, they made fewer clean
   * findings: 1,672 against 1,740 shots at 1,000/s), the pulses gated to
   * it are retired.
   */
  #decide(input: LiveRunInput, result: LiveRunResult): void {
    const heard = Math.max(
      this.#latestMicros,
      (input.nowMicros ?? -Infinity) - DELIVERY_SLACK_MICROS
    );
    for (const [open, decideAt] of this.#undecided) {
      if (decideAt > heard) continue;
      this.#undecided.delete(open);
      const sources = open.sources.map((i) => input.window.get(i));
      if (sources.some((o) => o === undefined)) continue;
      const held = new Map(
        (sources as WindowObservation[]).map((o) => [o.index, o])
      );
      const listening = this.#near(open, held);
      const pulses = [...held.values()];
      const fused = fuseObservations({
        observations: [
          ...pulses,
          ...input.weather.contextOf(
            pulses.map((o) => o.timeMicros),
            new Set(held.keys()),
            Number.MAX_SAFE_INTEGER,
            this.#params
          ),
        ],
        listening,
        ...(input.fusion === undefined ? {} : { params: input.fusion }),
      });
      const holds = fused.events.some(
        (e) =>
          e.sensorKinds.includes('acoustic') &&
          e.sources.filter((i) => open.sources.includes(i)).length >=
            this.#params.acoustic.minDetections
      );
      if (holds) {
        this.#refuseOpen(open, input, result);
        continue;
      }
      this.#open.remove(open);
      const after = this.#open.serial;
      for (const o of this.#unclaim(open.pending.splice(0), input.window)) {
        this.#retired.push({ o, after });
      }
    }
  }

  /**
   * The speed of sound an acoustic event's own arrivals show: the median
   * of distance over travel time from the event to each source's sensor,
   * undefined with fewer than three sources over 0.2 s of travel.
   */
  #speedOf(e: LocatedEvent, window: ObservationWindow): OwnSpeed | undefined {
    const speeds: number[] = [];
    for (const index of e.sources) {
      const o = window.get(index);
      if (o === undefined || o.observation.kind !== 'acoustic') continue;
      const travelS = (o.timeMicros - e.timeMicros) / 1e6;
      if (travelS < 0.2) continue;
      const at = o.observation.position ?? o.sensor.position;
      speeds.push(approxDistanceM(e.position, e.altitudeM ?? 0, at) / travelS);
    }
    if (speeds.length < 3) return undefined;
    const speedMs = median(speeds);
    let spread = 0;
    for (const v of speeds)
      spread = Math.max(spread, Math.abs(v / speedMs - 1));
    return { speedMs, spread };
  }

  /**
   * The listening sensors in hearing range of an event, each with its
   * horizon, and into `pulses` every pulse they reported within the open
   * events' tight gate of the event's predicted arrival. With the wide
   * gate the judgement fused three times the pulses for the same outcome:
   * at 1,000/s, 864 -> 1,136 detections/s per core.
   */
  #near(open: OpenEvent, pulses: Map<number, WindowObservation>) {
    const out: { sensor: WindowObservation['sensor']; untilMicros: number }[] =
      [];
    const { maxRangeM } = this.#params.acoustic;
    for (const { sensor, untilMicros } of this.#listening(
      open.timeMicros - this.#poolMicros
    )) {
      const g = this.#open.gate(open, sensor.position, true);
      if (g.distanceM > maxRangeM) continue;
      out.push({ sensor, untilMicros });
      for (const o of this.#pulsesBy.get(sensor.id) ?? []) {
        if (o.timeMicros > g.atMicros + g.slackMicros) break;
        if (o.timeMicros >= g.atMicros - g.slackMicros) pulses.set(o.index, o);
      }
    }
    return out;
  }

  /**
   * Acoustic sensors heard from since one heartbeat interval before
   * `fromMicros`: up then, so a source they should have heard and did not
   * counts against a pool hypothesis. Those silent longer are forgotten.
   */
  #listening(fromMicros: number) {
    const since = fromMicros - this.#params.gaps.heartbeatIntervalS * 1e6;
    const out: { sensor: WindowObservation['sensor']; untilMicros: number }[] =
      [];
    for (const [id, { sensor, lastMicros }] of this.#acoustic) {
      // A sensor's reports come in order: all its pulses up to its
      // latest report are in.
      if (lastMicros >= since) out.push({ sensor, untilMicros: lastMicros });
      else this.#acoustic.delete(id);
    }
    return out;
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
      const rejected = this.#rejected.get(o.index);
      const open = among.match(
        {
          position: o.observation.position ?? o.sensor.position,
          timeMicros: o.timeMicros,
        },
        after,
        rejected && ((e) => e.stamp <= (rejected.get(e.serial) ?? -1))
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
      const stale = o.timeMicros < this.#latestMicros - this.#retireMicros;
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
