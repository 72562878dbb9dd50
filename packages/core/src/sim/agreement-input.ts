import { z } from 'zod';
import { CoreError } from '../errors.js';
import { positionSchema } from '../observation/geo.js';
import { describeIssues } from '../observation/issues.js';
import { rfc3339MicrosSchema } from '../observation/time.js';
import type { WeaponClass } from '../observation/weapon-class.js';
import { weaponClassSchema } from '../observation/weapon-class.js';
import type { SimErrorCode } from './params.js';
import type { ContactLine } from './sector.js';

// The part of an agreement (DESIGN 4.3) the simulator reads. Fields it does
// not use, and rule kinds other than `withdrawal`, pass through unread: the
// rules engine owns the full schema.

const contactLineSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('LineString'),
    coordinates: z.array(positionSchema).min(2),
  }),
  z.looseObject({
    type: z.literal('MultiLineString'),
    coordinates: z.array(z.array(positionSchema).min(2)).min(1),
  }),
]);

const withdrawalSchema = z.looseObject({
  id: z.string().min(1),
  kind: z.literal('withdrawal'),
  weaponClasses: z.array(weaponClassSchema).min(1),
  minDistanceKm: z.number().positive(),
});

const agreementSchema = z
  .looseObject({
    id: z.string().min(1),
    effectiveFrom: rfc3339MicrosSchema,
    parties: z
      .array(z.looseObject({ id: z.string().min(1), name: z.string() }))
      .min(2),
    leftParty: z.string(),
    contactLine: contactLineSchema,
    rules: z.array(z.looseObject({ id: z.string(), kind: z.string() })),
  })
  .refine((a) => a.parties.some((p) => p.id === a.leftParty), {
    message: 'leftParty must be one of the parties',
    path: ['leftParty'],
  });

/** A withdrawal rule: these classes stay at least this far from the line. */
export type WithdrawalRule = {
  id: string;
  weaponClasses: readonly WeaponClass[];
  minDistanceKm: number;
};

/** What the simulator needs from an agreement. */
export type SimAgreement = {
  id: string;
  effectiveFrom: string;
  /** [left party, right party] of the contact line as drawn. */
  sides: readonly [string, string];
  /** The party that fires most in harder scenarios: the second listed. */
  aggressor: string;
  contactLine: ContactLine;
  withdrawals: readonly WithdrawalRule[];
};

function invalid(message: string, cause?: unknown): never {
  throw new CoreError<SimErrorCode>('SIM_AGREEMENT_INVALID', message, {
    cause,
  });
}

/**
 * Reads the fields of a DESIGN 4.3 agreement that a simulation uses;
 * throws SIM_AGREEMENT_INVALID with the zod issues as `cause`.
 */
export function parseSimAgreement(json: unknown): SimAgreement {
  const result = agreementSchema.safeParse(json);
  if (!result.success) {
    invalid(
      `invalid agreement: ${describeIssues(result.error.issues)}`,
      result.error.issues
    );
  }
  const a = result.data;
  const withdrawals: WithdrawalRule[] = [];
  a.rules.forEach((rule, i) => {
    if (rule.kind !== 'withdrawal') return;
    const parsed = withdrawalSchema.safeParse(rule);
    if (!parsed.success) {
      invalid(
        `invalid agreement: rules.${i}: ${describeIssues(parsed.error.issues)}`,
        parsed.error.issues
      );
    }
    const { id, weaponClasses, minDistanceKm } = parsed.data;
    withdrawals.push({ id, weaponClasses, minDistanceKm });
  });
  const right = a.parties.find((p) => p.id !== a.leftParty)!.id;
  return {
    id: a.id,
    effectiveFrom: a.effectiveFrom,
    sides: [a.leftParty, right],
    aggressor: a.parties[1]!.id,
    contactLine: a.contactLine as ContactLine,
    withdrawals,
  };
}
