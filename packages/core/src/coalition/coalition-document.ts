import type { CheckResult, CoalitionErrorCode, Issue } from '../errors.js';
import { type Coalition, coalitionSchema } from './coalition.js';

/** Why a coalition document is unusable. */
export type CoalitionIssueCode = Extract<
  CoalitionErrorCode,
  | 'COALITION_DOCUMENT_INVALID'
  | 'COALITION_MEMBER_UNKNOWN'
  | 'COALITION_PLEDGE_EXISTS'
>;

/**
 * Checks a coalition document (members and their pledges, DESIGN 5) and
 * reports every problem: the schema's, a member listed twice, a pledge of
 * a state that is not a member, a pledge id used twice.
 */
export function validateCoalition(
  raw: unknown
): CheckResult<Coalition, CoalitionIssueCode> {
  const parsed = coalitionSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({
        code: 'COALITION_DOCUMENT_INVALID',
        path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
        message: i.message,
      })),
    };
  }
  const doc = parsed.data;
  const issues: Issue<CoalitionIssueCode>[] = [];
  const members = new Set<string>();
  doc.members.forEach((m, k) => {
    if (members.has(m.iso3)) {
      issues.push({
        code: 'COALITION_DOCUMENT_INVALID',
        path: ['members', k, 'iso3'],
        message: `${m.iso3} is listed twice`,
      });
    }
    members.add(m.iso3);
  });
  const ids = new Set<string>();
  doc.pledges.forEach((p, k) => {
    if (!members.has(p.member)) {
      issues.push({
        code: 'COALITION_MEMBER_UNKNOWN',
        path: ['pledges', k, 'member'],
        message: `${p.member} is not among the members`,
      });
    }
    if (ids.has(p.id)) {
      issues.push({
        code: 'COALITION_PLEDGE_EXISTS',
        path: ['pledges', k, 'id'],
        message: `pledge ${p.id} is listed twice`,
      });
    }
    ids.add(p.id);
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: doc };
}
