import { z } from 'zod';
import {
  type AgreementIssueCode,
  type CheckResult,
  CoreError,
  type Issue,
} from '../errors.js';
import { checkLineGeometry, lineGeometrySchema } from '../geo/geometry.js';
import { isRfc3339Micros } from '../observation/time.js';
import { type Term, TERMS } from './term-table.js';
import { TERM_KINDS, type TermKind } from './term.js';

const partySchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(256),
});

// Each top-level field on its own, so one bad field does not hide the
// problems of the others (STYLE §4.15: report them all).
const FIELDS = {
  id: z.string().min(1).max(128),
  version: z.number().int().min(1),
  title: z.string().min(1).max(1024),
  effectiveFrom: z.string(),
  parties: z.array(partySchema),
  contactLine: lineGeometrySchema,
  leftParty: z.string().min(1).max(64),
  rules: z.array(z.unknown()),
};
const OPTIONAL_FIELDS = {
  /** Free text: status, sources, caveats (e.g. "illustrative"). */
  notes: z.string().max(4096),
};

type Fields = { [K in keyof typeof FIELDS]: z.infer<(typeof FIELDS)[K]> };

/** A ceasefire agreement version (DESIGN 4.3), its rules parsed by kind. */
export type Agreement = Omit<Fields, 'rules'> & {
  notes?: string;
  rules: Term[];
};

/** Every code validateAgreement reports. */
export const AGREEMENT_ISSUE_CODES = [
  'AGREEMENT_MALFORMED',
  'EFFECTIVE_FROM_INVALID',
  'GEOMETRY_TOO_FEW_POINTS',
  'GEOMETRY_COORDINATE_OUT_OF_RANGE',
  'GEOMETRY_ZERO_LENGTH_SEGMENT',
  'GEOMETRY_RING_NOT_CLOSED',
  'PARTIES_NOT_TWO',
  'PARTY_DUPLICATE',
  'LEFT_PARTY_UNKNOWN',
  'RULE_ID_DUPLICATE',
  'RULE_KIND_UNKNOWN',
  'RULE_FIELD_INVALID',
  'RULE_WEAPON_CLASS_DUPLICATE',
  'RULE_ALTITUDE_RANGE_INVALID',
] as const satisfies readonly AgreementIssueCode[];

// Compile-time check that the list above names every AgreementIssueCode.
const allCodesListed: Exclude<
  AgreementIssueCode,
  (typeof AGREEMENT_ISSUE_CODES)[number]
> extends never
  ? true
  : never = true;
void allCodesListed;

export type AgreementIssue = Issue<AgreementIssueCode>;
type Path = (string | number)[];

function zodIssues(error: z.ZodError, path: Path): AgreementIssue[] {
  return error.issues.map((issue) => ({
    code: 'AGREEMENT_MALFORMED',
    path: [
      ...path,
      // Array indexes stay numbers; keys (symbols too) become strings.
      ...issue.path.map((p) => (typeof p === 'number' ? p : String(p))),
    ],
    message: issue.message,
  }));
}

function checkParties(f: Partial<Fields>, issues: AgreementIssue[]): void {
  if (f.parties === undefined) return;
  if (f.parties.length !== 2) {
    issues.push({
      code: 'PARTIES_NOT_TWO',
      path: ['parties'],
      message: `a contact line has two sides; ${f.parties.length} parties given`,
    });
  }
  const ids = f.parties.map((p) => p.id);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) {
      issues.push({
        code: 'PARTY_DUPLICATE',
        path: ['parties', i, 'id'],
        message: `party ${id} is listed twice`,
      });
    }
  });
  if (f.leftParty !== undefined && !ids.includes(f.leftParty)) {
    issues.push({
      code: 'LEFT_PARTY_UNKNOWN',
      path: ['leftParty'],
      message: `${f.leftParty} is not one of the parties`,
    });
  }
}

function parseRules(rules: unknown[], issues: AgreementIssue[]): Term[] {
  const parsed: Term[] = [];
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    const path = ['rules', i];
    const { id, kind } = (
      typeof rule === 'object' && rule !== null ? rule : {}
    ) as {
      id?: unknown;
      kind?: unknown;
    };
    if (typeof id === 'string') {
      if (seen.has(id)) {
        issues.push({
          code: 'RULE_ID_DUPLICATE',
          path: [...path, 'id'],
          message: `rule id ${id} is used twice`,
        });
      }
      seen.add(id);
    }
    if (
      typeof kind !== 'string' ||
      !(TERM_KINDS as readonly string[]).includes(kind)
    ) {
      issues.push({
        code: 'RULE_KIND_UNKNOWN',
        path: [...path, 'kind'],
        message: `kind must be one of ${TERM_KINDS.join(', ')}`,
      });
      return;
    }
    const result = TERMS[kind as TermKind].parse(rule, path);
    if (result.ok) parsed.push(result.value);
    else issues.push(...result.issues);
  });
  return parsed;
}

/**
 * Checks an agreement (DESIGN 4.3) and returns every issue found: its
 * fields, the contact line's geometry, the parties and leftParty, unique
 * rule ids, and each rule's own fields as its term module parses them.
 */
export function validateAgreement(
  value: unknown
): CheckResult<Agreement, AgreementIssueCode> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      issues: [
        {
          code: 'AGREEMENT_MALFORMED',
          path: [],
          message: 'an agreement is a JSON object',
        },
      ],
    };
  }
  const raw = value as Record<string, unknown>;
  const issues: AgreementIssue[] = [];
  const fields: Partial<Fields> & { notes?: string } = {};
  const schemas: Record<string, z.ZodType> = { ...FIELDS, ...OPTIONAL_FIELDS };
  for (const key of Object.keys(raw)) {
    if (!Object.hasOwn(schemas, key)) {
      issues.push({
        code: 'AGREEMENT_MALFORMED',
        path: [key],
        message: 'unknown field',
      });
    }
  }
  for (const [key, schema] of Object.entries(schemas)) {
    if (!Object.hasOwn(raw, key)) {
      if (Object.hasOwn(FIELDS, key)) {
        issues.push({
          code: 'AGREEMENT_MALFORMED',
          path: [key],
          message: 'required',
        });
      }
      continue;
    }
    const result = schema.safeParse(raw[key]);
    if (result.success) (fields as Record<string, unknown>)[key] = result.data;
    else issues.push(...zodIssues(result.error, [key]));
  }
  if (
    fields.effectiveFrom !== undefined &&
    !isRfc3339Micros(fields.effectiveFrom)
  ) {
    issues.push({
      code: 'EFFECTIVE_FROM_INVALID',
      path: ['effectiveFrom'],
      message: 'must be an RFC 3339 UTC time with up to 6 fractional digits',
    });
  }
  if (fields.contactLine !== undefined) {
    issues.push(...checkLineGeometry(fields.contactLine, ['contactLine']));
  }
  checkParties(fields, issues);
  const rules = parseRules(fields.rules ?? [], issues);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { ...(fields as Fields), rules } };
}

/** validateAgreement, throwing AGREEMENT_INVALID with the issues as cause. */
export function parseAgreement(value: unknown): Agreement {
  const result = validateAgreement(value);
  if (!result.ok) {
    const [first] = result.issues;
    throw new CoreError(
      'AGREEMENT_INVALID',
      `invalid agreement: ${first!.code} at ${first!.path.join('.') || '(root)'}` +
        (result.issues.length > 1
          ? ` (+${result.issues.length - 1} more)`
          : ''),
      { cause: result.issues }
    );
  }
  return result.value;
}
