import type { Finding } from '@truce/core';
import type { FindingsRunner, RunnerObservation } from './findings-runner.js';
import type { ShardMap } from './shard-map.js';

/** A runner that may have stopped for good (a worker's). */
export type ShardRunner = FindingsRunner & {
  readonly failure?: Error | undefined;
};

/**
 * One findings engine per region (`ShardMap`), run side by side: each in a
 * worker thread of its own where the runners are workers, so the live
 * engine uses as many cores as it has regions. Each engine is handed the
 * observations its region needs and keeps the findings whose point lies in
 * its stripes; an engine that also found an event of a neighbour's stripe
 * (heard by sensors in its margin) drops it. A run resolves when every
 * engine's has; if one fails, the run fails, and `failure` is the first
 * stop of an engine that stopped.
 */
export function createShardedRunner(
  runners: readonly ShardRunner[],
  map: ShardMap
): FindingsRunner & { readonly failure: Error | undefined } {
  if (runners.length !== map.count) {
    throw new RangeError(
      `${runners.length} runners for a map of ${map.count} shards`
    );
  }
  return {
    get failure() {
      return runners.find((r) => r.failure !== undefined)?.failure;
    },
    add(items) {
      const parts = runners.map((): RunnerObservation[] => []);
      for (const item of items) {
        for (const k of map.route(item.observation, item.sensor)) {
          parts[k]!.push(item);
        }
      }
      parts.forEach((part, k) => {
        if (part.length > 0) runners[k]!.add(part);
      });
    },
    reset() {
      for (const r of runners) r.reset();
    },
    async run(nowFromMicros, agreement, nowMicros, early) {
      // A finding's id fixes its point, so no two engines keep one id.
      const own = (findings: Finding[], k: number) =>
        findings.filter((f) => map.owner(f.geometry.coordinates[0]) === k);
      const results = await Promise.all(
        runners.map((r, k) =>
          r.run(
            nowFromMicros,
            agreement,
            nowMicros,
            early === undefined
              ? undefined
              : (found) => {
                  const kept = own(found, k);
                  if (kept.length > 0) early(kept);
                }
          )
        )
      );
      return results.flatMap(own);
    },
    async close() {
      await Promise.all(runners.map((r) => r.close()));
    },
  };
}
