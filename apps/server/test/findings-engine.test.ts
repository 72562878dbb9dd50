import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  canonicalJson,
  formatNoteSignature,
  parseNote,
  parseAgreement,
  parseWitnessPolicy,
  signCosignature,
  SHORT_RANGE_ACOUSTIC,
} from '@truce/core';
import type { Finding } from '@truce/core';
import { FindingsEngine } from '../src/findings/findings-engine.js';
import { findingsOfWindow } from '../src/findings/window-findings.js';
import { keyPairFromSeed } from '../src/signing/key-file.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import type { LogStore } from '../src/storage/store.js';
import type { TestLog, createTestLog } from './helpers.js';
import { NOW_MS, seedFrom, signPayload } from './helpers.js';
import {
  AGREEMENT,
  engineLog as openEngineLog,
  SENSORS,
  loggedFindings,
  runEngine,
  shotEnvelopes,
  shotPayloads,
  submit,
} from './findings-scene.js';

const open: TestLog[] = [];
afterEach(async () => {
  for (const log of open.splice(0)) await log.close();
});

const engineLog = (options?: Parameters<typeof createTestLog>[0]) =>
  openEngineLog(open, options);

describe('FindingsEngine.run with an early hand-off', () => {
  /**
   * Two runs: shots 0 and 1 (shot 1 heard by four sensors), then shot 1's
   * last two pulses with a third shot's six. The second run refuses shot
   * 1's open event and fuses the pool for shot 2.
   */
  function twoRuns(early: boolean) {
    const engine = new FindingsEngine({
      fusion: { acoustic: SHORT_RANGE_ACOUSTIC },
    });
    const agreement = parseAgreement(AGREEMENT);
    let index = 0;
    const add = (shot: ReturnType<typeof shotPayloads>) =>
      shot.map(({ sensor, payload }) => {
        engine.add(++index, payload, sensor.record, 0);
        return index;
      });
    const logged = new Set<string>();
    const run = () => {
      const handed: Finding[][] = [];
      const rest = engine.run(
        0,
        agreement,
        (id) => logged.has(id),
        NOW_MS * 1000,
        early ? (found) => handed.push(found) : undefined
      );
      for (const f of [...handed.flat(), ...rest]) logged.add(f.properties.id);
      return { handed, rest };
    };
    add(shotPayloads(-60_000, 0));
    const shot1 = add(shotPayloads(-30_000, 1, [0, 1, 2, 3]));
    const first = run();
    shot1.push(...add(shotPayloads(-30_000, 1, [4, 5])));
    const shot2 = add(shotPayloads(-10_000, 2));
    return { first, second: run(), shot1, shot2 };
  }
  const sourcesOf = (findings: Finding[]) =>
    findings.map((f) => f.properties.sources);

  it('hands over the refused open events before the pool is fused', () => {
    const { second, shot1, shot2 } = twoRuns(true);
    expect(second.handed.map(sourcesOf)).toEqual([[shot1]]);
    expect(sourcesOf(second.rest)).toEqual([shot2]);
  });

  it('finds what it finds without one, byte for byte', () => {
    const withEarly = twoRuns(true);
    const without = twoRuns(false);
    for (const k of ['first', 'second'] as const) {
      expect(without[k].handed).toEqual([]);
      expect(
        canonicalJson([...withEarly[k].handed.flat(), ...withEarly[k].rest])
      ).toEqual(canonicalJson(without[k].rest));
    }
  });
});

