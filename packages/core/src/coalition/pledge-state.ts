import { CoreError } from '../errors.js';
import type { Approval, PledgeState } from './coalition.js';

/**
 * The moves a pledge may make (DESIGN 5): forward one step at a time, back
 * from approval_pending to pledged when the national approval is refused,
 * and withdrawn from any state before delivered. delivered and withdrawn
 * are final.
 */
export const PLEDGE_TRANSITIONS = {
  pledged: ['approval_pending', 'approved', 'withdrawn'],
  approval_pending: ['approved', 'pledged', 'withdrawn'],
  approved: ['ready', 'withdrawn'],
  ready: ['activated', 'withdrawn'],
  activated: ['delivered', 'withdrawn'],
  delivered: [],
  withdrawn: [],
} as const satisfies Record<PledgeState, readonly PledgeState[]>;

/** A pledge's state and approval, before or after a transition. */
export type PledgeStatus = { state: PledgeState; approval: Approval };

/**
 * Whether the approval already allows use without a request: no procedure,
 * or one granted before the pledge was registered (a standing mandate).
 */
function approvalInHand(approval: Approval): boolean {
  return approval.procedure === 'none' || approval.status === 'approved';
}

/** The states a pledge may move to next. */
export function nextPledgeStates(status: PledgeStatus): PledgeState[] {
  return PLEDGE_TRANSITIONS[status.state].filter(
    (to: PledgeState) =>
      !(status.state === 'pledged' && to === 'approved') ||
      approvalInHand(status.approval)
  );
}

/**
 * Applies one transition at `date` (YYYY-MM-DD) and returns the new state
 * and approval; the input is not changed. The national approval rides on
 * the moves that decide it: a request sets it pending, a move to approved
 * grants it, approval_pending -> pledged records its refusal.
 * Throws COALITION_TRANSITION_INVALID for a move outside the table and
 * COALITION_APPROVAL_REQUIRED for pledged -> approved without an approval
 * in hand.
 */
export function transitionPledge(
  status: PledgeStatus,
  to: PledgeState,
  date: string
): PledgeStatus {
  const from = status.state;
  if (!(PLEDGE_TRANSITIONS[from] as readonly PledgeState[]).includes(to)) {
    throw new CoreError(
      'COALITION_TRANSITION_INVALID',
      `a pledge cannot move from ${from} to ${to}`
    );
  }
  if (from === 'pledged' && to === 'approved') {
    if (!approvalInHand(status.approval)) {
      throw new CoreError(
        'COALITION_APPROVAL_REQUIRED',
        `a pledge whose ${status.approval.procedure} is ${status.approval.status} must pass approval_pending first`
      );
    }
  }
  const decided = approvalAfter(from, to);
  const approval =
    decided === undefined || decided === status.approval.status
      ? status.approval
      : { ...status.approval, status: decided, date };
  return { state: to, approval };
}

function approvalAfter(
  from: PledgeState,
  to: PledgeState
): Approval['status'] | undefined {
  if (to === 'approval_pending') return 'pending';
  if (to === 'approved') return 'approved';
  if (from === 'approval_pending' && to === 'pledged') return 'rejected';
  return undefined;
}
