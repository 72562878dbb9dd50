import type {
  Agreement,
  EngineParamsInput,
  Finding,
  FindingReview,
  FusionOptions,
  FusionParams,
} from '@truce/core';
import {
  CoreError,
  ENGINE_VERSION,
  FUSION_ALGORITHM_VERSION,
  encodeLogEntry,
  formatRfc3339Micros,
  parseRfc3339Micros,
  resolveEngineParams,
  resolveFusionParams,
} from '@truce/core';
import { ApiError } from '../errors.js';
import type { LogWriter } from '../log/log-writer.js';
import type { RegistryService } from '../registry/registry-service.js';
import type { LogStore, NewEntry } from '../storage/store.js';
import type { AgreementService } from './agreement-service.js';
import { FindingLedger, LEDGER_ENTRY_TYPES } from './finding-ledger.js';
import { ObservationWindow, observationOfEntry } from './observation-window.js';
import type { RunTimer } from './run-scheduler.js';
import { RunScheduler, realRunTimer } from './run-scheduler.js';
import { resolveCandidates } from './finding-refuse.js';
import { WeatherContext } from './weather-context.js';
import { findingsOfWindow } from './window-findings.js';

/** Who the engine's `finding` entries name as their actor. */
export const ENGINE_ACTOR = `engine:${ENGINE_VERSION}`;

export type FindingsSettings = {
  /** The sliding window fused on each run, seconds (default 1800). */
  windowSeconds?: number;
  /** Findings this close to the window's old edge wait (default 600 s). */
  edgeMarginSeconds?: number;
  /** Delay from new observations to the run that fuses them (default 250 ms). */
  intervalMs?: number;
  /** Most observations held; the oldest go first (default 50,000). */
  maxObservations?: number;
  /** Entries read back per step when the window is refilled at start. */
  tailChunk?: number;
  fusion?: FusionOptions;
  engine?: EngineParamsInput;
  timer?: RunTimer;
};

export type FindingsOptions = FindingsSettings & {
  store: LogStore;
  writer: LogWriter;
  registry: RegistryService;
  agreements: AgreementService;
  clock: () => number;
  onError?: (error: unknown, context: string) => void;
  /**
   * Told the id of each finding logged or reviewed, once its entry is
   * durable (the event bus publishes it; alerts follow from there).
   */
  onChange?: (findingId: string) => void;
};

/**
 * The live findings engine. It follows the log's commits, keeps the
 * observations of a sliding time window in memory, and at most
 * `intervalMs` after new ones arrived runs fusion and the agreement's rules
 * over the window; every finding whose id is not logged yet becomes a
 * `finding` entry. The logged ids are rebuilt from the store at start, so a
 * restart never logs a finding twice. Reviews are logged here too.
 */
export class FindingsService {
  readonly ledger: FindingLedger;
  readonly #o: FindingsOptions;
  readonly #window: ObservationWindow;
  readonly #scheduler: RunScheduler;
  // Findings too large for one entry: reported once, not retried each run.
  readonly #unloggable = new Set<string>();
  // Proposals already refused, so a rerun does not refuse them again.
  readonly #refused = new Set<string>();
  readonly #fusionParams: FusionParams;
  readonly #weather: WeatherContext;
  #reading: Promise<void> = Promise.resolve();
  #unsubscribe: (() => void)[] = [];

