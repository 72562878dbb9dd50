/** Schedules `run` after `delayMs`; returns a cancel function. */
export type RunTimer = (run: () => void, delayMs: number) => () => void;

export const realRunTimer: RunTimer = (run, delayMs) => {
  const handle = setTimeout(run, delayMs);
  return () => clearTimeout(handle);
};

/**
 * Runs a job at most `intervalMs` after something changed, one run at a
 * time. The timer starts at the first change that finds none pending and
 * is never pushed back, so a steady stream of changes cannot postpone a
 * run. Changes during a run get one more run after it, `intervalMs` after
 * the first of them (by `now`, milliseconds) or at once if that has
 * passed: a run that takes longer than the interval is followed by the
 * next straight away, not an interval later, so what came during it waits
 * no longer than it must.
 */
export class RunScheduler {
  readonly #job: () => Promise<void>;
  readonly #intervalMs: number;
  readonly #timer: RunTimer;
  #cancel: (() => void) | undefined;
  /** Resolves when the pending run starts, or is cancelled. */
  #started: Promise<void> | undefined;
  #start: (() => void) | undefined;
  #running: Promise<void> | undefined;
  readonly #now: () => number;
  // When the first change not yet run came (undefined: none).
  #dirtySince: number | undefined;
  #stopped = false;

  /** Without `now`, a run after a run waits the whole interval. */
  constructor(
    job: () => Promise<void>,
    intervalMs: number,
    timer: RunTimer,
    now: () => number = () => 0
  ) {
    this.#job = job;
    this.#intervalMs = intervalMs;
    this.#timer = timer;
    this.#now = now;
  }

  /** Something changed: make sure a run follows within `intervalMs`. */
  markDirty(): void {
    this.#dirtySince ??= this.#now();
    this.#schedule();
  }

  get #dirty(): boolean {
    return this.#dirtySince !== undefined;
  }

  #schedule(): void {
    if (this.#stopped || this.#cancel !== undefined) return;
    if (this.#running !== undefined) return;
    // Clamped, so that a clock set back never delays a run.
    const now = this.#now();
    const waited = Math.max(0, now - (this.#dirtySince ?? now));
    this.#started = new Promise((resolve) => (this.#start = resolve));
    this.#cancel = this.#timer(
      () => {
        this.#cancel = undefined;
        this.#dirtySince = undefined;
        this.#running = this.#job().finally(() => {
          this.#running = undefined;
          if (this.#dirty) this.#schedule();
        });
        this.#release();
      },
      Math.max(0, this.#intervalMs - waited)
    );
  }

  #release(): void {
    this.#start?.();
    this.#start = undefined;
    this.#started = undefined;
  }

  /** The run in flight, if any (resolves when it ends). */
  get running(): Promise<void> | undefined {
    return this.#running;
  }

  /**
   * Resolves once no run is pending or in flight: the runs that changes
   * so far call for have all ended (or were cancelled by stop).
   */
  async idle(): Promise<void> {
    for (;;) {
      const next = this.#running ?? this.#started;
      if (next === undefined) return;
      await next;
    }
  }

  /** Cancels the pending run and waits for the one in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancel?.();
    this.#cancel = undefined;
    this.#release();
    await this.#running;
  }
}
