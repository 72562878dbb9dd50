import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FINDING_STATUSES } from '../engine/finding.js';
import { WEAPON_CLASSES } from '../observation/weapon-class.js';
import { FINDING_KINDS } from '../rules/term.js';
import type { CompactFinding } from './response-fixture.js';
import { decisionOf, findingOf, fullId, ladderOf } from './response-fixture.js';
import { reachedTier } from './tier.js';

const readLadder = (name: string) =>
  ladderOf(
    JSON.parse(
      readFileSync(
        join(import.meta.dirname, 'test-vectors', 'ladders', `${name}.json`),
        'utf8'
      )
    )
  );
const BASE = readLadder('base');
const SECTOR = readLadder('sector');
const AT = '2026-12-02T12:00:00Z';
const AT_MS = Date.parse(AT);

const compactFinding = fc.record({
  hoursBefore: fc.integer({ min: -2, max: 80 }),
  kind: fc.constantFrom(...FINDING_KINDS),
  rule: fc.constantFrom('no-fire', 'withdraw-artillery', 'withdraw-mlrs'),
  status: fc.constantFrom(...FINDING_STATUSES),
  party: fc.constantFrom('RU', 'UA', null),
  p: fc.double({ min: 0, max: 1, noNaN: true }),
  weaponClass: fc.constantFrom(...WEAPON_CLASSES),
  lon: fc.double({ min: 34.5, max: 37, noNaN: true }),
});

type Arb = typeof compactFinding extends fc.Arbitrary<infer T> ? T : never;

function toFinding(a: Arb, k: number): CompactFinding {
  return {
    id: (k + 1).toString(16),
    time: new Date(AT_MS - a.hoursBefore * 3_600_000).toISOString(),
    kind: a.kind,
    rule: a.rule,
    status: a.status,
    party: a.party,
    p: a.p,
    weaponClass: a.weaponClass,
    position: [a.lon, 47.5],
  };
}

const levelOf = (r: ReturnType<typeof reachedTier>) => r.tier?.level ?? 0;

describe('reachedTier', () => {
  it('never lowers the tier when findings are added', () => {
    fc.assert(
      fc.property(
        fc.array(compactFinding, { maxLength: 40 }),
        fc.array(compactFinding, { maxLength: 40 }),
        fc.array(fc.boolean(), { maxLength: 80 }),
        fc.constantFrom(BASE, SECTOR),
        (some, more, decided, ladder) => {
          const all = [...some, ...more].map(toFinding);
          const decisions = all
            .filter((_, k) => decided[k] === true)
            .map((f) => decisionOf({ findingId: f.id, time: AT, party: 'RU' }));
          const before = reachedTier({
            at: AT,
            findings: all.slice(0, some.length).map(findingOf),
            decisions,
            ladder,
          });
          const after = reachedTier({
            at: AT,
            findings: all.map(findingOf),
            decisions,
            ladder,
          });
          expect(levelOf(after)).toBeGreaterThanOrEqual(levelOf(before));
        }
      )
    );
  });

  it('counts the Commission attribution, not the engine one, once decided', () => {
    const findings = ['1', '2', '3'].map((id) =>
      findingOf({
        id,
        time: '2026-12-02T10:00:00Z',
        weaponClass: 'artillery',
        party: 'UA',
        p: 0.99,
      })
    );
    const decisions = ['1', '2', '3'].map((id) =>
      decisionOf({ findingId: id, time: AT, party: 'RU', probability: 0.95 })
    );
    const reached = reachedTier({ at: AT, findings, decisions, ladder: BASE });
    expect(reached.tier?.id).toBe('t3-attributed');
    expect(reached.findingIds).toEqual(['1', '2', '3'].map(fullId));
  });

  it('keeps a Commission tier waiting while one of its findings lacks a decision', () => {
    const findings = ['1', '2', '3'].map((id) =>
      findingOf({
        id,
        time: '2026-12-02T10:00:00Z',
        weaponClass: 'artillery',
        party: 'RU',
        p: 0.99,
      })
    );
    const decisions = ['1', '2'].map((id) =>
      decisionOf({ findingId: id, time: AT, party: 'RU' })
    );
    const gated = reachedTier({ at: AT, findings, decisions, ladder: BASE });
    expect(gated.tier?.id).toBe('t1-any');
    expect(gated.awaitingCommission).toEqual(['t3-attributed']);
  });
});
