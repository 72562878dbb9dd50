import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  APPROVAL_PROCEDURES,
  APPROVAL_STATUSES,
  PLEDGE_STATES,
  RESPONSE_TYPES,
} from '../coalition/coalition.js';
import { findingOf, ladderOf, pledgeOf } from './response-fixture.js';
import { planResponse } from './planner.js';

const BASE = ladderOf(
  JSON.parse(
    readFileSync(
      join(import.meta.dirname, 'test-vectors', 'ladders', 'base.json'),
      'utf8'
    )
  )
);
const AT = '2026-12-02T12:00:00Z';
const MEMBERS = ['DEU', 'FRA', 'POL', 'NLD'];

const pledges = fc.uniqueArray(
  fc.record({
    id: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
    member: fc.constantFrom(...MEMBERS),
    capability: fc.constantFrom(...RESPONSE_TYPES),
    quantity: fc.integer({ min: 0, max: 1000 }),
    unit: fc.constantFrom('troops', 'EUR bn'),
    procedure: fc.constantFrom(...APPROVAL_PROCEDURES),
    status: fc.constantFrom(...APPROVAL_STATUSES),
    leadTimeDays: fc.integer({ min: 0, max: 365 }),
    state: fc.constantFrom(...PLEDGE_STATES),
  }),
  { selector: (p) => p.id, maxLength: 30 }
);
// Enough fires for tier 1, 2 or 4, so plans call for different responses.
const fireCount = fc.constantFrom(1, 5, 25);

describe('planResponse invariants', () => {
  it('covers or names every response of the tier, never plans an excluded pledge, and shares sum to 1', () => {
    fc.assert(
      fc.property(pledges, fireCount, (compact, fires) => {
        const plan = planResponse({
          at: AT,
          findings: Array.from({ length: fires }, (_, k) =>
            findingOf({
              id: (k + 1).toString(16),
              time: `2026-12-02T11:${String(k).padStart(2, '0')}:00Z`,
            })
          ),
          decisions: [],
          ladder: BASE,
          pledges: compact.map(pledgeOf),
        });
        const wanted = BASE.tiers.find((t) => t.id === plan.tier?.id)!;
        expect(plan.responses.map((r) => r.type)).toEqual(wanted.responses);
        const covered = plan.responses.filter((r) => r.pledges.length > 0);
        expect(plan.uncovered).toEqual(
          plan.responses
            .filter((r) => r.pledges.length === 0)
            .map((r) => r.type)
        );
        const excluded = new Set(plan.excluded.map((e) => e.id));
        for (const r of plan.responses) {
          for (const p of r.pledges) {
            expect(excluded.has(p.id)).toBe(false);
            expect(p.effectiveAt >= plan.at).toBe(true);
          }
          expect(r.effectiveAt).toBe(r.pledges[0]?.effectiveAt ?? null);
        }
        const total = plan.burden.reduce((s, b) => s + b.share, 0);
        expect(total).toBeCloseTo(covered.length === 0 ? 0 : 1, 9);
      })
    );
  });
});
