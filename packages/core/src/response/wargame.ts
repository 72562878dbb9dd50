import { CoreError } from '../errors.js';
import {
  formatRfc3339Micros,
  parseRfc3339Micros,
} from '../observation/time.js';
import type { CommissionDecision } from './commission.js';
import type { Ladder } from './ladder.js';
import type { ResponsePlan } from './plan.js';
import type { PledgeWithState } from './planner.js';
import { planResponse } from './planner.js';
import type { LadderFinding } from './tier.js';

export const WARGAME_FORMAT = 'truce-wargame/1';

const HOUR_MICROS = 3600e6;

export type WargameInput = {
  findings: readonly LadderFinding[];
  ladder: Ladder;
  pledges: readonly PledgeWithState[];
  gdp?: Readonly<Record<string, number>>;
  decisions?: readonly CommissionDecision[];
  /** First moment judged; default: the hour of the first finding. */
  start?: string;
  /** Hours stepped after `start` (default: to one hour past the last finding). */
  hours?: number;
  /** Told after each step, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
};

/** One tier change and the plan made at it. */
export type WargameChange = {
  hour: number;
  at: string;
  from: ResponsePlan['tier'];
  to: ResponsePlan['tier'];
  plan: ResponsePlan;
  /**
   * Hours until every response the tier calls for can act (the slowest
   * response's soonest pledge); null while one is uncovered.
   */
  readyInHours: number | null;
};

/** A pledge called on, the first time a tier calls for it. */
export type WargameAction = {
  member: string;
  pledge: string;
  response: string;
  tier: string;
  /** Hour the tier was reached, and the hour the pledge can act. */
  calledHour: number;
  effectiveHour: number;
  waitDays: number;
  procedure: string;
};

export type WargameGap = {
  tier: string;
  response: string;
  /** Hour from which it stays uncovered while the tier holds. */
  hour: number;
};

export type WargameReport = {
  format: typeof WARGAME_FORMAT;
  ladder: { id: string; version: number };
  start: string;
  hours: number;
  findings: number;
  peak: ResponsePlan['tier'];
  changes: WargameChange[];
  actions: WargameAction[];
  gaps: WargameGap[];
  /** Tiers that would have held had the Commission decided, by hour. */
  awaitingCommission: { hour: number; tiers: string[] }[];
};

function readyIn(plan: ResponsePlan): number | null {
  let slowest = 0;
  for (const r of plan.responses) {
    const soonest = r.pledges[0];
    if (soonest === undefined) return null;
    slowest = Math.max(slowest, soonest.waitDays * 24);
  }
  return slowest;
}

function startOf(input: WargameInput): number {
  if (input.start !== undefined) return parseRfc3339Micros(input.start);
  const times = input.findings.map((f) => parseRfc3339Micros(f.time));
  if (times.length === 0) {
    throw new CoreError(
      'RESPONSE_INPUT_INVALID',
      'no findings and no start: nothing to step through'
    );
  }
  // A loop, not Math.min(...times): spreading some 100,000 arguments
  // overflows the stack.
  const first = times.reduce((m, t) => Math.min(m, t));
  return Math.floor(first / HOUR_MICROS) * HOUR_MICROS;
}

function hoursOf(input: WargameInput, start: number): number {
  if (input.hours !== undefined) return input.hours;
  const last = input.findings.reduce(
    (m, f) => Math.max(m, parseRfc3339Micros(f.time)),
    start
  );
  return Math.ceil((last - start) / HOUR_MICROS) + 1;
}

/**
 * Replays a campaign hour by hour against the ladder (docs/response.md):
 * each tier change with its plan, each pledge called on and when it can
 * act, the responses nobody covers, and the tiers left waiting for the
 * Special Commission. Pure and deterministic, like planResponse.
 */
export function runWargame(input: WargameInput): WargameReport {
  // Both throw CoreErrors only: TIME_INVALID for an unreadable time.
  const start = startOf(input);
  const hours = hoursOf(input, start);
  if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 366) {
    throw new CoreError(
      'RESPONSE_INPUT_INVALID',
      `hours must be 1 to ${24 * 366}`
    );
  }
  const changes: WargameChange[] = [];
  const actions: WargameAction[] = [];
  const gaps: WargameGap[] = [];
  const awaiting: WargameReport['awaitingCommission'] = [];
  const called = new Set<string>();
  let peak: ResponsePlan['tier'] = null;
  let tier: ResponsePlan['tier'] = null;
  for (let hour = 0; hour <= hours; hour++) {
    const at = formatRfc3339Micros(start + hour * HOUR_MICROS);
    const plan = planResponse({
      at,
      findings: input.findings,
      decisions: input.decisions ?? [],
      ladder: input.ladder,
      pledges: input.pledges,
      ...(input.gdp === undefined ? {} : { gdp: input.gdp }),
    });
    const last = awaiting.at(-1)?.tiers ?? [];
    if (plan.awaitingCommission.join() !== last.join()) {
      awaiting.push({ hour, tiers: plan.awaitingCommission });
    }
    input.onProgress?.(hour + 1, hours + 1);
    if ((plan.tier?.id ?? null) === (tier?.id ?? null)) continue;
    changes.push({
      hour,
      at,
      from: tier,
      to: plan.tier,
      plan,
      readyInHours: readyIn(plan),
    });
    tier = plan.tier;
    if (tier === null) continue;
    if (peak === null || tier.level > peak.level) peak = tier;
    for (const response of plan.responses) {
      if (response.pledges.length === 0) {
        gaps.push({ tier: tier.id, response: response.type, hour });
      }
      for (const p of response.pledges) {
        if (called.has(p.id)) continue;
        called.add(p.id);
        actions.push({
          member: p.member,
          pledge: p.id,
          response: response.type,
          tier: tier.id,
          calledHour: hour,
          effectiveHour: hour + p.waitDays * 24,
          waitDays: p.waitDays,
          procedure: p.procedure,
        });
      }
    }
  }
  return {
    format: WARGAME_FORMAT,
    ladder: { id: input.ladder.id, version: input.ladder.version },
    start: formatRfc3339Micros(start),
    hours,
    findings: input.findings.length,
    peak,
    changes,
    actions,
    gaps,
    awaitingCommission: awaiting,
  };
}