describe('the live findings engine', () => {
  it('runs within 250 ms of an acknowledged observation, and that one run logs the finding', async () => {
    const { log, timer } = await engineLog();
    const accepted = await submit(log, shotEnvelopes(-30_000, 0));
    await log.services.findings.settled();
    // The latency bound is this delay plus one run of fusion and rules.
    expect(timer.waiting.map((t) => t.delayMs)).toEqual([250]);
    expect(await loggedFindings(log)).toEqual([]);
    await runEngine(log, timer);
    const logged = await loggedFindings(log);
    expect(logged).toHaveLength(1);
    expect(logged[0]!.entry.finding.properties.sources).toEqual(
      accepted.map((r) => r.index)
    );
    expect(logged[0]!.index).toBeGreaterThan(accepted.at(-1)!.index);
    expect(timer.waiting).toEqual([]);
  });

  it('is idle only once the run an acknowledged observation calls for has logged its finding', async () => {
    const { log, timer } = await engineLog();
    await submit(log, shotEnvelopes(-30_000, 0));
    let idle = false;
    const waited = log.services.findings.idle().then(() => (idle = true));
    await log.services.findings.settled();
    expect(idle).toBe(false);
    expect(timer.fire()).toBe(1);
    await waited;
    expect(await loggedFindings(log)).toHaveLength(1);
    expect(timer.waiting).toEqual([]);
  });

  it('gives a burst of batches one run, not one each', async () => {
    const { log, timer } = await engineLog();
    for (const i of [0, 1, 2, 3, 4, 5]) {
      await submit(log, shotEnvelopes(-30_000, 0, [i]));
    }
    await log.services.findings.settled();
    expect(timer.waiting).toHaveLength(1);
    await runEngine(log, timer);
    expect(await loggedFindings(log)).toHaveLength(1);
  });

  it('logs nothing again when a rerun finds the same findings', async () => {
    const { log, timer } = await engineLog();
    await submit(log, shotEnvelopes(-30_000, 0));
    await runEngine(log, timer);
    const heartbeat = signPayload(
      {
        sensor: SENSORS[0]!.record.id,
        seq: 1,
        time: '2026-11-30T23:59:50Z',
        kind: 'heartbeat',
        heartbeat: { status: 'ok' },
      },
      SENSORS[0]!.seed
    );
    await submit(log, [heartbeat]);
    await runEngine(log, timer);
    expect(await loggedFindings(log)).toHaveLength(1);
  });

  // The window is 30 minutes; findings in its oldest 10 minutes wait, as
  // eviction may already have taken some of their sources.
  it.each([
    ['15 minutes ago', -15 * 60_000, 1],
    ['25 minutes ago, near the window edge', -25 * 60_000, 0],
    ['40 minutes ago, outside the window', -40 * 60_000, 0],
  ])('judges a shot fired %s', async (_name, atMs, count) => {
    const { log, timer } = await engineLog();
    await submit(log, shotEnvelopes(atMs, 0));
    await runEngine(log, timer);
    expect(await loggedFindings(log)).toHaveLength(count);
  });

  it('logs nothing without an agreement, and judges the window once one is logged', async () => {
    const { log, timer } = await engineLog({ agreement: undefined });
    await submit(log, shotEnvelopes(-30_000, 0));
    await runEngine(log, timer);
    expect(await loggedFindings(log)).toEqual([]);
    const res = await log.app.inject({
      method: 'POST',
      url: '/v1/agreements',
      payload: AGREEMENT,
      headers: { authorization: `Bearer ${await log.token('admin')}` },
    });
    expect(res.statusCode).toBe(201);
    await runEngine(log, timer);
    expect(await loggedFindings(log)).toHaveLength(1);
  });
});

describe('after a restart over the same store', () => {
  // The store outlives each server built over it.
  let store: LogStore;
  beforeEach(() => {
    store = createSqliteStore({ path: ':memory:' });
  });
  afterEach(async () => {
    for (const log of open.splice(0)) await log.close();
    await store.close();
  });

  async function restart(log: TestLog) {
    await log.close();
    open.splice(open.indexOf(log), 1);
    return engineLog({ store });
  }

  it('does not log a finding twice', async () => {
    const first = await engineLog({ store });
    await submit(first.log, shotEnvelopes(-30_000, 0));
    await runEngine(first.log, first.timer);
    const second = await restart(first.log);
    // The refilled window is judged again at once...
    expect(second.timer.waiting).toHaveLength(1);
    await runEngine(second.log, second.timer);
    // ...and finds only the finding already logged.
    expect(await loggedFindings(second.log)).toHaveLength(1);
    expect(second.log.services.findings.ledger.size).toBe(1);
  });

  it('logs the finding of observations acknowledged just before the stop', async () => {
    const first = await engineLog({ store });
    await submit(first.log, shotEnvelopes(-30_000, 0));
    await first.log.services.findings.settled();
    const second = await restart(first.log);
    await runEngine(second.log, second.timer);
    expect(await loggedFindings(second.log)).toHaveLength(1);
  });
});

