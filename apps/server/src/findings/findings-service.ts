import type {
  EngineParamsInput,
  Finding,
  FindingReview,
  FusionOptions,
  FusionParams,
} from '@truce/core';
import {
  ENGINE_VERSION,
  FUSION_ALGORITHM_VERSION,
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
import { findingEntries, reviewEntry } from './finding-entries.js';
import { FindingLedger, LEDGER_ENTRY_TYPES } from './finding-ledger.js';
import { observationOfEntry } from './observation-window.js';
import type { RunTimer } from './run-scheduler.js';
import { RunScheduler, realRunTimer } from './run-scheduler.js';
import type { FindingsEngineOptions } from './findings-engine.js';
import type { FindingsRunner, RunnerObservation } from './findings-runner.js';
import { createInlineRunner } from './findings-runner.js';
import { WeatherContext } from './weather-context.js';
import { FindingsWorkerExited, createWorkerRunner } from './worker-runner.js';
import { ShardMap, defaultStripeDegrees } from './shard-map.js';
import type { ShardRunner } from './sharded-runner.js';
import { createShardedRunner } from './sharded-runner.js';

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
  /**
   * `incremental` (default) fuses each pulse about once (LiveFusion);
   * `window` fuses the whole window on every run, as before issue 4.
   */
  fusionMode?: FindingsEngineOptions['fusionMode'];
  live?: FindingsEngineOptions['live'];
  /**
   * Where fusion runs: `inline` (default) on the event loop; `worker` in a
   * worker thread, so that ingest never waits for a run (the server's
   * default, `findingsThread`).
   */
  thread?: 'inline' | 'worker';
  /** The worker's heap limit, MB (default: Node's). */
  workerHeapMb?: number;
  /**
   * Engines the front is split among by region (`ShardMap`), each in a
   * worker of its own where `thread` is `worker` (default 1: one engine).
   */
  shards?: number;
  /** Their stripes of longitude, degrees (default: `defaultStripeDegrees`). */
  shardStripeDegrees?: number;
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
  readonly #engineOptions: FindingsEngineOptions;
  #runner: FindingsRunner;
  // The weather the engine saw, kept here too for evidence files' context.
  readonly #weather: WeatherContext;
  readonly #fusionParams: FusionParams;
  // Whether a worker run has completed since the worker (re)started.
  #workerProven = false;
  // Set when the worker failed before it ever ran: fusion stays inline.
  #inline = false;
  // Observations handed to the runner since the last run was asked for,
  // and whether some were held back since, the worker being that far
  // behind (its window is then rebuilt from the log).
  #handed = 0;
  #behind = false;
  readonly #scheduler: RunScheduler;
  // Findings too large for one entry: reported once, not retried each run.
  readonly #unloggable = new Set<string>();
  #reading: Promise<void> = Promise.resolve();
  // The commits of logged findings not yet published; never rejects.
  #publishing: Promise<void> = Promise.resolve();
  #unsubscribe: (() => void)[] = [];

  private constructor(options: FindingsOptions, ledger: FindingLedger) {
    this.#o = options;
    this.ledger = ledger;
    this.#engineOptions = {
      ...(options.maxObservations === undefined
        ? {}
        : { maxObservations: options.maxObservations }),
      ...(options.edgeMarginSeconds === undefined
        ? {}
        : { edgeMarginSeconds: options.edgeMarginSeconds }),
      ...(options.fusion === undefined ? {} : { fusion: options.fusion }),
      ...(options.engine === undefined ? {} : { engine: options.engine }),
      ...(options.fusionMode === undefined
        ? {}
        : { fusionMode: options.fusionMode }),
      ...(options.live === undefined ? {} : { live: options.live }),
    };
    this.#fusionParams = resolveFusionParams(options.fusion);
    this.#weather = new WeatherContext(this.#fusionParams);
    this.#runner = this.#createRunner();
    this.#scheduler = new RunScheduler(
      () => this.#run(),
      options.intervalMs ?? 250,
      options.timer ?? realRunTimer,
      options.clock
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
        service.#runner.reset();
        service.#markDirty();
      })
    );
    await service.#refill(end);
    return service;
  }

  #createRunner(): FindingsRunner {
    const onError = (error: unknown, context: string) =>
      this.#o.onError?.(error, context);
    const settled = (id: string) =>
      this.ledger.has(id) || this.#unloggable.has(id);
    const one = (): ShardRunner => {
      if (this.#o.thread !== 'worker' || this.#inline) {
        return createInlineRunner({ ...this.#engineOptions, onError }, settled);
      }
      return this.#createWorker(onError);
    };
    const count = this.#o.shards ?? 1;
    if (count === 1) return one();
    const { maxRangeM } = this.#fusionParams.acoustic;
    const map = new ShardMap({
      count,
      stripeDegrees:
        this.#o.shardStripeDegrees ?? defaultStripeDegrees(maxRangeM),
      haloM: maxRangeM,
    });
    return createShardedRunner(Array.from({ length: count }, one), map);
  }

  #createWorker(onError: (error: unknown, context: string) => void) {
    return createWorkerRunner({
      engine: this.#engineOptions,
      logged: [...this.ledger.findingIds(), ...this.#unloggable],
      onError,
      ...(this.#o.workerHeapMb === undefined
        ? {}
        : { maxHeapMb: this.#o.workerHeapMb }),
    });
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
        if (this.#ingest(entries, start, true).added > 0) this.#markDirty();
      })
      .catch((error: unknown) => {
        this.#o.onError?.(error, 'findings: reading committed entries failed');
      });
  }

  /** Windows the observations among entries from index `first`. */
  #ingest(
    entries: readonly (Uint8Array | NewEntry)[],
    first: number,
    live = false
  ): { observations: number; added: number } {
    const from = this.#fromMicros();
    let observations = 0;
    let added = 0;
    const items: RunnerObservation[] = [];
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
      const index = first + k;
      const timeMicros = parseRfc3339Micros(observation.time);
      // Weather older than the window is still context for its events.
      if (observation.kind === 'weather') {
        this.#weather.add({ index, observation, sensor, timeMicros });
      } else if (timeMicros < from) return;
      items.push({ index, observation, sensor, fromMicros: from });
      if (timeMicros >= from) added++;
    });
    // A worker handed a whole window's worth of observations since its
    // last run was asked for (it is that far behind) is handed no more:
    // they would queue in memory without bound. They are in the log, and
    // its window is rebuilt from there after the next run. Engines split
    // by region share the count, each taking its region's.
    const cap = (this.#o.maxObservations ?? 50_000) * (this.#o.shards ?? 1);
    if (
      live &&
      this.#o.thread === 'worker' &&
      this.#handed + items.length > cap
    ) {
      this.#behind = true;
      return { observations, added };
    }
    this.#handed += items.length;
    this.#runner.add(items);
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
    this.#markDirty();
  }

  #markDirty(): void {
    this.#scheduler.markDirty();
  }

  async #run(): Promise<void> {
    let found: Finding[];
    const fromMicros = this.#fromMicros();
    this.#weather.evict(fromMicros);
    this.#handed = 0;
    try {
      found = await this.#runner.run(
        fromMicros,
        this.#o.agreements.current?.agreement,
        this.#o.clock() * 1000,
        (early) => this.#appendEarly(early)
      );
    } catch (error) {
      this.#o.onError?.(error, 'findings: fusion or rules failed');
      if (error instanceof FindingsWorkerExited) await this.#restart();
      return;
    }
    this.#workerProven = true;
    this.#append(found);
    if (this.#behind) {
      this.#behind = false;
      this.#o.onError?.(
        new Error('the findings worker fell a window behind'),
        'findings: its window is rebuilt from the log'
      );
      await this.#runner.close();
      this.#runner = this.#createRunner();
      await this.#publishing; // what the log holds up to its next index
      await this.#refill(this.#o.writer.nextIndex);
    }
  }

  /**
   * A new runner after the worker stopped, its window refilled from the
   * log as at start, so no acknowledged observation is left unfused. A
   * worker that stopped before any run completed (it cannot start here)
   * is not tried again: fusion goes on on the event loop.
   */
  async #restart(): Promise<void> {
    await this.#runner.close();
    if (!this.#workerProven) {
      this.#inline = true;
      this.#o.onError?.(
        new Error('the findings worker never ran'),
        'findings: fusion continues on the main thread'
      );
    }
    this.#workerProven = false;
    this.#runner = this.#createRunner();
    await this.#publishing; // what the log holds up to its next index
    await this.#refill(this.#o.writer.nextIndex);
  }

  /**
   * Logs findings a run hands over before it ends. Called from the
   * worker's message handler, so a failure (the writer stopped) is
   * reported here rather than thrown where nothing catches it.
   */
  #appendEarly(found: readonly Finding[]): void {
    try {
      this.#append(found);
    } catch (error) {
      this.#o.onError?.(error, 'findings: logging a finding failed');
    }
  }

  /**
   * Logs a run's findings. The ledger takes them at once, so the next run
   * returns none of them again; it need not wait for their commit, and
   * they are published (`onChange`) once durable, in the order logged.
   */
  #append(fresh: readonly Finding[]): void {
    const { entries, logged, failed } = findingEntries(
      fresh,
      formatRfc3339Micros(this.#o.clock() * 1000),
      ENGINE_ACTOR
    );
    for (const { finding, error } of failed) {
      this.#unloggable.add(finding.properties.id);
      this.#o.onError?.(error, `findings: ${finding.properties.id} not logged`);
    }
    if (entries.length === 0) return;
    const { firstIndex, durable } = this.#o.writer.enqueue(entries);
    logged.forEach((f, k) => this.ledger.addFinding(f, firstIndex + k));
    // Handled at once: a commit that fails before the ones ahead of it are
    // published is no unhandled rejection.
    const ok = durable.then(
      () => true,
      (error: unknown) => {
        this.#o.onError?.(error, 'findings: commit failed');
        return false;
      }
    );
    this.#publishing = this.#publishing.then(async () => {
      if (await ok) for (const f of logged) this.#changed(f.properties.id);
    });
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
    const { firstIndex, durable } = this.#o.writer.enqueue([
      reviewEntry(review),
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

  /** The weather a finding's sources were fused with (FindingsEngine). */
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

  /**
   * Resolves once committed entries are read, no run is in flight and what
   * the runs logged is durable.
   */
  async settled(): Promise<void> {
    for (;;) {
      await this.#reading;
      const running = this.#scheduler.running;
      if (running === undefined) break;
      await running;
    }
    await this.#publishing;
  }

  /**
   * Resolves once the entries committed so far are read and every run they
   * call for has ended, the pending one included: what the engine finds in
   * them is logged. (`settled` does not wait for a pending run, so a test
   * that fires the engine's timer by hand can use it.)
   */
  async idle(): Promise<void> {
    for (;;) {
      const reading = this.#reading;
      await reading;
      await this.#scheduler.idle();
      if (reading === this.#reading) break;
    }
    await this.#publishing;
  }

  /** Stops following the log and waits for the run in flight. */
  async stop(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    await this.#reading;
    await this.#scheduler.stop();
    await this.#publishing;
    await this.#runner.close();
  }
}
