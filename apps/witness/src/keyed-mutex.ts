/** Runs tasks one at a time per key; different keys run independently. */
export type KeyedMutex = {
  run<T>(key: string, task: () => Promise<T> | T): Promise<T>;
  /** Keys with a task queued or running (entries are dropped when idle). */
  readonly size: number;
};

/** A per-key FIFO lock built on promise chains. */
export function createKeyedMutex(): KeyedMutex {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T> | T): Promise<T> {
      // Tails never reject, so the next task always runs.
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(() => task());
      // The chain continues whether the task fails or not.
      const tail = result.then(
        () => undefined,
        () => undefined
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    get size() {
      return tails.size;
    },
  };
}
