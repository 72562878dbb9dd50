// A tiny scene for the findings tests: six acoustic sensors around a gun
// 2 km south of a short east-west contact line (party B's side), and the
// pulses of its shots, timed from the geometry at a fixed sound speed.
import type { ObservationOf } from '@truce/core';
import {
  celsius,
  chordDistance,
  enuFrameAt,
  enuPoint,
  formatRfc3339Micros,
  soundSpeedFromTemperature,
  wgs84FromEnu,
  wgs84Point,
} from '@truce/core';
import type { RunTimer } from '../src/findings/run-scheduler.js';
import type { TestLog, TestSensor } from './helpers.js';
import { NOW_MS, createTestLog, makeSensor, signPayload } from './helpers.js';

/** Where the gun stands: about 2.2 km south of the line, B's side. */
export const GUN = wgs84Point(37.6, 48.03, 180);

/** Drawn west to east, so A (leftParty) holds the north. */
export const AGREEMENT = {
  id: 'test-ceasefire',
  version: 1,
  title: 'Test ceasefire',
  effectiveFrom: '2026-11-30T00:00:00Z',
  parties: [
    { id: 'A', name: 'North' },
    { id: 'B', name: 'South' },
  ],
  contactLine: {
    type: 'LineString',
    coordinates: [
      [37.5, 48.05],
      [37.7, 48.05],
    ],
  },
  leftParty: 'A',
  rules: [{ id: 'no-fire', kind: 'no_fire' }],
};

// The engine's default sound speed, 15 °C dry air (about 340.3 m/s).
const SOUND_SPEED = soundSpeedFromTemperature(celsius(15));

const RING = [
  [1200, 0],
  [700, 1000],
  [-600, 1100],
  [-1300, 100],
  [-500, -1200],
  [800, -900],
] as const;

const frame = enuFrameAt(GUN);

export const SENSORS: TestSensor[] = RING.map(([east, north], i) => {
  const p = wgs84FromEnu(frame, enuPoint(east, north, 5 * (i % 3)));
  return makeSensor(`acoustic-${100 + i}`, {
    position: [p.lon, p.lat, p.height],
    timingSigmaS: 0.001,
  });
});

/**
 * The pulses of one shot fired `atMs` after NOW_MS, one per sensor (or
 * those picked by `only`), each sensor at `seq`.
 */
export function shotPayloads(
  atMs: number,
  seq: number,
  only: readonly number[] = SENSORS.map((_, i) => i)
) {
  return only.map((i) => {
    const sensor = SENSORS[i]!;
    const [lon, lat, height] = sensor.record.position;
    const range = chordDistance(GUN, wgs84Point(lon, lat, height ?? 0));
    const arrival =
      (NOW_MS + atMs) * 1000 + Math.round((range / SOUND_SPEED) * 1e6);
    const payload: ObservationOf<'acoustic'> = {
      sensor: sensor.record.id,
      seq,
      time: formatRfc3339Micros(arrival),
      kind: 'acoustic',
      acoustic: { class: 'launch', snrDb: 25 },
    };
    return { sensor, payload };
  });
}

/** The same pulses, signed as DSSE envelopes. */
export function shotEnvelopes(
  atMs: number,
  seq: number,
  only?: readonly number[]
) {
  return shotPayloads(atMs, seq, only).map(({ sensor, payload }) =>
    signPayload(payload, sensor.seed)
  );
}

/** Submits envelopes and expects every one accepted. */
export async function submit(log: TestLog, envelopes: unknown[]) {
  const res = await log.app.inject({
    method: 'POST',
    url: '/v1/observations',
    payload: { envelopes },
  });
  const results = res.json().results as { status: string }[];
  if (results.some((r) => r.status !== 'accepted')) {
    throw new Error(`not all accepted: ${res.body}`);
  }
  return results as { status: 'accepted'; index: number }[];
}

/** A timer the test fires by hand, so no test waits on the wall clock. */
export class ManualTimer {
  readonly waiting: { run: () => void; delayMs: number }[] = [];

  readonly timer: RunTimer = (run, delayMs) => {
    const item = { run, delayMs };
    this.waiting.push(item);
    return () => {
      const at = this.waiting.indexOf(item);
      if (at >= 0) this.waiting.splice(at, 1);
    };
  };

  /** Fires every timer now waiting; returns how many. */
  fire(): number {
    const due = this.waiting.splice(0);
    for (const item of due) item.run();
    return due.length;
  }
}

/** Lets the engine read what was committed, fires its timer, and waits. */
export async function runEngine(log: TestLog, timer: ManualTimer) {
  await log.services.findings.settled();
  timer.fire();
  await log.services.findings.settled();
}

/** Decoded `finding` entries in the store, in log order. */
export async function loggedFindings(log: TestLog) {
  const rows = await log.services.store.readEntriesByType(['finding']);
  return rows.map((r) => ({
    index: r.index,
    entry: JSON.parse(Buffer.from(r.bytes).toString('utf8')) as {
      finding: { properties: { id: string; sources: number[] } };
    },
  }));
}

/**
 * A test log with the scene's sensors and agreement in force and an
 * engine timer the test fires by hand; the log goes into `open`, for the
 * test file to close after each test.
 */
export async function engineLog(
  open: TestLog[],
  options: Parameters<typeof createTestLog>[0] = {}
): Promise<{ log: TestLog; timer: ManualTimer }> {
  const timer = new ManualTimer();
  const log = await createTestLog({
    sensors: SENSORS,
    agreement: AGREEMENT,
    findingsTimer: timer.timer,
    ...options,
  });
  open.push(log);
  return { log, timer };
}
