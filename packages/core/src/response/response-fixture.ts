import type { Pledge, PledgeState } from '../coalition/coalition.js';
import type { FindingStatus } from '../engine/finding.js';
import type { WeaponClass } from '../observation/weapon-class.js';
import type { FindingKind } from '../rules/term.js';
import type { CommissionDecision } from './commission.js';
import type { Ladder } from './ladder.js';
import { validateLadder } from './ladder-validate.js';
import type { PlanInput, PledgeWithState } from './planner.js';
import type { LadderFinding } from './tier.js';

/** Test vectors write ids short; plans carry 64-hex finding ids. */
export const fullId = (short: string): string => short.padStart(64, '0');
export const shortId = (id: string): string => id.replace(/^0+/, '');

export type CompactFinding = {
  id: string;
  time: string;
  rule?: string;
  kind?: FindingKind;
  status?: FindingStatus;
  party?: string | null;
  p?: number;
  weaponClass?: WeaponClass;
  position?: [number, number];
};

export type CompactPledge = {
  id: string;
  member: string;
  capability: Pledge['capability'];
  quantity?: number;
  unit?: string;
  procedure?: Pledge['approval']['procedure'];
  status?: Pledge['approval']['status'];
  leadTimeDays?: number;
  state?: PledgeState;
};

export type CompactDecision = {
  findingId: string;
  time: string;
  party: string | null;
  probability?: number;
};

export function findingOf(c: CompactFinding): LadderFinding {
  return {
    id: fullId(c.id),
    rule: c.rule ?? 'no-fire',
    kind: c.kind ?? 'fire',
    time: c.time,
    status: c.status ?? 'verified',
    attribution: { party: c.party ?? null, probability: c.p ?? 0 },
    ...(c.weaponClass === undefined ? {} : { weaponClass: c.weaponClass }),
    position: c.position ?? [37.6, 48],
  };
}

export function pledgeOf(c: CompactPledge): PledgeWithState {
  return {
    pledge: {
      id: c.id,
      member: c.member,
      type: 'sanctions',
      quantity: c.quantity ?? 1,
      unit: c.unit ?? 'packages',
      conditions: '',
      capability: c.capability,
      approval: {
        procedure: c.procedure ?? 'none',
        status: c.status ?? 'approved',
        leadTimeDays: c.leadTimeDays ?? 0,
      },
      illustrative: true,
    },
    state: c.state ?? 'approved',
  };
}

export function decisionOf(c: CompactDecision): CommissionDecision {
  return {
    findingId: fullId(c.findingId),
    attribution: {
      party: c.party,
      ...(c.probability === undefined ? {} : { probability: c.probability }),
    },
    remedy: 'withdraw',
    reason: 'test',
    actor: 'commission',
    time: c.time,
  };
}

/** A ladder that must validate: fixtures are never the thing under test. */
export function ladderOf(raw: unknown): Ladder {
  const result = validateLadder(raw);
  if (!result.ok) {
    throw new Error(`fixture ladder invalid: ${JSON.stringify(result.issues)}`);
  }
  return result.value;
}

export type CompactPlanInput = {
  at: string;
  ladder: string;
  findings: CompactFinding[];
  decisions: CompactDecision[];
  pledges: CompactPledge[];
  gdp?: Record<string, number>;
};

export function planInputOf(
  c: CompactPlanInput,
  ladders: Record<string, Ladder>
): PlanInput {
  const ladder = ladders[c.ladder];
  if (ladder === undefined) throw new Error(`no ladder ${c.ladder}`);
  return {
    at: c.at,
    ladder,
    findings: c.findings.map(findingOf),
    decisions: c.decisions.map(decisionOf),
    pledges: c.pledges.map(pledgeOf),
    ...(c.gdp === undefined ? {} : { gdp: c.gdp }),
  };
}
