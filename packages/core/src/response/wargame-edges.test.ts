import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { findingOf, ladderOf, pledgeOf } from './response-fixture.js';
import { runWargame } from './wargame.js';

const BASE = ladderOf(
  JSON.parse(
    readFileSync(
      join(import.meta.dirname, 'test-vectors', 'ladders', 'base.json'),
      'utf8'
    )
  )
);
const fire = (id: string, time: string) =>
  findingOf({ id, time, weaponClass: 'artillery', party: 'RU', p: 0.99 });
const FIRES = [
  fire('1', '2026-12-02T01:30:00Z'),
  fire('2', '2026-12-02T05:30:00Z'),
];
const PLEDGES = [
  pledgeOf({ id: 'fra-dem', member: 'FRA', capability: 'diplomatic_demarche' }),
  pledgeOf({ id: 'deu-inq', member: 'DEU', capability: 'inquiry' }),
];

describe('runWargame', () => {
  it('steps from a given start', () => {
    const report = runWargame({
      findings: FIRES,
      ladder: BASE,
      pledges: PLEDGES,
      start: '2026-12-01T22:00:00Z',
      hours: 10,
    });
    expect(report.start).toBe('2026-12-01T22:00:00Z');
    // Tier 1 from the first fire, at 01:30: hour 4 counted from 22:00.
    expect(report.changes.map((c) => [c.hour, c.to?.id ?? null])).toEqual([
      [4, 't1-any'],
    ]);
  });

  it('runs to the hour after the last finding when no hours are given', () => {
    const report = runWargame({ findings: FIRES, ladder: BASE, pledges: [] });
    // 01:00 to the hour after 05:30: 01:00 + ceil(4.5) + 1.
    expect(report.start).toBe('2026-12-02T01:00:00Z');
    expect(report.hours).toBe(6);
  });

  it('weighs the burden by GDP when given', () => {
    const gdp = { FRA: 3000, DEU: 4000 };
    const report = runWargame({
      findings: FIRES,
      ladder: BASE,
      pledges: PLEDGES,
      hours: 2,
      gdp,
    });
    const burden = report.changes[0]!.plan.burden;
    expect(burden.map((b) => [b.member, b.gdpEurBn])).toEqual(
      expect.arrayContaining([
        ['FRA', 3000],
        ['DEU', 4000],
      ])
    );
  });

  it('steps through 150,000 findings (no spread of them as arguments)', () => {
    const many = Array.from({ length: 150_000 }, () =>
      fire('9', '2026-12-02T03:00:00Z')
    );
    const report = runWargame({ findings: many, ladder: BASE, pledges: [] });
    expect(report.start).toBe('2026-12-02T03:00:00Z');
    expect(report.hours).toBe(1);
    expect(report.findings).toBe(150_000);
  });

  it.each([
    [
      'a finding with an unreadable time',
      { findings: [fire('3', 'soon')] },
      'TIME_INVALID',
    ],
    ['an unreadable start', { findings: FIRES, start: 'dawn' }, 'TIME_INVALID'],
    ['zero hours', { findings: FIRES, hours: 0 }, 'RESPONSE_INPUT_INVALID'],
    [
      'a fraction of an hour',
      { findings: FIRES, hours: 1.5 },
      'RESPONSE_INPUT_INVALID',
    ],
    [
      'more than a leap year',
      { findings: FIRES, hours: 24 * 366 + 1 },
      'RESPONSE_INPUT_INVALID',
    ],
  ] as const)('refuses %s', (_name, patch, code) => {
    expect(() =>
      runWargame({ ladder: BASE, pledges: [], ...patch })
    ).toThrowWithCode(CoreError, code);
  });
});
