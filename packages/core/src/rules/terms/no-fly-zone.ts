import { z } from 'zod';
import {
  checkWeaponClasses,
  classMatches,
  describeClasses,
  insideConfidence,
  violationOf,
  weaponClassListSchema,
} from '../judge.js';
import {
  parseRuleWith,
  ruleIdSchema,
  type RuleIssue,
  type TermDef,
} from '../term.js';
import {
  buildZoneIndex,
  checkZone,
  describeZone,
  zoneSchema,
} from '../zone.js';

const altitude = z.number().min(-1000).max(100_000);

const schema = z.strictObject({
  id: ruleIdSchema,
  kind: z.literal('no_fly_zone'),
  zone: zoneSchema,
  /** Only aircraft of these classes (e.g. `drone`); absent, all aircraft. */
  weaponClasses: weaponClassListSchema.optional(),
  /** Metres above the WGS84 ellipsoid: the restricted band's floor and ceiling. */
  minAltitudeM: altitude.optional(),
  maxAltitudeM: altitude.optional(),
});

/**
 * No aircraft inside a zone, optionally only within an altitude band. An
 * aircraft of unknown altitude counts: limits exempt only aircraft known
 * to be outside the band. Its position says nothing about whose it is, so
 * these findings carry no party.
 */
export type NoFlyZoneTerm = z.infer<typeof schema>;

function checkAltitudes(
  term: NoFlyZoneTerm,
  path: (string | number)[]
): RuleIssue[] {
  const { minAltitudeM: lo, maxAltitudeM: hi } = term;
  return lo !== undefined && hi !== undefined && lo > hi
    ? [
        {
          code: 'RULE_ALTITUDE_RANGE_INVALID',
          path: [...path, 'minAltitudeM'],
          message: `floor ${lo} m is above ceiling ${hi} m`,
        },
      ]
    : [];
}

function describeBand(term: NoFlyZoneTerm): string {
  const { minAltitudeM: lo, maxAltitudeM: hi } = term;
  if (lo !== undefined && hi !== undefined)
    return ` between ${lo} m and ${hi} m`;
  if (hi !== undefined) return ` below ${hi} m`;
  if (lo !== undefined) return ` above ${lo} m`;
  return '';
}

export const noFlyZoneTerm: TermDef<NoFlyZoneTerm> = {
  parse: (rule, path) =>
    parseRuleWith(schema, rule, path, (term) => [
      ...checkZone(term.zone, [...path, 'zone']),
      ...checkWeaponClasses(term.weaponClasses, [...path, 'weaponClasses']),
      ...checkAltitudes(term, path),
    ]),

  evaluate(term, { events, line }) {
    const depthOf = buildZoneIndex(term.zone, line);
    const lo = term.minAltitudeM ?? -Infinity;
    const hi = term.maxAltitudeM ?? Infinity;
    return events.flatMap((e) => {
      if (e.kind !== 'aircraft') return [];
      if (!classMatches(term.weaponClasses, e.weaponClass)) return [];
      if (e.altitudeM !== undefined && (e.altitudeM < lo || e.altitudeM > hi)) {
        return [];
      }
      const confidence = insideConfidence(e, depthOf);
      if (confidence === undefined) return [];
      return [violationOf(e, term.id, 'airspace', confidence, false)];
    });
  },

  describe: (term) =>
    `No ${describeClasses(term.weaponClasses, 'aircraft')} fly ` +
    `${describeZone(term.zone)}${describeBand(term)}.`,
};
