const ignore = () => {};

/**
 * Runs async tasks with at most `concurrency` in flight and yields their
 * results in task order. A task that fails rejects the iteration when its
 * turn comes; tasks already started are left to settle.
 */
export async function* fetchInOrder<T>(
  tasks: readonly (() => Promise<T>)[],
  concurrency: number
): AsyncGenerator<T> {
  const limit = Math.max(1, Math.floor(concurrency));
  const queue: Promise<T>[] = [];
  let next = 0;
  while (queue.length > 0 || next < tasks.length) {
    while (next < tasks.length && queue.length < limit) {
      const task = tasks[next++]!;
      const promise = Promise.resolve().then(task);
      // Handled here so a failure that waits its turn is not "unhandled".
      promise.catch(ignore);
      queue.push(promise);
    }
    yield await queue.shift()!;
  }
}
