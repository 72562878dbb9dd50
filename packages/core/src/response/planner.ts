import type {
  Pledge,
  PledgeState,
  ResponseType,
} from '../coalition/coalition.js';
import { CoreError } from '../errors.js';
import {
  formatRfc3339Micros,
  parseRfc3339Micros,
} from '../observation/time.js';
import { burdenShares } from './burden.js';
import type { PlannedPledge, ResponsePlan, EXCLUSION_REASONS } from './plan.js';
import { MAX_PLAN_FINDING_IDS } from './plan.js';
import type { TierInput } from './tier.js';
import { reachedTier } from './tier.js';

/** A pledge and the state the registry's fold gives it. */
export type PledgeWithState = { pledge: Pledge; state: PledgeState };

export type PlanInput = TierInput & {
  pledges: readonly PledgeWithState[];
  /** Each member's GDP in EUR bn (Kiel data), for the burden against GDP. */
  gdp?: Readonly<Record<string, number>>;
};

const DAY_MICROS = 86_400e6;

// States in which the national procedure is behind the pledge.
const CLEARED_STATES = new Set<PledgeState>([
  'approved',
  'ready',
  'activated',
  'delivered',
]);

type Exclusion = (typeof EXCLUSION_REASONS)[number];

function exclusionOf({ pledge, state }: PledgeWithState): Exclusion | null {
  if (state === 'withdrawn') return 'withdrawn';
  if (pledge.approval.status === 'rejected') return 'approval_rejected';
  if (pledge.approval.status === 'expired') return 'approval_expired';
  return null;
}

/**
 * When a pledge can take effect: at once when its state is approved,
 * ready, activated or delivered, or its approval is granted or needs no
 * procedure; otherwise (approval pending) after the approval's typical
 * lead time, counted from the plan's moment, since the request goes out
 * when the tier is reached.
 */
export function pledgeWaitDays({ pledge, state }: PledgeWithState): number {
  if (CLEARED_STATES.has(state)) return 0;
  if (pledge.approval.status === 'approved') return 0;
  if (pledge.approval.procedure === 'none') return 0;
  return pledge.approval.leadTimeDays;
}

function planned(p: PledgeWithState, atMicros: number): PlannedPledge {
  const waitDays = pledgeWaitDays(p);
  return {
    id: p.pledge.id,
    member: p.pledge.member,
    quantity: p.pledge.quantity,
    unit: p.pledge.unit,
    state: p.state,
    procedure: p.pledge.approval.procedure,
    approval: p.pledge.approval.status,
    waitDays,
    effectiveAt: formatRfc3339Micros(atMicros + waitDays * DAY_MICROS),
  };
}

/**
 * The response plan at `at` (DESIGN 5): the tier the findings reach, for
 * each response it calls for the pledges providing that capability
 * (withdrawn pledges and rejected or expired approvals left out, and
 * listed as excluded) with when each can act, the responses nobody covers,
 * and each member's burden share. Pure: the clock is `at`. Throws
 * RESPONSE_INPUT_INVALID for a timestamp it cannot read or a pledge id
 * given twice.
 */
export function planResponse(input: PlanInput): ResponsePlan {
  let atMicros: number;
  try {
    atMicros = parseRfc3339Micros(input.at);
  } catch (cause) {
    throw new CoreError('RESPONSE_INPUT_INVALID', `bad time ${input.at}`, {
      cause,
    });
  }
  const ids = new Set<string>();
  for (const { pledge } of input.pledges) {
    if (ids.has(pledge.id)) {
      throw new CoreError(
        'RESPONSE_INPUT_INVALID',
        `pledge ${pledge.id} is given twice`
      );
    }
    ids.add(pledge.id);
  }
  let reached: ReturnType<typeof reachedTier>;
  try {
    reached = reachedTier(input);
  } catch (cause) {
    throw new CoreError(
      'RESPONSE_INPUT_INVALID',
      'a finding or decision has an unreadable time',
      { cause }
    );
  }
  const { tier } = reached;
  const wanted: readonly ResponseType[] = tier?.responses ?? [];
  // Pledge ids are unique (checked above), so two never compare equal.
  const sorted = [...input.pledges].sort((a, b) =>
    a.pledge.id < b.pledge.id ? -1 : 1
  );
  const excluded: ResponsePlan['excluded'] = [];
  const responses = wanted.map((type) => {
    const pledges: PlannedPledge[] = [];
    for (const p of sorted) {
      if (p.pledge.capability !== type) continue;
      const reason = exclusionOf(p);
      if (reason === null) pledges.push(planned(p, atMicros));
      else {
        excluded.push({
          id: p.pledge.id,
          member: p.pledge.member,
          capability: type,
          reason,
        });
      }
    }
    pledges.sort((a, b) => a.waitDays - b.waitDays);
    return { type, pledges, effectiveAt: pledges[0]?.effectiveAt ?? null };
  });
  const covered = responses.filter((r) => r.pledges.length > 0);
  return {
    at: formatRfc3339Micros(atMicros),
    ladder: { id: input.ladder.id, version: input.ladder.version },
    tier:
      tier === null
        ? null
        : { id: tier.id, name: tier.name, level: tier.level },
    findingIds: reached.findingIds.slice(0, MAX_PLAN_FINDING_IDS),
    findingCount: reached.findingIds.length,
    awaitingCommission: reached.awaitingCommission,
    responses,
    uncovered: responses
      .filter((r) => r.pledges.length === 0)
      .map((r) => r.type),
    excluded,
    burden: burdenShares(
      covered.map((r) => r.pledges),
      input.gdp ?? {}
    ),
  };
}
