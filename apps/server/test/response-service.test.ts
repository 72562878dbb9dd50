import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PledgeWithState } from '@truce/core';
import type { BusEvent } from '../src/events/event-bus.js';
import { ResponseService } from '../src/response/response-service.js';
import type { TestLog } from './helpers.js';
import { LADDER, sceneLog } from './response-scene.js';

const DAY_MS = 86_400_000;

function pledge(
  id: string,
  member: string,
  status: 'approved' | 'pending',
  leadTimeDays: number
): PledgeWithState {
  return {
    pledge: {
      id,
      member,
      type: 'sanctions',
      quantity: 1,
      unit: 'packages',
      conditions: '',
      capability: 'diplomatic_demarche',
      approval: { procedure: 'parliament_vote', status, leadTimeDays },
      illustrative: true,
    },
    state: status === 'approved' ? 'approved' : 'approval_pending',
  };
}

describe('ResponseService', () => {
  let log: TestLog;
  let events: BusEvent[];
  beforeEach(async () => {
    ({ log, events } = await sceneLog());
    await log.services.response.putLadder(LADDER, 'test');
    await log.services.response.settled();
  });
  afterEach(async () => {
    await log.close();
  });

  it('logs a plan with no tier once the window slides past the finding', async () => {
    const { response } = log.services;
    expect(response.plans.map((p) => p.plan.tier?.id)).toEqual(['t1']);
    log.clock.nowMs += DAY_MS + 60_000;
    response.judgeSoon();
    await response.settled();
    expect(response.plans.map((p) => p.plan.tier?.id ?? null)).toEqual([
      't1',
      null,
    ]);
    const tiers = events.filter((e) => e.type === 'tier').map((e) => e.data);
    expect(tiers.at(-1)).toMatchObject({ from: { id: 't1' }, to: null });
  });

  it('logs nothing when judged again with the tier unchanged', async () => {
    const { response } = log.services;
    const size = await log.size();
    response.judgeSoon();
    await response.settled();
    expect(await log.size()).toBe(size);
    expect(response.plans).toHaveLength(1);
  });

  it('plans with the pledges and GDP it is given', async () => {
    const { services } = log;
    const planner = await ResponseService.open({
      store: services.store,
      writer: services.writer,
      events: services.events,
      findings: services.findings,
      agreements: services.agreements,
      witness: {
        store: services.store,
        sequencer: services.sequencer,
        policy: services.policy,
        verifierKey: services.verifierKey,
      },
      clock: () => log.clock.nowMs,
      pledges: () => [
        pledge('nld-demarche', 'NLD', 'pending', 30),
        pledge('fra-demarche', 'FRA', 'approved', 0),
      ],
      gdp: () => ({ FRA: 2000, NLD: 1000 }),
      recheckMs: 0,
    });
    try {
      const plan = await planner.planNow();
      expect(plan?.tier?.id).toBe('t1');
      expect(
        plan?.responses[0]?.pledges.map((p) => [p.id, p.effectiveAt])
      ).toEqual([
        ['fra-demarche', '2026-12-01T00:00:00Z'],
        ['nld-demarche', '2026-12-31T00:00:00Z'],
      ]);
      expect(
        plan?.burden.map((b) => [b.member, b.share, b.burdenToGdp])
      ).toEqual([
        ['FRA', 0.5, 0.75],
        ['NLD', 0.5, 1.5],
      ]);
    } finally {
      await planner.stop();
    }
  });
});
