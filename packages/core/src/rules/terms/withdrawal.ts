import { z } from 'zod';
import {
  checkWeaponClasses,
  describeClasses,
  weaponClassListSchema,
  weaponsInZone,
} from '../judge.js';
import { parseRuleWith, ruleIdSchema, type TermDef } from '../term.js';
import { buildZoneIndex } from '../zone.js';

const schema = z.strictObject({
  id: ruleIdSchema,
  kind: z.literal('withdrawal'),
  weaponClasses: weaponClassListSchema,
  minDistanceKm: z.number().positive().max(1000),
});

/**
 * Each party keeps the listed weapon classes at least `minDistanceKm` from
 * the contact line (Minsk II: 15 km to 140 km). A weapon seen, or fire
 * launched, closer than that breaks it; the side it is on says by whom.
 */
export type WithdrawalTerm = z.infer<typeof schema>;

export const withdrawalTerm: TermDef<WithdrawalTerm> = {
  parse: (rule, path) =>
    parseRuleWith(schema, rule, path, (term) =>
      checkWeaponClasses(term.weaponClasses, [...path, 'weaponClasses'])
    ),

  evaluate(term, { events, line }) {
    const depthOf = buildZoneIndex({ withinKm: term.minDistanceKm }, line);
    return weaponsInZone(events, term.id, term.weaponClasses, depthOf);
  },

  describe: (term) =>
    `Each party keeps ${describeClasses(term.weaponClasses, '')} at least ` +
    `${term.minDistanceKm} km from the contact line.`,
};
