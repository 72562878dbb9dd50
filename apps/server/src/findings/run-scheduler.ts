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
 * run; changes during a run get one more run after it.
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
  #dirty = false;
  #stopped = false;

  constructor(job: () => Promise<void>, intervalMs: number, timer: RunTimer) {
    this.#job = job;
    this.#intervalMs = intervalMs;
    this.#timer = timer;
  }

  /** Something changed: make sure a run follows within `intervalMs`. */
  markDirty(): void {
    this.#dirty = true;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped || this.#cancel !== undefined) return;
    if (this.#running !== undefined) return;
    this.#started = new Promise((resolve) => (this.#start = resolve));
    this.#cancel = this.#timer(() => {
      this.#cancel = undefined;
      this.#dirty = false;
      this.#running = this.#job().finally(() => {
        this.#running = undefined;
        if (this.#dirty) this.#schedule();
      });
      this.#release();
    }, this.#intervalMs);
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