  private constructor(options: FindingsOptions, ledger: FindingLedger) {
    this.#o = options;
    this.ledger = ledger;
    this.#window = new ObservationWindow(options.maxObservations ?? 50_000);
    this.#fusionParams = resolveFusionParams(options.fusion);
    this.#weather = new WeatherContext(this.#fusionParams);
    this.#scheduler = new RunScheduler(
      () => this.#run(),
      options.intervalMs ?? 250,
      options.timer ?? realRunTimer
    );
  }

  static async open(options: FindingsOptions): Promise<FindingsService> {
    const ledger = FindingLedger.fromEntries(
      await options.store.readEntriesByType(LEDGER_ENTRY_TYPES)
    );
    const service = new FindingsService(options, ledger);
    // Subscribe first: what commits during the refill is read either way,
    // and the window keeps one copy per index.
    const end = options.writer.nextIndex;
    service.#unsubscribe.push(
      options.writer.onCommit(({ firstIndex, entries }) =>
        service.#follow(firstIndex, entries)
      ),
      options.agreements.onChange(() => {
        // Another agreement may judge a refused proposal differently.
        service.#refused.clear();
        service.#markDirty();
      })
    );
    await service.#refill(end);
    return service;
  }

  /** The window's start now, microseconds since the Unix epoch. */
  #fromMicros(): number {
    return (this.#o.clock() - (this.#o.windowSeconds ?? 1800) * 1000) * 1000;
  }

  /**
   * Windows the observations among committed entries, in commit order. The
   * writer hands over the entries, with admission's parsed observation, so
   * nothing is read back or parsed twice.
   */
  #follow(start: number, entries: readonly NewEntry[]): void {
    this.#reading = this.#reading
      .then(() => {
        if (this.#ingest(entries, start).added > 0) this.#markDirty();
      })
      .catch((error: unknown) => {
        this.#o.onError?.(error, 'findings: reading committed entries failed');
      });
  }

  /** Windows the observations among entries from index `first`. */
  #ingest(
    entries: readonly (Uint8Array | NewEntry)[],
    first: number
  ): { observations: number; added: number } {
    const from = this.#fromMicros();
    let observations = 0;
    let added = 0;
    entries.forEach((entry, k) => {
      // The writer's entries name their type unless they are observations.
      if (!(entry instanceof Uint8Array) && entry.type !== undefined) return;
      const observation =
        entry instanceof Uint8Array
          ? observationOfEntry(entry)
          : (entry.observation ?? observationOfEntry(entry.bytes));
      if (observation === undefined) return;
      observations++;
      const sensor = this.#o.registry.lookup(observation.sensor)?.record;
      if (sensor === undefined) return;
      if (observation.kind === 'weather') {
        const timeMicros = parseRfc3339Micros(observation.time);
        this.#weather.add({
          index: first + k,
          observation,
          sensor,
          timeMicros,
        });
      }
      if (this.#window.add(first + k, observation, sensor, from)) added++;
    });
    return { observations, added };
  }

  /**
   * Refills the window after a restart from the log's tail, reading back
   * until a step holds observations but none recent enough, so findings of
   * observations acknowledged just before a crash or stop are still logged.
   */
  async #refill(end: number): Promise<void> {
    const step = this.#o.tailChunk ?? 1024;
    const most = 2 * (this.#o.maxObservations ?? 50_000);
    for (let stop = end; stop > 0 && end - stop < most; stop -= step) {
      const start = Math.max(0, stop - step);
      const entries = await this.#o.store.readEntries(start, stop);
      const { observations, added } = this.#ingest(entries, start);
      if (observations > 0 && added === 0) break;
    }
    if (this.#window.size > 0) this.#markDirty();
  }

  #markDirty(): void {
    this.#scheduler.markDirty();
  }

  async #run(): Promise<void> {
    const fromMicros = this.#window.evict(this.#fromMicros());
    this.#weather.evict(fromMicros);
    const active = this.#o.agreements.current;
    if (active === undefined || this.#window.size === 0) return;
    let found: Finding[];
    try {
      found = findingsOfWindow({
        observations: this.#window.observations(),
        fromMicros,
        edgeMarginMicros: (this.#o.edgeMarginSeconds ?? 600) * 1e6,
        agreement: active.agreement,
        ...(this.#o.fusion === undefined ? {} : { fusion: this.#o.fusion }),
        ...(this.#o.engine === undefined ? {} : { engine: this.#o.engine }),
      });
    } catch (error) {
      this.#o.onError?.(error, 'findings: fusion or rules failed');
      return;
    }
    await this.#append([...this.#refuse(found, active.agreement)]);
  }

  /** The findings to log for a run's proposals (see refuseFinding). */
  #refuse(proposed: readonly Finding[], agreement: Agreement): Finding[] {
    const settled = (id: string) =>
      this.ledger.has(id) || this.#unloggable.has(id) || this.#refused.has(id);
    const { found, refused, failed } = resolveCandidates(
      proposed,
      {
        observation: (index) => this.#window.get(index),
        weather: this.#weather,
        fusionParams: this.#fusionParams,
      },
      {
        agreement,
        ...(this.#o.fusion === undefined ? {} : { fusion: this.#o.fusion }),
        ...(this.#o.engine === undefined ? {} : { engine: this.#o.engine }),
      },
      settled
    );
    for (const error of failed) {
      this.#o.onError?.(error, 'findings: refusing a finding failed');
    }
    // Bounded: a proposal seen again after this many is only refused twice.
    if (this.#refused.size > 100_000) this.#refused.clear();
    for (const id of refused) this.#refused.add(id);
    return [...found.values()];
  }

  async #append(fresh: readonly Finding[]): Promise<void> {
    const time = formatRfc3339Micros(this.#o.clock() * 1000);
    const entries: NewEntry[] = [];
    const logged: Finding[] = [];
    for (const finding of fresh) {
      try {
        const bytes = encodeLogEntry({
          v: 1,
          type: 'finding',
          time,
          actor: ENGINE_ACTOR,
          finding,
        });
        entries.push({ bytes, type: 'finding' });
        logged.push(finding);
      } catch (error) {
        // ENTRY_TOO_LARGE: too many sources for one entry; skip, say so.
        this.#unloggable.add(finding.properties.id);
        this.#o.onError?.(
          error,
          `findings: ${finding.properties.id} not logged`
        );
      }
    }
    if (entries.length === 0) return;
    const { firstIndex, durable } = this.#o.writer.enqueue(entries);
    logged.forEach((f, k) => this.ledger.addFinding(f, firstIndex + k));
    const ok = await durable.then(
      () => true,
      (error: unknown) => {
        this.#o.onError?.(error, 'findings: commit failed');
        return false;
      }
    );
    if (ok) for (const f of logged) this.#changed(f.properties.id);
  }

  #changed(findingId: string): void {
    try {
      this.#o.onChange?.(findingId);
    } catch (error) {
      this.#o.onError?.(error, 'findings: change listener failed');
    }
  }

  /**
   * Logs a review of a finding by `actor` and waits until it is durable;
   * reviews apply in log order, the later winning. Throws ApiError
   * NOT_FOUND for a finding never logged.
   */
  async review(
    findingId: string,
    verdict: Pick<FindingReview, 'status' | 'reason'>,
    actor: string
  ): Promise<number> {
    if (!this.ledger.has(findingId)) {
      throw new ApiError('NOT_FOUND', `no finding ${findingId}`);
    }
    const review: FindingReview = {
      findingId,
      status: verdict.status,
      reason: verdict.reason,
      actor,
      time: formatRfc3339Micros(this.#o.clock() * 1000),
    };
    let bytes: Uint8Array;
    try {
      bytes = encodeLogEntry({ ...review, v: 1, type: 'finding_review' });
    } catch (error) {
      if (error instanceof CoreError) {
        throw new ApiError('BODY_SCHEMA', error.message, { cause: error });
      }
      throw error;
    }
    const { firstIndex, durable } = this.#o.writer.enqueue([
      { bytes, type: 'finding_review' },
    ]);
    this.ledger.addReview(review);
    await durable;
    this.#changed(findingId);
    return firstIndex;
  }

  /** The versions and resolved parameters findings are computed with. */
  engineInfo() {
    return {
      rules: {
        version: ENGINE_VERSION,
        params: resolveEngineParams(this.#o.engine),
      },
      fusion: {
        version: FUSION_ALGORITHM_VERSION,
        params: resolveFusionParams(this.#o.fusion),
      },
    };
  }

  /**
   * The weather observations a finding on sources at `sourceTimes`, logged
   * at `findingIndex`, was fused with (its evidence file's context).
   */
  contextOf(
    sourceTimes: readonly number[],
    sources: ReadonlySet<number>,
    findingIndex: number
  ) {
    return this.#weather.contextOf(
      sourceTimes,
      sources,
      findingIndex,
      this.#fusionParams
    );
  }

  /** Resolves once committed entries are read and no run is in flight. */
  async settled(): Promise<void> {
    for (;;) {
      await this.#reading;
      const running = this.#scheduler.running;
      if (running === undefined) return;
      await running;
    }
  }

  /** Stops following the log and waits for the run in flight. */
  async stop(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    await this.#reading;
    await this.#scheduler.stop();
  }
}
