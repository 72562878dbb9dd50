import { z } from 'zod';
import type { EngineParams } from '../engine/params.js';
import type { AgreementIssueCode, Issue } from '../errors.js';
import type {
  EnuCovariance,
  ErrorEllipse,
  LocatedEvent,
  MonitoringGap,
} from '../fusion/located-event.js';
import type { LineIndex } from '../geo/line-index.js';
import type { GeoPoint } from '../geo/wgs84.js';
import type { WeaponClass } from '../observation/weapon-class.js';
import type { Agreement } from './agreement.js';

/** Every rule kind an agreement may use; each has a module in terms/. */
export const TERM_KINDS = [
  'no_fire',
  'withdrawal',
  'buffer_zone',
  'no_fly_zone',
  'denial_of_monitoring',
] as const;

export type TermKind = (typeof TERM_KINDS)[number];

/** A rule's id: what findings and reviews name it by. */
export const ruleIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'must be 1-64 of A-Z a-z 0-9 . _ -'
  );

/** What a finding says happened (DESIGN 4.5 `kind`). */
export const FINDING_KINDS = [
  'fire',
  'weapons_in_zone',
  'airspace',
  'denial_of_monitoring',
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

/** Everything a term judges: inputs already limited to the agreement's time. */
export type TermContext = {
  /** Events at or after effectiveFrom, confident enough to judge. */
  events: readonly LocatedEvent[];
  /** Gaps cut to start no earlier than effectiveFrom. */
  gaps: readonly MonitoringGap[];
  agreement: Agreement;
  params: EngineParams;
  /** The agreement's contact line, indexed. */
  line: LineIndex;
};

/** One breach of one rule, before the engine turns it into a finding. */
export type Violation = {
  rule: string;
  kind: FindingKind;
  position: GeoPoint;
  covariance: EnuCovariance;
  ellipse: ErrorEllipse;
  timeMicros: number;
  confidence: number;
  /** Log indexes, ascending. */
  sources: readonly number[];
  sensorKinds: readonly string[];
  weaponClass?: WeaponClass;
  /**
   * Whether the side of the contact line the position lies on says who
   * committed it (a weapon's or a launch's position), or not (an aircraft,
   * a silenced sensor).
   */
  attributable: boolean;
};

export type RuleIssue = Issue<AgreementIssueCode>;

export type TermParseResult<T> =
  { ok: true; value: T } | { ok: false; issues: RuleIssue[] };

/** A rule kind's behaviour (STYLE §2.6): shared code never branches on kind. */
export type TermDef<T extends { kind: TermKind; id: string }> = {
  /** Checks the rule's own fields; `path` locates it in the agreement. */
  parse(rule: unknown, path: (string | number)[]): TermParseResult<T>;
  /** The breaches of this rule among the inputs; pure. */
  evaluate(term: T, ctx: TermContext): Violation[];
  /** One sentence for the daily report. */
  describe(term: T, agreement: Agreement): string;
};

/**
 * Parses a rule with its zod schema, reporting every field problem as
 * RULE_FIELD_INVALID, then runs the term's own cross-field checks.
 */
export function parseRuleWith<T>(
  schema: z.ZodType<T>,
  rule: unknown,
  path: (string | number)[],
  check: (value: T) => RuleIssue[] = () => []
): TermParseResult<T> {
  const result = schema.safeParse(rule);
  if (!result.success) {
    return {
      ok: false,
      issues: result.error.issues.map((issue) => ({
        code: 'RULE_FIELD_INVALID',
        path: [
          ...path,
          // Array indexes stay numbers; keys (symbols too) become strings.
          ...issue.path.map((p) => (typeof p === 'number' ? p : String(p))),
        ],
        message: issue.message,
      })),
    };
  }
  const issues = check(result.data);
  return issues.length > 0
    ? { ok: false, issues }
    : { ok: true, value: result.data };
}
