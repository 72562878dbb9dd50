// The findings engine in a worker thread (the server's default): the same
// findings as inline, each logged once, also across a restart, and a
// stopped worker replaced without losing what was acknowledged.
import { afterEach, describe, expect, it } from 'vitest';
import { verifyEvidence } from '@truce/core';
import type { TestLog, createTestLog } from './helpers.js';
import { signPayload } from './helpers.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import { createWorkerRunner } from '../src/findings/worker-runner.js';
import type { RunnerObservation } from '../src/findings/findings-runner.js';
import {
  engineLog as openEngineLog,
  SENSORS,
  loggedFindings,
  runEngine,
  shotEnvelopes,
  submit,
} from './findings-scene.js';

const open: TestLog[] = [];
afterEach(async () => {
  for (const log of open.splice(0)) await log.close();
});

const engineLog = (
  thread: 'inline' | 'worker',
  options: Parameters<typeof createTestLog>[0] = {}
) => openEngineLog(open, { findingsThread: thread, ...options });

/** The logged findings' sources, for comparing runs. */
async function sourcesLogged(log: TestLog) {
  return (await loggedFindings(log)).map(
    (f) => f.entry.finding.properties.sources
  );
}

/**
 * Two shots, the second's pulses in two parts with runs between: the
 * sources of each finding logged, in log order.
 */
async function twoShotsLogged({
  log,
  timer,
}: Awaited<ReturnType<typeof engineLog>>) {
  await submit(log, shotEnvelopes(-60_000, 0));
  await submit(log, shotEnvelopes(-30_000, 1, [0, 1, 2, 3]));
  await runEngine(log, timer);
  // Later pulses of the second shot: its finding is fused again.
  await submit(log, shotEnvelopes(-30_000, 1, [4, 5]));
  await runEngine(log, timer);
  await runEngine(log, timer);
  return sourcesLogged(log);
}

describe('the findings engine in a worker thread', () => {
  it('logs the same findings as on the event loop, each once', async () => {
    const logged: Record<string, number[][]> = {};
    for (const thread of ['inline', 'worker'] as const) {
      logged[thread] = await twoShotsLogged(await engineLog(thread));
    }
    expect(logged.worker!.length).toBeGreaterThanOrEqual(2);
    expect(logged.worker).toEqual(logged.inline);
    // Reruns returned nothing twice: no two entries share their sources.
    const distinct = new Set(logged.worker!.map((s) => s.join(',')));
    expect(distinct.size).toBe(logged.worker!.length);
  });

  it('logs the findings a run hands over before its pool fusion first', async () => {
    const logged: Record<string, number[][]> = {};
    for (const thread of ['inline', 'worker'] as const) {
      const { log, timer } = await engineLog(thread);
      await submit(log, shotEnvelopes(-60_000, 0));
      const shot1 = await submit(log, shotEnvelopes(-30_000, 1, [0, 1, 2, 3]));
      await runEngine(log, timer);
      // One run refuses shot 1's open event and fuses shot 2 in the pool.
      shot1.push(...(await submit(log, shotEnvelopes(-30_000, 1, [4, 5]))));
      const shot2 = await submit(log, shotEnvelopes(-10_000, 2));
      await runEngine(log, timer);
      logged[thread] = await sourcesLogged(log);
      expect(logged[thread]!.slice(-2)).toEqual([
        shot1.map((r) => r.index),
        shot2.map((r) => r.index),
      ]);
    }
    expect(logged.worker).toEqual(logged.inline);
  });

  it('does not log again, after a restart, what the log already holds', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    try {
      const first = await engineLog('worker', { store });
      await submit(first.log, shotEnvelopes(-30_000, 0));
      await runEngine(first.log, first.timer);
      const before = await loggedFindings(first.log);
      expect(before).toHaveLength(1);
      await first.log.close();
      open.splice(open.indexOf(first.log), 1);
      // The new worker refills its window from the log and fuses the same
      // shot again; the ledger's ids tell it the finding is logged.
      const second = await engineLog('worker', { store });
      await runEngine(second.log, second.timer);
      expect(await loggedFindings(second.log)).toEqual(before);
    } finally {
      for (const log of open.splice(0)) await log.close();
      await store.close();
    }
  });

  // The weather of 23:58 lies in the window; that of 23:20 before it (the
  // window is 30 minutes) but within the 3 hours a report sets the speed
  // of sound: context all the same.
  it.each([
    ['worker', '2026-11-30T23:58:00Z'],
    ['worker', '2026-11-30T23:20:00Z'],
    ['inline', '2026-11-30T23:58:00Z'],
    ['inline', '2026-11-30T23:20:00Z'],
  ] as const)(
    'gives a finding (%s) an evidence file with the weather of %s it was fused with, and it verifies',
    async (thread, time) => {
      const station = SENSORS[0]!;
      const { log, timer } = await engineLog(thread);
      const weather = signPayload(
        {
          sensor: station.record.id,
          seq: 0,
          time,
          kind: 'weather',
          weather: { temperatureC: 4 },
        },
        station.seed
      );
      const [report] = await submit(log, [weather]);
      await submit(log, shotEnvelopes(-30_000, 1));
      await runEngine(log, timer);
      const [finding] = await loggedFindings(log);
      await log.services.sequencer.integrate();
      const file = (
        await log.app.inject({
          url: `/v1/findings/${finding!.entry.finding.properties.id}/evidence`,
        })
      ).json();
      expect(
        file.context.map((c: { proof: { index: number } }) => c.proof.index)
      ).toEqual([report!.index]);
      const checked = verifyEvidence(file, {
        trust: [log.services.verifierKey],
      });
      expect(checked.ok ? [] : checked.issues).toEqual([]);
    }
  );
});

