// One verified shot from B's side (findings-scene.ts), a two-tier ladder
// and a Commission decision, shared by the response tests.
import type { BusEvent } from '../src/events/event-bus.js';
import { createTestLog } from './helpers.js';
import {
  AGREEMENT,
  ManualTimer,
  SENSORS,
  runEngine,
  shotEnvelopes,
  submit,
} from './findings-scene.js';

// Tier 1: any verified finding. Tier 2: one fire the Commission attributed.
export const LADDER = {
  id: 'test-ladder',
  version: 1,
  windowing: { kind: 'sliding', defaultWindowHours: 24 },
  tiers: [
    {
      id: 't1',
      level: 1,
      name: 'Any violation',
      conditions: { anyOf: [{ minCount: 1 }] },
      responses: ['diplomatic_demarche'],
      requiresCommission: false,
    },
    {
      id: 't2',
      level: 2,
      name: 'Attributed fire',
      conditions: { anyOf: [{ kinds: ['fire'], party: 'B', minCount: 1 }] },
      responses: ['sanctions_snapback'],
      requiresCommission: true,
    },
  ],
};

export const DECISION = {
  attribution: { party: 'B', probability: 0.95 },
  remedy: 'withdraw the gun beyond the line',
  reason: 'six acoustic sensors locate the launch south of the line',
};

/** A log with one verified shot from B's side, and the events it publishes. */
export async function sceneLog() {
  const timer = new ManualTimer();
  const log = await createTestLog({
    sensors: SENSORS,
    agreement: AGREEMENT,
    findingsTimer: timer.timer,
  });
  const events: BusEvent[] = [];
  log.services.events.subscribe((e) => events.push(e));
  await submit(log, shotEnvelopes(-30_000, 0));
  await runEngine(log, timer);
  await log.services.sequencer.integrate();
  const [logged] = log.services.findings.ledger.all();
  return { log, id: logged!.finding.properties.id, events };
}

export const auth = (secret: string) => ({ authorization: `Bearer ${secret}` });
