import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { decodeLogEntry, encodeLogEntry } from '../log/entry.js';
import type { LogEntry } from '../log/entry.js';
import { planResponse } from './planner.js';
import { findingOf, ladderOf, pledgeOf } from './response-fixture.js';

const LADDER = ladderOf({
  id: 'one',
  version: 1,
  windowing: { kind: 'sliding', defaultWindowHours: 24 },
  tiers: [
    {
      id: 'any',
      level: 1,
      name: 'Any',
      conditions: { anyOf: [{ minCount: 1 }] },
      responses: ['inquiry'],
      requiresCommission: false,
    },
  ],
});
const AT = '2026-12-02T12:00:00Z';

describe('planResponse', () => {
  describe('when the moment is not RFC 3339', () => {
    it('throws RESPONSE_INPUT_INVALID', () => {
      expect(() =>
        planResponse({
          at: 'yesterday',
          findings: [],
          decisions: [],
          ladder: LADDER,
          pledges: [],
        })
      ).toThrowWithCode(CoreError, 'RESPONSE_INPUT_INVALID');
    });
  });

  describe('when a finding time is unreadable', () => {
    it('throws RESPONSE_INPUT_INVALID, not a RangeError', () => {
      expect(() =>
        planResponse({
          at: AT,
          findings: [findingOf({ id: '1', time: 'noon' })],
          decisions: [],
          ladder: LADDER,
          pledges: [],
        })
      ).toThrowWithCode(CoreError, 'RESPONSE_INPUT_INVALID');
    });
  });

  describe('when a pledge id is given twice', () => {
    it('throws RESPONSE_INPUT_INVALID', () => {
      const p = pledgeOf({ id: 'x', member: 'DEU', capability: 'inquiry' });
      expect(() =>
        planResponse({
          at: AT,
          findings: [],
          decisions: [],
          ladder: LADDER,
          pledges: [p, p],
        })
      ).toThrowWithCode(CoreError, 'RESPONSE_INPUT_INVALID');
    });
  });
});

describe('ladder, commission_decision and response_plan entries', () => {
  const plan = planResponse({
    at: AT,
    findings: [findingOf({ id: 'ab', time: '2026-12-02T11:00:00Z' })],
    decisions: [],
    ladder: LADDER,
    pledges: [
      pledgeOf({ id: 'deu-inq', member: 'DEU', capability: 'inquiry' }),
    ],
  });
  const entries: LogEntry[] = [
    { v: 1, type: 'ladder', time: AT, actor: 'admin', ladder: LADDER },
    {
      v: 1,
      type: 'commission_decision',
      time: AT,
      actor: 'commission',
      findingId: 'ab'.padStart(64, '0'),
      attribution: { party: 'RU' },
      remedy: 'withdraw the battery',
      reason: 'three sensors agree',
    },
    { v: 1, type: 'response_plan', time: AT, actor: 'response', plan },
  ];

  it.each(entries)('round-trips a $type entry', (entry) => {
    expect(decodeLogEntry(encodeLogEntry(entry))).toEqual(entry);
  });

  it('refuses a ladder entry whose ladder has issues', () => {
    const bad = {
      ...LADDER,
      tiers: [...LADDER.tiers, { ...LADDER.tiers[0]!, id: 'again' }],
    };
    expect(() =>
      encodeLogEntry({
        v: 1,
        type: 'ladder',
        time: AT,
        actor: 'admin',
        ladder: bad,
      })
    ).toThrowWithCode(CoreError, 'ENTRY_MALFORMED');
  });

  it('refuses a decision without a reason', () => {
    expect(() =>
      encodeLogEntry({ ...entries[1]!, reason: '' } as LogEntry)
    ).toThrowWithCode(CoreError, 'ENTRY_MALFORMED');
  });
});
