import { afterEach, describe, expect, it } from 'vitest';
import {
  enuFrameAt,
  enuPoint,
  parseAgreement,
  verifyEvidence,
  wgs84FromEnu,
} from '@truce/core';
import { FindingsEngine } from '../src/findings/findings-engine.js';
import { observationOfEntry } from '../src/findings/observation-window.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import type { TestLog, createTestLog } from './helpers.js';
import { NOW_MS, makeSensor, signPayload } from './helpers.js';
import type { ManualTimer } from './findings-scene.js';
import {
  AGREEMENT,
  engineLog as openEngineLog,
  GUN,
  SENSORS,
  loggedFindings,
  runEngine,
  shotEnvelopes,
  submit,
} from './findings-scene.js';

// Issue 4: the live engine fuses each pulse about once (LiveFusion) and
// logs each finding fused from its own sources, so what it logs depends
// on the log alone, not on how the observations were batched.

const open: TestLog[] = [];
afterEach(async () => {
  for (const log of open.splice(0)) await log.close();
});

const GAP_AGREEMENT = {
  ...AGREEMENT,
  rules: [
    ...AGREEMENT.rules,
    { id: 'keep-listening', kind: 'denial_of_monitoring', maxGapMinutes: 5 },
  ],
};

const engineLog = (options?: Parameters<typeof createTestLog>[0]) =>
  openEngineLog(open, options);

/** Eight shots 20 s apart, each heard by all six sensors, in log order. */
const SHOTS = Array.from({ length: 8 }, (_, k) =>
  shotEnvelopes(-300_000 + 20_000 * k, k)
);

/** Submits the envelopes in batches of `size`, running the engine after each. */
async function feed(
  log: TestLog,
  timer: ManualTimer,
  envelopes: readonly unknown[],
  size: number
) {
  for (let i = 0; i < envelopes.length; i += size) {
    await submit(log, envelopes.slice(i, i + size));
    await runEngine(log, timer);
  }
}

async function currentFindings(log: TestLog) {
  const res = await log.app.inject({ url: '/v1/findings?limit=10000' });
  return (res.json().features as { id: string }[]).map((f) => f.id).sort();
}

/**
 * Current findings told apart by what they rest on, not by log index
 * (indexes differ when the same pulses are batched differently): rule,
 * sources as sensor and seq, and position.
 */
async function currentByPulses(log: TestLog) {
  const out: string[] = [];
  for (const id of await currentFindings(log)) {
    const { finding } = log.services.findings.ledger.get(id)!;
    const pulses: string[] = [];
    for (const i of finding.properties.sources) {
      const [bytes] = await log.services.store.readEntries(i, i + 1);
      const entry = JSON.parse(Buffer.from(bytes!).toString('utf8'));
      const payload = JSON.parse(
        Buffer.from(entry.envelope.payload, 'base64').toString('utf8')
      );
      pulses.push(`${payload.sensor}#${payload.seq}`);
    }
    const [lon, lat] = finding.geometry.coordinates;
    out.push(`${finding.properties.rule} ${pulses.join(' ')} @${lon},${lat}`);
  }
  return out.sort();
}

describe('the live engine under a stream of shots', () => {
  it('logs byte-identical finding entries when the same log is fed again the same way', async () => {
    const a = await engineLog();
    const b = await engineLog();
    for (const { log, timer } of [a, b]) {
      await feed(log, timer, SHOTS.flat(), 6);
    }
    const bytes = async (log: TestLog) =>
      (await log.services.store.readEntriesByType(['finding'])).map((r) => [
        r.index,
        Buffer.from(r.bytes).toString('base64'),
      ]);
    const first = await bytes(a.log);
    expect(first).toHaveLength(SHOTS.length);
    expect(await bytes(b.log)).toEqual(first);
  });

  it('ends with the same current findings whether pulses come one by one or all at once', async () => {
    const single = await engineLog();
    await feed(single.log, single.timer, SHOTS.flat(), 1);
    const bulk = await engineLog();
    await feed(bulk.log, bulk.timer, SHOTS.flat(), SHOTS.flat().length);

    const want = await currentByPulses(bulk.log);
    expect(want).toHaveLength(SHOTS.length);
    expect(await currentByPulses(single.log)).toEqual(want);
    // The whole-window engine of before issue 4, on the same log, agrees.
    const whole = new FindingsEngine({ fusionMode: 'window' });
    const size = await bulk.log.size();
    (await bulk.log.services.store.readEntries(0, size)).forEach((bytes, i) => {
      const observation = observationOfEntry(bytes);
      if (observation === undefined) return;
      const sensor = SENSORS.find((x) => x.record.id === observation.sensor)!;
      whole.add(i, observation, sensor.record, 0);
    });
    const found = whole.run(
      (NOW_MS - 1_800_000) * 1000,
      parseAgreement(AGREEMENT),
      () => false
    );
    expect(found.map((f) => f.properties.id).sort()).toEqual(
      await currentFindings(bulk.log)
    );
    // One by one, each shot grew from 4 to 6 pulses: older versions are
    // logged and superseded, never served as current.
    expect((await loggedFindings(single.log)).length).toBeGreaterThan(
      SHOTS.length
    );
  });

  it('fuses a late pulse with its event alone, and that version verifies', async () => {
    const { log, timer } = await engineLog();
    await submit(log, shotEnvelopes(-30_000, 0, [0, 1, 2, 3, 4]));
    await runEngine(log, timer);
    const [late] = await submit(log, shotEnvelopes(-30_000, 0, [5]));
    await runEngine(log, timer);
    const [current] = await currentFindings(log);
    expect(
      log.services.findings.ledger.get(current!)!.finding.properties.sources
    ).toContain(late!.index);
    await log.services.sequencer.integrate();
    const file = (
      await log.app.inject({ url: `/v1/findings/${current}/evidence` })
    ).json();
    const report = verifyEvidence(file, { trust: [log.services.verifierKey] });
    expect(report.ok ? [] : report.issues).toEqual([]);
  });
});

