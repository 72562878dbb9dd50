import type { LogStore, NewEntry } from '../storage/store.js';

type Waiting = {
  count: number;
  resolve: () => void;
  reject: (error: unknown) => void;
};

export type CommitListener = (info: {
  firstIndex: number;
  count: number;
  /** The entries now durable at firstIndex onwards. */
  entries: readonly NewEntry[];
}) => void;

/** Thrown for every append once a commit has failed. */
export class LogWriterFailedError extends Error {
  readonly code = 'LOG_WRITER_FAILED';
}

export type Enqueued = {
  /** The index of the first entry: fixed at enqueue time, in call order. */
  firstIndex: number;
  /** Resolves once the entries are durable; only then may they be acknowledged. */
  durable: Promise<void>;
};

/**
 * The single path by which entries enter the store. Indexes are assigned
 * synchronously, in call order, so callers can update their in-memory state
 * (last seq per sensor, the registry) in the same turn, before any other
 * request is admitted. Calls that arrive while a commit is in flight share
 * the next commit (group commit: one fsync acknowledges many requests).
 *
 * If a commit fails, the in-memory state no longer matches the store, so the
 * writer refuses every later append: the process must restart and rebuild
 * its state from the store.
 */
export class LogWriter {
  readonly #store: LogStore;
  readonly #listeners = new Set<CommitListener>();
  #pending: NewEntry[] = [];
  #waiting: Waiting[] = [];
  #nextIndex: number;
  #flushing = false;
  #failure: unknown;

  private constructor(store: LogStore, nextIndex: number) {
    this.#store = store;
    this.#nextIndex = nextIndex;
  }

  static async open(store: LogStore): Promise<LogWriter> {
    return new LogWriter(store, await store.sequencedSize());
  }

  /** The index the next entry will get. */
  get nextIndex(): number {
    return this.#nextIndex;
  }

  get failed(): boolean {
    return this.#failure !== undefined;
  }

  onCommit(listener: CommitListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  enqueue(entries: readonly NewEntry[]): Enqueued {
    if (this.#failure !== undefined) {
      throw new LogWriterFailedError(
        'the log writer stopped after a failed commit',
        {
          cause: this.#failure,
        }
      );
    }
    const firstIndex = this.#nextIndex;
    this.#nextIndex += entries.length;
    const durable = new Promise<void>((resolve, reject) => {
      this.#pending.push(...entries);
      this.#waiting.push({ count: entries.length, resolve, reject });
    });
    if (!this.#flushing) {
      this.#flushing = true;
      // Let the requests already parsed in this turn join the commit.
      setImmediate(() => void this.#flush());
    }
    return { firstIndex, durable };
  }

  async #flush(): Promise<void> {
    while (this.#waiting.length > 0 && this.#failure === undefined) {
      const entries = this.#pending;
      const waiting = this.#waiting;
      this.#pending = [];
      this.#waiting = [];
      try {
        const expected = this.#nextIndex - entries.length - this.#queuedCount();
        const firstIndex = await this.#store.appendEntries(entries);
        if (firstIndex !== expected) {
          throw new Error(
            `store assigned index ${firstIndex}, the writer expected ${expected}`
          );
        }
        for (const w of waiting) w.resolve();
        for (const listener of this.#listeners) {
          listener({ firstIndex, count: entries.length, entries });
        }
      } catch (error) {
        this.#failure = error;
        for (const w of [...waiting, ...this.#waiting]) w.reject(error);
        this.#waiting = [];
        this.#pending = [];
      }
    }
    this.#flushing = false;
  }

  #queuedCount(): number {
    return this.#pending.length;
  }
}
