/// <reference types="vite/client" />
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { decodeLogEntry, encodeLogEntry, type LogEntry } from '../log/entry.js';
import { PLEDGE_STATES, type Pledge, type PledgeState } from './coalition.js';
import type { CoalitionEntry } from './coalition-entry.js';
import { CoalitionRegistry, foldCoalition } from './coalition-registry.js';
import {
  nextPledgeStates,
  PLEDGE_TRANSITIONS,
  type PledgeStatus,
} from './pledge-state.js';

/**
 * One case of test-vectors/coalition/fold: entries in log order (each at
 * the index of its position; `v`, `time`, `actor` and the pledge's fields
 * other than id, member and approval default below), and the folded state
 * or the error the entry at `at` raises.
 */
type FoldVector = {
  desc: string;
  entries: Record<string, unknown>[];
  want?: {
    members: string[];
    memberRoles?: Record<string, string>;
    pledges: {
      id: string;
      state: PledgeState;
      approval: Pledge['approval'];
      registeredIndex: number;
      history: [number, PledgeState, PledgeState][];
    }[];
  };
  wantErr?: { code: string; at: number };
};

const files = import.meta.glob<FoldVector>(
  '../../test-vectors/coalition/fold/*.json',
  { eager: true, import: 'default' }
);

const TIME = '2026-12-01T00:00:00Z';
const PLEDGE_DEFAULTS = {
  type: 'air_defence',
  quantity: 1,
  unit: 'battery',
  conditions: '',
  capability: 'air_defence',
};

function entryOf(raw: Record<string, unknown>): LogEntry {
  const entry: Record<string, unknown> = {
    v: 1,
    time: TIME,
    actor: 'test',
    ...raw,
  };
  if (entry.type === 'pledge_registered') {
    entry.pledge = { ...PLEDGE_DEFAULTS, ...(raw.pledge as object) };
  }
  if (entry.type === 'pledge_transition') entry.reason ??= 'test';
  // Through the log's own codec, so every vector entry is a valid entry.
  return decodeLogEntry(encodeLogEntry(entry as unknown as LogEntry));
}

describe('foldCoalition vectors', () => {
  describe.each(Object.entries(files))('%s', (_path, v) => {
    const entries = v.entries.map(entryOf);

    it(v.desc, () => {
      if (v.wantErr !== undefined) {
        expect(() => foldCoalition(entries)).toThrowWithCode(
          CoreError,
          v.wantErr.code
        );
        // Every entry before the bad one folds.
        expect(() =>
          foldCoalition(entries.slice(0, v.wantErr!.at))
        ).not.toThrow();
        return;
      }
      const state = foldCoalition(entries);
      expect(state.members.map((m) => m.iso3)).toEqual(v.want!.members);
      for (const [iso3, role] of Object.entries(v.want!.memberRoles ?? {})) {
        expect(state.members.find((m) => m.iso3 === iso3)?.role).toBe(role);
      }
      expect(
        state.pledges.map((p) => ({
          id: p.id,
          state: p.state,
          approval: p.approval,
          registeredIndex: p.registeredIndex,
          history: p.history.map((h) => [h.index, h.from, h.to]),
        }))
      ).toEqual(v.want!.pledges);
      expect(state.lastIndex).toBe(
        Math.max(
          ...entries.flatMap((e, i) =>
            e.type.startsWith('pledge_') || e.type === 'coalition_member'
              ? [i]
              : []
          )
        )
      );
    });
  });
});

const member: CoalitionEntry = {
  v: 1,
  type: 'coalition_member',
  time: TIME,
  actor: 'admin',
  member: { iso3: 'GBR', name: 'United Kingdom', role: 'co_lead' },
};

function registered(
  procedure: Pledge['approval']['procedure']
): CoalitionEntry {
  return {
    v: 1,
    type: 'pledge_registered',
    time: TIME,
    actor: 'guarantor',
    pledge: {
      id: 'gbr-1',
      member: 'GBR',
      type: 'troops',
      quantity: 1000,
      unit: 'personnel',
      conditions: '',
      capability: 'reassurance_posture',
      approval: { procedure, status: 'pending', leadTimeDays: 30 },
    },
  };
}

function move(from: PledgeState, to: PledgeState, n: number): CoalitionEntry {
  return {
    v: 1,
    type: 'pledge_transition',
    pledgeId: 'gbr-1',
    from,
    to,
    reason: `move ${n}`,
    actor: `actor-${n}`,
    time: `2026-12-${String(2 + (n % 27)).padStart(2, '0')}T00:00:00Z`,
  };
}

const procedures = fc.constantFrom(
  'parliament_vote',
  'cabinet_decision',
  'none'
) as fc.Arbitrary<Pledge['approval']['procedure']>;

