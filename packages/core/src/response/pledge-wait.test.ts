import { describe, expect, it } from 'vitest';
import type {
  ApprovalProcedure,
  ApprovalStatus,
  PledgeState,
} from '../coalition/coalition.js';
import { pledgeWaitDays } from './planner.js';

// Each timing rule of the planner by itself, so none of them rests on a
// property test happening to draw it.
const CASES: readonly {
  desc: string;
  state: PledgeState;
  procedure: ApprovalProcedure;
  status: ApprovalStatus;
  want: number;
}[] = [
  {
    desc: 'an approved pledge acts at once whatever its approval record says',
    state: 'approved',
    procedure: 'parliament_vote',
    status: 'pending',
    want: 0,
  },
  {
    desc: 'a ready pledge acts at once',
    state: 'ready',
    procedure: 'cabinet_decision',
    status: 'pending',
    want: 0,
  },
  {
    desc: 'a pledged one whose approval was already granted acts at once',
    state: 'pledged',
    procedure: 'parliament_vote',
    status: 'approved',
    want: 0,
  },
  {
    desc: 'a pledged one that needs no national procedure acts at once',
    state: 'pledged',
    procedure: 'none',
    status: 'pending',
    want: 0,
  },
  {
    desc: 'one waiting for a parliament vote waits its lead time',
    state: 'approval_pending',
    procedure: 'parliament_vote',
    status: 'pending',
    want: 21,
  },
  {
    desc: 'a pledged one needing a cabinet decision waits its lead time',
    state: 'pledged',
    procedure: 'cabinet_decision',
    status: 'pending',
    want: 21,
  },
];

describe('pledgeWaitDays', () => {
  it.each(CASES)('$desc', ({ state, procedure, status, want }) => {
    const pledge = {
      id: 'deu-air-defence',
      member: 'DEU',
      type: 'air_defence' as const,
      quantity: 2,
      unit: 'batteries',
      conditions: '',
      capability: 'air_defence' as const,
      approval: { procedure, status, leadTimeDays: 21 },
    };
    expect(pledgeWaitDays({ pledge, state })).toBe(want);
  });
});
