import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import {
  decisionOf,
  findingOf,
  ladderOf,
  pledgeOf,
} from './response-fixture.js';
import { runWargame } from './wargame.js';

const BASE = ladderOf(
  JSON.parse(
    readFileSync(
      join(import.meta.dirname, 'test-vectors', 'ladders', 'base.json'),
      'utf8'
    )
  )
);

// Five fires from 01:30 to 05:30 (tier 2 from 06:00), then quiet: the
// 24 h window lets tier 2 go at 02:00 next day and tier 1 at 06:00.
const FIRES = ['01:30', '02:30', '03:30', '04:30', '05:30'].map((t, k) =>
  findingOf({
    id: (k + 1).toString(16),
    time: `2026-12-02T${t}:00Z`,
    weaponClass: 'artillery',
    party: 'RU',
    p: 0.99,
  })
);
const PLEDGES = [
  pledgeOf({ id: 'fra-dem', member: 'FRA', capability: 'diplomatic_demarche' }),
  pledgeOf({
    id: 'deu-snap',
    member: 'DEU',
    capability: 'sanctions_snapback',
    procedure: 'parliament_vote',
    status: 'pending',
    leadTimeDays: 14,
    state: 'pledged',
  }),
];

describe('runWargame', () => {
  const report = runWargame({
    findings: FIRES,
    ladder: BASE,
    pledges: PLEDGES,
    hours: 30,
  });

  it('steps from the hour of the first finding', () => {
    expect(report.start).toBe('2026-12-02T01:00:00Z');
    expect(report.hours).toBe(30);
  });

  it('reports each tier change at the hour it happens, down again as the window slides', () => {
    expect(
      report.changes.map((c) => [c.hour, c.from?.id ?? null, c.to?.id ?? null])
    ).toEqual([
      [1, null, 't1-any'],
      [5, 't1-any', 't2-pattern'],
      [25, 't2-pattern', 't1-any'],
      [29, 't1-any', null],
    ]);
    expect(report.peak?.id).toBe('t2-pattern');
  });

  it('lists who acts when, with the wait for a parliament vote', () => {
    expect(report.actions).toEqual([
      {
        member: 'FRA',
        pledge: 'fra-dem',
        response: 'diplomatic_demarche',
        tier: 't1-any',
        calledHour: 1,
        effectiveHour: 1,
        waitDays: 0,
        procedure: 'none',
      },
      {
        member: 'DEU',
        pledge: 'deu-snap',
        response: 'sanctions_snapback',
        tier: 't2-pattern',
        calledHour: 5,
        effectiveHour: 5 + 14 * 24,
        waitDays: 14,
        procedure: 'parliament_vote',
      },
    ]);
  });

  it('says when every response of a tier can act, or that one never can', () => {
    expect(report.changes.map((c) => c.readyInHours)).toEqual([
      null,
      14 * 24,
      null,
      0,
    ]);
  });

  it('names the responses nobody covers', () => {
    expect(report.gaps).toEqual([
      { tier: 't1-any', response: 'inquiry', hour: 1 },
      { tier: 't1-any', response: 'inquiry', hour: 25 },
    ]);
  });

  it('shows tier 3 waiting for the Commission, and reached once it decides', () => {
    expect(report.awaitingCommission[0]).toEqual({
      hour: 3,
      tiers: ['t3-attributed'],
    });
    const decided = runWargame({
      findings: FIRES,
      ladder: BASE,
      pledges: PLEDGES,
      hours: 30,
      decisions: FIRES.map((f) =>
        decisionOf({
          findingId: f.id.replace(/^0+/, ''),
          time: '2026-12-02T08:00:00Z',
          party: 'RU',
        })
      ),
    });
    expect(
      decided.changes.find((c) => c.to?.id === 't3-attributed')?.hour
    ).toBe(7);
  });

  it('refuses a campaign with no findings and no start', () => {
    expect(() =>
      runWargame({ findings: [], ladder: BASE, pledges: [] })
    ).toThrowWithCode(CoreError, 'RESPONSE_INPUT_INVALID');
  });
});