describe('monitoring gaps in the live engine', () => {
  it('logs a silence once the silent sensor speaks again, and it verifies', async () => {
    const { log, timer } = await engineLog({ agreement: GAP_AGREEMENT });
    const sensor = SENSORS[2]!;
    const beat = (seq: number, time: string) =>
      signPayload(
        {
          sensor: sensor.record.id,
          seq,
          time,
          kind: 'heartbeat',
          heartbeat: { status: 'ok' },
        },
        sensor.seed
      );
    await submit(log, [beat(0, '2026-11-30T23:35:00Z')]);
    await runEngine(log, timer);
    expect(await loggedFindings(log)).toEqual([]);
    const [back] = await submit(log, [beat(1, '2026-11-30T23:55:00Z')]);
    await runEngine(log, timer);
    const logged = await loggedFindings(log);
    expect(logged).toHaveLength(1);
    const gap = logged[0]!.entry.finding.properties;
    expect(gap.sources).toEqual([back!.index - 1, back!.index]);
    await log.services.sequencer.integrate();
    const file = (
      await log.app.inject({ url: `/v1/findings/${gap.id}/evidence` })
    ).json();
    const checked = verifyEvidence(file, { trust: [log.services.verifierKey] });
    expect(checked.ok ? [] : checked.issues).toEqual([]);
  });
});

describe('after a restart', () => {
  it('logs nothing again for pulses already in findings', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    try {
      const first = await engineLog({ store });
      await feed(first.log, first.timer, SHOTS.flat(), 12);
      const before = await loggedFindings(first.log);
      await first.log.close();
      open.splice(open.indexOf(first.log), 1);
      const second = await engineLog({ store });
      await runEngine(second.log, second.timer);
      expect(await loggedFindings(second.log)).toEqual(before);
      await second.log.close();
      open.splice(open.indexOf(second.log), 1);
    } finally {
      await store.close();
    }
  });
});

describe('an event on few pulses', () => {
  // Ten more sensors on a 2 km ring around the gun, each well within the
  // range at which it hears a shot nine times in ten.
  const frame = enuFrameAt(GUN);
  const OUTER = Array.from({ length: 10 }, (_, k) => {
    const a = (2 * Math.PI * k) / 10;
    const p = wgs84FromEnu(
      frame,
      enuPoint(2000 * Math.cos(a), 2000 * Math.sin(a), 0)
    );
    return makeSensor(`acoustic-${200 + k}`, {
      position: [p.lon, p.lat, p.height],
      timingSigmaS: 0.001,
    });
  });
  /** Heartbeats of sensors 4 and 5 and the outer ring at `atMs` after NOW_MS: up, heard nothing. */
  const silentFrom = (atMs: number) =>
    [SENSORS[4]!, SENSORS[5]!, ...OUTER].map((sensor) =>
      signPayload(
        {
          sensor: sensor.record.id,
          seq: 0,
          time: new Date(NOW_MS + atMs).toISOString(),
          kind: 'heartbeat',
          heartbeat: { status: 'ok' },
        },
        sensor.seed
      )
    );
  const ringed = () => engineLog({ sensors: [...SENSORS, ...OUTER] });

  it('is not logged when the sensors in range reported past it and heard nothing', async () => {
    const { log, timer } = await ringed();
    await submit(log, silentFrom(-20_000));
    // Four sensors heard it; twelve others 1.2-2.2 km from it reported
    // later and heard nothing: not a source, whatever the four fit.
    await submit(log, shotEnvelopes(-30_000, 1, [0, 1, 2, 3]));
    await runEngine(log, timer);
    expect(await loggedFindings(log)).toEqual([]);
  });

  it('is logged when those sensors had not reported past it', async () => {
    const { log, timer } = await ringed();
    await submit(log, silentFrom(-40_000));
    await submit(log, shotEnvelopes(-30_000, 1, [0, 1, 2, 3]));
    await runEngine(log, timer);
    expect(await loggedFindings(log)).toHaveLength(1);
  });
});