describe('foldCoalition on random paths', () => {
  it('folds any legal path to its last state, with every move in its history', () => {
    fc.assert(
      fc.property(
        procedures,
        fc.array(fc.nat(), { maxLength: 12 }),
        (procedure, picks) => {
          const entries = [member, registered(procedure)];
          let status: PledgeStatus = foldCoalition(entries).pledges[0]!;
          for (const [n, pick] of picks.entries()) {
            const next = nextPledgeStates(status);
            if (next.length === 0) break;
            const to = next[pick % next.length]!;
            entries.push(move(status.state, to, n));
            status = foldCoalition(entries).pledges[0]!;
          }
          const state = foldCoalition(entries);
          const pledge = state.pledges[0]!;
          expect(pledge.state).toBe(status.state);
          expect(pledge.history.map((h) => h.index)).toEqual(
            entries.slice(2).map((_, i) => i + 2)
          );
          expect(pledge.history.map((h) => h.actor)).toEqual(
            entries.slice(2).map((e) => e.actor)
          );
        }
      )
    );
  });

  it('throws on any move outside the table and leaves the registry as it was', () => {
    fc.assert(
      fc.property(
        procedures,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.constantFrom(...PLEDGE_STATES),
        (procedure, picks, to) => {
          const registry = new CoalitionRegistry();
          registry.apply(member, 0);
          registry.apply(registered(procedure), 1);
          let index = 2;
          for (const pick of picks) {
            const next = nextPledgeStates(registry.pledge('gbr-1')!);
            if (next.length === 0) break;
            const from = registry.pledge('gbr-1')!.state;
            registry.apply(move(from, next[pick % next.length]!, index), index);
            index++;
          }
          const before = registry.snapshot();
          const current = registry.pledge('gbr-1')!;
          fc.pre(!nextPledgeStates(current).includes(to));
          const bad = move(current.state, to, index);
          const legalInTable = (
            PLEDGE_TRANSITIONS[current.state] as readonly PledgeState[]
          ).includes(to);
          expect(() => registry.apply(bad, index)).toThrowWithCode(
            CoreError,
            legalInTable
              ? 'COALITION_APPROVAL_REQUIRED'
              : 'COALITION_TRANSITION_INVALID'
          );
          expect(registry.snapshot()).toEqual(before);
        }
      )
    );
  });
});

describe('CoalitionRegistry.apply', () => {
  describe('when a log index is not above the last one', () => {
    it('throws COALITION_INDEX_INVALID and applies nothing', () => {
      const registry = new CoalitionRegistry();
      registry.apply(member, 5);
      expect(() => registry.apply(registered('none'), 5)).toThrowWithCode(
        CoreError,
        'COALITION_INDEX_INVALID'
      );
      expect(registry.snapshot().pledges).toEqual([]);
    });
  });

  it('keeps the log indices of { index, entry } pairs', () => {
    const state = foldCoalition([
      { index: 10, entry: member },
      { index: 12, entry: registered('none') },
      { index: 17, entry: move('pledged', 'approved', 0) },
    ]);
    expect(state.pledges[0]).toMatchObject({
      registeredIndex: 12,
      history: [{ index: 17 }],
    });
    expect(state.lastIndex).toBe(17);
  });

  it('looks members and pledges up by key', () => {
    const registry = new CoalitionRegistry();
    registry.apply(member, 0);
    registry.apply(registered('none'), 1);
    expect(registry.member('GBR')?.name).toBe('United Kingdom');
    expect(registry.member('FRA')).toBeUndefined();
    expect(registry.pledge('gbr-1')?.state).toBe('pledged');
    expect(registry.snapshot().lastIndex).toBe(1);
    expect(new CoalitionRegistry().snapshot().lastIndex).toBeUndefined();
  });

  it('hands out frozen snapshots a later entry does not change', () => {
    const registry = new CoalitionRegistry();
    registry.apply(member, 0);
    registry.apply(registered('none'), 1);
    const before = registry.snapshot();
    registry.apply(move('pledged', 'approved', 2), 2);
    expect(before.pledges[0]!.state).toBe('pledged');
    expect(Object.isFrozen(before.pledges[0]!.approval)).toBe(true);
    expect(registry.snapshot().pledges[0]!.state).toBe('approved');
  });

  it('check refuses what apply would refuse, without applying', () => {
    const registry = new CoalitionRegistry();
    registry.apply(member, 0);
    registry.check(registered('none'));
    expect(registry.pledge('gbr-1')).toBeUndefined();
    expect(() => registry.check(move('pledged', 'ready', 1))).toThrowWithCode(
      CoreError,
      'COALITION_PLEDGE_UNKNOWN'
    );
  });
});
