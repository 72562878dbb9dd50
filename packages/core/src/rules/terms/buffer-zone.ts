import { z } from 'zod';
import {
  checkWeaponClasses,
  describeClasses,
  weaponClassListSchema,
  weaponsInZone,
} from '../judge.js';
import { parseRuleWith, ruleIdSchema, type TermDef } from '../term.js';
import {
  buildZoneIndex,
  checkZone,
  describeZone,
  zoneSchema,
} from '../zone.js';

const schema = z.strictObject({
  id: ruleIdSchema,
  kind: z.literal('buffer_zone'),
  zone: zoneSchema,
  /** Only weapons of these classes; absent, any weapon and any fire. */
  weaponClasses: weaponClassListSchema.optional(),
});

/** No weapons and no fire inside a zone, whoever's side it is on. */
export type BufferZoneTerm = z.infer<typeof schema>;

export const bufferZoneTerm: TermDef<BufferZoneTerm> = {
  parse: (rule, path) =>
    parseRuleWith(schema, rule, path, (term) => [
      ...checkZone(term.zone, [...path, 'zone']),
      ...checkWeaponClasses(term.weaponClasses, [...path, 'weaponClasses']),
    ]),

  evaluate(term, { events, line }) {
    const depthOf = buildZoneIndex(term.zone, line);
    return weaponsInZone(events, term.id, term.weaponClasses, depthOf);
  },

  describe: (term) =>
    `No ${describeClasses(term.weaponClasses, 'weapons')} and no fire ` +
    `${describeZone(term.zone)}.`,
};