describe('findings engines split by region', () => {
  // 0.0173° stripes: the gun's (37.5929-37.6102° E) is engine 1's, those
  // either side engine 0's, and the ring's sensors stand in all three, so
  // both engines hear every shot and only the gun's owner logs it.
  it.each(['inline', 'worker'] as const)(
    'log the same findings as one engine, each once (%s)',
    async (thread) => {
      const logged: number[][][] = [];
      for (const shards of [1, 2]) {
        const opened = await engineLog(thread, {
          findingsShards: shards,
          findingsShardDegrees: 0.0173,
        });
        logged.push(await twoShotsLogged(opened));
      }
      expect(logged[0]!.length).toBeGreaterThanOrEqual(2);
      expect(logged[1]).toEqual(logged[0]);
    }
  );
});

describe('a findings commit that fails', () => {
  it('is reported, and the finding is not published', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    // The disk refuses finding entries; everything else commits.
    const failing = new Proxy(store, {
      get(target, key) {
        if (key === 'appendEntries') {
          return async (entries: readonly { type?: string }[]) => {
            if (entries.some((e) => e.type === 'finding')) {
              throw new Error('disk full');
            }
            return target.appendEntries(entries as never);
          };
        }
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const errors: string[] = [];
    const { log, timer } = await engineLog('inline', {
      store: failing,
      onBackgroundError: (_error, context) => errors.push(context),
    });
    const seen: string[] = [];
    log.services.events.subscribe((e) => seen.push(e.type));
    await submit(log, shotEnvelopes(-30_000, 0));
    await runEngine(log, timer);
    expect(errors).toContain('findings: commit failed');
    expect(seen).not.toContain('finding');
    expect(await loggedFindings(log)).toEqual([]);
    for (const opened of open.splice(0)) await opened.close();
    await store.close();
  });
});

describe('a findings worker a window behind', () => {
  it('is handed no more, and its window is rebuilt from the log after its run', async () => {
    const errors: string[] = [];
    // The window holds 8 observations: 12 handed before a run is too many.
    const { log, timer } = await engineLog('worker', {
      findingsMaxObservations: 8,
      onBackgroundError: (_error, context) => errors.push(context),
    });
    await submit(log, shotEnvelopes(-60_000, 0));
    await submit(log, shotEnvelopes(-30_000, 1));
    await runEngine(log, timer);
    expect(errors).toEqual(['findings: its window is rebuilt from the log']);
    // That run saw the first shot only; the rebuilt window holds the second.
    const first = await sourcesLogged(log);
    await runEngine(log, timer);
    const after = await sourcesLogged(log);
    expect(after.length).toBe(first.length + 1);
    expect(after.at(-1)).toHaveLength(6);
    expect(after.at(-1)!.every((i) => !first.flat().includes(i))).toBe(true);
  });
});

describe('a findings worker that cannot run', () => {
  it.each([1, 2])(
    'is reported, and fusion goes on on the event loop with nothing lost (%i engines)',
    async (shards) => {
      const errors: string[] = [];
      // Too little heap to load the engine: the thread dies at start.
      const { log, timer } = await engineLog('worker', {
        findingsWorkerHeapMb: 1,
        findingsShards: shards,
        findingsShardDegrees: 0.0173,
        onBackgroundError: (_error, context) => errors.push(context),
      });
      await submit(log, shotEnvelopes(-30_000, 0));
      await runEngine(log, timer);
      expect(errors).toEqual([
        'findings: fusion or rules failed',
        'findings: fusion continues on the main thread',
      ]);
      expect(await loggedFindings(log)).toEqual([]);
      // The window was refilled from the log into the inline engine.
      await runEngine(log, timer);
      expect(await loggedFindings(log)).toHaveLength(1);
    }
  );
});

describe('the worker runner', () => {
  it('rejects the run in flight and every later one once its thread dies', async () => {
    const errors: string[] = [];
    const runner = createWorkerRunner({
      engine: {},
      logged: [],
      onError: (_e, context) => errors.push(context),
    });
    try {
      const ok = await runner.run(0, undefined);
      expect(ok).toEqual([]);
      expect(runner.failure).toBeUndefined();
      // An observation without its content throws inside the worker's
      // message handler, outside any run: the thread stops.
      runner.add([
        {
          index: 1,
          sensor: SENSORS[0]!.record,
        } as unknown as RunnerObservation,
      ]);
      await expect(runner.run(0, undefined)).rejects.toThrow(
        /findings worker stopped/
      );
      expect(runner.failure?.name).toBe('FindingsWorkerExited');
      await expect(runner.run(0, undefined)).rejects.toThrow(
        /findings worker stopped/
      );
    } finally {
      await runner.close();
    }
  });
});
