import { describe, expect, it } from 'vitest';
import { fetchInOrder } from './fetch-in-order.js';

function deferredTasks(count: number) {
  let running = 0;
  let peak = 0;
  const tasks = Array.from({ length: count }, (_, i) => async () => {
    running++;
    peak = Math.max(peak, running);
    // Later tasks finish first, so order must come from the iterator.
    await new Promise((resolve) => setTimeout(resolve, (count - i) * 2));
    running--;
    return i;
  });
  return { tasks, peak: () => peak };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('fetchInOrder', () => {
  it('yields results in task order with at most `concurrency` in flight', async () => {
    const { tasks, peak } = deferredTasks(10);
    expect(await collect(fetchInOrder(tasks, 3))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(peak()).toBe(3);
  });

  it('runs one at a time when concurrency is below 1', async () => {
    const { tasks, peak } = deferredTasks(3);
    expect(await collect(fetchInOrder(tasks, 0))).toEqual([0, 1, 2]);
    expect(peak()).toBe(1);
  });

  it('yields nothing for no tasks', async () => {
    expect(await collect(fetchInOrder([], 4))).toEqual([]);
  });

  describe('when a task fails', () => {
    it('rejects in its turn, after the results before it', async () => {
      const failure = new Error('boom');
      const seen: number[] = [];
      const tasks = [
        async () => 0,
        () => Promise.reject(failure),
        async () => 2,
      ];
      await expect(
        (async () => {
          for await (const item of fetchInOrder(tasks, 3)) seen.push(item);
        })()
      ).rejects.toBe(failure);
      expect(seen).toEqual([0]);
    });
  });
});
