import type { CheckResult, Issue, LadderIssueCode } from '../errors.js';
import { RESPONSE_TYPES } from '../coalition/coalition.js';
import { checkAreaGeometry } from '../geo/geometry.js';
import type { Ladder, LadderClause, LadderTier } from './ladder.js';
import { ladderSchema } from './ladder.js';

export type LadderIssue = Issue<LadderIssueCode>;

export type LadderValidateOptions = {
  /** The agreement's rule ids: clauses naming another rule are reported. */
  ruleIds?: readonly string[];
};

type Path = (string | number)[];

// Kinds whose findings never carry a party (DESIGN 4.5: an aircraft or a
// silenced sensor says nothing of who is to blame).
const UNATTRIBUTABLE_KINDS = new Set(['airspace', 'denial_of_monitoring']);
// Kinds whose findings carry no weapon class.
const CLASSLESS_KINDS = new Set(['airspace', 'denial_of_monitoring']);

/** Whether a clause counts only findings attributed to some party. */
const attributed = (c: LadderClause) =>
  c.party !== undefined || c.minProbability !== undefined;

function subset<T>(a: readonly T[] | undefined, b: readonly T[] | undefined) {
  if (b === undefined) return true;
  if (a === undefined) return false;
  return a.every((x) => b.includes(x));
}

/**
 * Whether every moment clause `a` (of tier `ta`) holds, clause `b` (of
 * tier `tb`) holds too: `b` filters no tighter, asks no more findings, and
 * looks back at least as far (a count in a window is at most the count in
 * a longer window ending at the same moment).
 */
export function clauseImplies(
  a: LadderClause,
  ta: Pick<LadderTier, 'requiresCommission'>,
  b: LadderClause,
  tb: Pick<LadderTier, 'requiresCommission'>,
  defaultWindowHours: number
): boolean {
  if (tb.requiresCommission && !ta.requiresCommission) return false;
  if (!subset(a.rules, b.rules)) return false;
  if (!subset(a.kinds, b.kinds)) return false;
  if (!subset(a.weaponClasses, b.weaponClasses)) return false;
  if (b.sector !== undefined) {
    if (JSON.stringify(a.sector) !== JSON.stringify(b.sector)) return false;
  }
  if (b.party !== undefined && a.party !== b.party) return false;
  if (attributed(b) && !attributed(a)) return false;
  if ((b.minProbability ?? 0) > (a.minProbability ?? 0)) return false;
  if (b.confirmedOnly === true && a.confirmedOnly !== true) return false;
  return (
    a.minCount >= b.minCount &&
    (a.windowHours ?? defaultWindowHours) <=
      (b.windowHours ?? defaultWindowHours)
  );
}

function clauseIssues(
  clause: LadderClause,
  path: Path,
  options: LadderValidateOptions
): LadderIssue[] {
  const issues: LadderIssue[] = [];
  if (clause.sector !== undefined) {
    issues.push(...checkAreaGeometry(clause.sector, [...path, 'sector']));
  }
  const known = options.ruleIds;
  clause.rules?.forEach((rule, k) => {
    if (known !== undefined && !known.includes(rule)) {
      issues.push({
        code: 'LADDER_RULE_UNKNOWN',
        path: [...path, 'rules', k],
        message: `the agreement has no rule ${rule}`,
      });
    }
  });
  const kinds = clause.kinds;
  const never = (why: string) =>
    issues.push({ code: 'LADDER_TIER_UNREACHABLE', path, message: why });
  if (kinds?.every((k) => UNATTRIBUTABLE_KINDS.has(k)) === true) {
    if (attributed(clause)) {
      never(`findings of kind ${kinds.join(', ')} are never attributed`);
    }
  }
  if (kinds?.every((k) => CLASSLESS_KINDS.has(k)) === true) {
    if (clause.weaponClasses !== undefined) {
      never(`findings of kind ${kinds.join(', ')} have no weapon class`);
    }
  }
  return issues;
}

/** Unknown and repeated response types of one tier. */
function responseIssues(responses: readonly string[], path: Path) {
  const issues: LadderIssue[] = [];
  responses.forEach((r, k) => {
    if (!(RESPONSE_TYPES as readonly string[]).includes(r)) {
      issues.push({
        code: 'LADDER_RESPONSE_UNKNOWN',
        path: [...path, k],
        message: `unknown response type ${r}; one of ${RESPONSE_TYPES.join(', ')}`,
      });
    } else if (responses.indexOf(r) !== k) {
      issues.push({
        code: 'LADDER_RESPONSE_DUPLICATE',
        path: [...path, k],
        message: `response type ${r} is listed twice`,
      });
    }
  });
  return issues;
}

/**
 * A lower tier whose every clause implies a clause of a higher tier is
 * never the tier reached: whenever it holds, the higher one holds too.
 */
function shadowIssues(ladder: Ladder): LadderIssue[] {
  const issues: LadderIssue[] = [];
  const hours = ladder.windowing.defaultWindowHours;
  ladder.tiers.forEach((low, i) => {
    const above = ladder.tiers.filter((t) => t.level > low.level);
    const over = above.find((high) =>
      low.conditions.anyOf.every((a) =>
        high.conditions.anyOf.some((b) => clauseImplies(a, low, b, high, hours))
      )
    );
    if (over !== undefined) {
      issues.push({
        code: 'LADDER_TIER_SHADOWED',
        path: ['tiers', i],
        message: `tier ${low.id} is never reached first: whenever it holds, the higher tier ${over.id} holds too`,
      });
    }
  });
  return issues;
}

/**
 * Every problem with an escalation ladder (STYLE §4.15): schema, repeated
 * ids or levels (overlapping tiers), unknown responses, clauses no finding
 * can meet, and tiers a higher tier always pre-empts.
 */
export function validateLadder(
  value: unknown,
  options: LadderValidateOptions = {}
): CheckResult<Ladder, LadderIssueCode> {
  const parsed = ladderSchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({
        code: 'LADDER_MALFORMED',
        path: i.path.filter((p) => typeof p !== 'symbol'),
        message: i.message,
      })),
    };
  }
  const raw = parsed.data;
  const issues: LadderIssue[] = [];
  const seenIds = new Map<string, number>();
  const seenLevels = new Map<number, number>();
  raw.tiers.forEach((tier, i) => {
    const path: Path = ['tiers', i];
    const id = seenIds.get(tier.id);
    if (id !== undefined) {
      issues.push({
        code: 'LADDER_TIER_ID_DUPLICATE',
        path: [...path, 'id'],
        message: `tier id ${tier.id} is also tier ${id}'s`,
      });
    } else seenIds.set(tier.id, i);
    const level = seenLevels.get(tier.level);
    if (level !== undefined) {
      issues.push({
        code: 'LADDER_LEVEL_DUPLICATE',
        path: [...path, 'level'],
        message: `tiers ${level} and ${i} overlap: both are level ${tier.level}`,
      });
    } else seenLevels.set(tier.level, i);
    issues.push(...responseIssues(tier.responses, [...path, 'responses']));
    tier.conditions.anyOf.forEach((clause, k) =>
      issues.push(
        ...clauseIssues(clause, [...path, 'conditions', 'anyOf', k], options)
      )
    );
  });
  if (issues.length > 0) return { ok: false, issues };
  const ladder = raw as Ladder;
  const shadowed = shadowIssues(ladder);
  if (shadowed.length > 0) return { ok: false, issues: shadowed };
  return { ok: true, value: ladder };
}
