import type { WeaponClass } from '../observation/weapon-class.js';
import { parseAgreement } from '../rules/agreement.js';
import type { ContactLine } from './sector.js';

// What the simulator reads from an agreement (DESIGN 4.3), after the rules
// engine's own parser has checked all of it: the simulator accepts exactly
// the agreements that can be judged.

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

/**
 * Checks an agreement with the rules engine's parseAgreement (throwing its
 * AGREEMENT_INVALID with every issue as `cause`) and keeps what a
 * simulation uses.
 */
export function parseSimAgreement(json: unknown): SimAgreement {
  const a = parseAgreement(json);
  const right = a.parties.find((p) => p.id !== a.leftParty)!.id;
  const withdrawals: WithdrawalRule[] = [];
  for (const rule of a.rules) {
    if (rule.kind !== 'withdrawal') continue;
    const { id, weaponClasses, minDistanceKm } = rule;
    withdrawals.push({ id, weaponClasses, minDistanceKm });
  }
  return {
    id: a.id,
    effectiveFrom: a.effectiveFrom,
    sides: [a.leftParty, right],
    aggressor: a.parties[1]!.id,
    contactLine: a.contactLine,
    withdrawals,
  };
}
