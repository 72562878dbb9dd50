import { z } from 'zod';
import {
  checkWeaponClasses,
  classMatches,
  describeClasses,
  violationOf,
  weaponClassListSchema,
} from '../judge.js';
import { parseRuleWith, ruleIdSchema, type TermDef } from '../term.js';

const schema = z.strictObject({
  id: ruleIdSchema,
  kind: z.literal('no_fire'),
  /** Only fire of these classes; absent, all fire. */
  weaponClasses: weaponClassListSchema.optional(),
});

/** No fire at all (or of the listed classes) once the agreement is in force. */
export type NoFireTerm = z.infer<typeof schema>;

export const noFireTerm: TermDef<NoFireTerm> = {
  parse: (rule, path) =>
    parseRuleWith(schema, rule, path, (term) =>
      checkWeaponClasses(term.weaponClasses, [...path, 'weaponClasses'])
    ),

  evaluate: (term, { events }) =>
    events
      .filter(
        (e) =>
          e.kind === 'fire' && classMatches(term.weaponClasses, e.weaponClass)
      )
      .map((e) => violationOf(e, term.id, 'fire', e.confidence, true)),

  describe: (term, agreement) =>
    `No party fires ${describeClasses(term.weaponClasses, 'any weapon')} ` +
    `from ${agreement.effectiveFrom} on.`,
};
