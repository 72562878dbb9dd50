import { describe, expect, it } from 'vitest';
import type { Finding, Observation } from '@truce/core';
import type { RunnerObservation } from './findings-runner.js';
import { ShardMap } from './shard-map.js';
import type { ShardRunner } from './sharded-runner.js';
import { createShardedRunner } from './sharded-runner.js';

/** A runner that records what it is handed and returns what it is told. */
function fakeRunner(returns: Finding[] = [], early: Finding[] = []) {
  const added: number[] = [];
  const calls: string[] = [];
  let failure: Error | undefined;
  const runner: ShardRunner = {
    get failure() {
      return failure;
    },
    add(items) {
      added.push(...items.map((o) => o.index));
    },
    reset() {
      calls.push('reset');
    },
    async run(_from, _agreement, _now, handOver) {
      calls.push('run');
      if (failure !== undefined) throw failure;
      if (early.length > 0) handOver?.(early);
      return returns;
    },
    async close() {
      calls.push('close');
    },
  };
  return {
    runner,
    added,
    calls,
    fail: (e: Error) => (failure = e),
  };
}

const finding = (id: string, lon: number) =>
  ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lon, 48] },
    properties: { id },
  }) as unknown as Finding;

const item = (
  index: number,
  kind: Observation['kind'],
  lon: number
): RunnerObservation => ({
  index,
  observation: { kind } as Observation,
  sensor: { id: `s-${index}`, kind: 'acoustic', position: [lon, 48, 0] },
  fromMicros: 0,
});

// Two engines, 1° stripes: engine 0 owns 38-39° E, engine 1 37-38° E.
const map = new ShardMap({ count: 2, stripeDegrees: 1, haloM: 5000 });

describe('createShardedRunner', () => {
  it('hands each engine the pulses near its stripes and the rest to all', () => {
    const [a, b] = [fakeRunner(), fakeRunner()];
    const runner = createShardedRunner([a.runner, b.runner], map);
    runner.add([
      item(1, 'acoustic', 38.5),
      item(2, 'acoustic', 37.5),
      item(3, 'acoustic', 37.99), // within range of the boundary
      item(4, 'heartbeat', 38.5),
      item(5, 'radar', 38.5),
      item(6, 'weather', 37.5),
    ]);
    expect(a.added).toEqual([1, 3, 4, 5, 6]);
    expect(b.added).toEqual([2, 3, 5, 6]);
  });

  it("keeps each engine's findings in its own stripes", async () => {
    const a = fakeRunner([finding('a-own', 38.2), finding('a-other', 37.99)]);
    const b = fakeRunner([finding('b-own', 37.99), finding('b-other', 38.01)]);
    const runner = createShardedRunner([a.runner, b.runner], map);
    const found = await runner.run(0, undefined);
    expect(found.map((f) => f.properties.id)).toEqual(['a-own', 'b-own']);
  });

  it('hands over early only what each engine owns', async () => {
    const a = fakeRunner(
      [],
      [finding('a-own', 38.2), finding('a-other', 37.5)]
    );
    const b = fakeRunner([], [finding('b-other', 38.5)]);
    const runner = createShardedRunner([a.runner, b.runner], map);
    const handed: string[][] = [];
    await runner.run(0, undefined, undefined, (found) =>
      handed.push(found.map((f) => f.properties.id))
    );
    expect(handed).toEqual([['a-own']]);
  });

  it('resets, runs and closes every engine', async () => {
    const engines = [fakeRunner(), fakeRunner()];
    const runner = createShardedRunner(
      engines.map((e) => e.runner),
      map
    );
    runner.reset();
    await runner.run(0, undefined);
    await runner.close();
    for (const e of engines) expect(e.calls).toEqual(['reset', 'run', 'close']);
  });

  it('fails a run when one engine stopped, and names its failure', async () => {
    const [a, b] = [fakeRunner(), fakeRunner()];
    const runner = createShardedRunner([a.runner, b.runner], map);
    expect(runner.failure).toBeUndefined();
    const stopped = new Error('worker stopped');
    b.fail(stopped);
    expect(runner.failure).toBe(stopped);
    await expect(runner.run(0, undefined)).rejects.toBe(stopped);
  });

  it('refuses runners that do not match the map', () => {
    expect(() => createShardedRunner([fakeRunner().runner], map)).toThrow(
      /1 runners for a map of 2 shards/
    );
  });
});