describe('a late observation that changes an event', () => {
  it('logs the new version, which supersedes the first in the API', async () => {
    const { log, timer } = await engineLog();
    await submit(log, shotEnvelopes(-30_000, 0, [0, 1, 2, 3, 4]));
    await runEngine(log, timer);
    await submit(log, shotEnvelopes(-30_000, 0, [5]));
    await runEngine(log, timer);
    const logged = await loggedFindings(log);
    expect(logged).toHaveLength(2);
    const [first, second] = logged.map((l) => l.entry.finding.properties);
    expect(second!.sources).toEqual([...first!.sources, second!.sources[5]]);

    const list = (await log.app.inject({ url: '/v1/findings' })).json();
    expect(list.features.map((f: { id: string }) => f.id)).toEqual([
      second!.id,
    ]);
    expect(list.features[0].properties.supersedes).toEqual([first!.id]);
    const old = (
      await log.app.inject({ url: `/v1/findings/${first!.id}` })
    ).json();
    expect(old.properties.supersededBy).toBe(second!.id);
  });
});

describe('the status of a finding', () => {
  it('is verified once the latest checkpoint covers it, with no policy', async () => {
    const { log, timer } = await engineLog();
    await submit(log, shotEnvelopes(-30_000, 0));
    await runEngine(log, timer);
    await log.services.sequencer.integrate();
    const res = await log.app.inject({ url: '/v1/findings' });
    expect(res.json().features[0].properties.status).toBe('verified');
  });

  it('waits for a checkpoint cosigned to the quorum of the policy', async () => {
    const witness = keyPairFromSeed('witness.example', seedFrom('witness'));
    const policy = parseWitnessPolicy(
      `witness w ${witness.verifierKey}\nquorum w\n`
    );
    const { log, timer } = await engineLog({ policy });
    await submit(log, shotEnvelopes(-30_000, 0));
    await runEngine(log, timer);
    const checkpoint = (await log.services.sequencer.integrate())!;
    const status = async () =>
      (await log.app.inject({ url: '/v1/findings' })).json().features[0]
        .properties.status;
    expect(await status()).toBe('provisional');

    const line = formatNoteSignature(
      signCosignature({
        body: parseNote(checkpoint.note).text,
        name: witness.name,
        seed: witness.seed,
        timestamp: 1_800_000_000,
      })
    ).trimEnd();
    await log.services.store.addCosignature(checkpoint.size, 'w', line);
    expect(await status()).toBe('verified');
  });
});

describe('findingsOfWindow', () => {
  const observations = shotPayloads(-30_000, 0).map(
    ({ sensor, payload }, i) => ({
      index: 10 + i,
      observation: payload,
      sensor: sensor.record,
    })
  );
  const input = {
    observations,
    fromMicros: (NOW_MS - 30 * 60_000) * 1000,
    edgeMarginMicros: 600e6,
    agreement: parseAgreement(AGREEMENT),
  };

  it('gives the same findings, byte for byte, for the same window in any order', () => {
    const once = findingsOfWindow(input);
    const again = findingsOfWindow({
      ...input,
      observations: [...observations].reverse(),
    });
    expect(once).toHaveLength(1);
    expect(canonicalJson(again)).toBe(canonicalJson(once));
  });

  it('leaves out events within the edge margin of the window start', () => {
    const late = { ...input, fromMicros: (NOW_MS - 35_000) * 1000 };
    expect(findingsOfWindow(late)).toEqual([]);
  });
});
