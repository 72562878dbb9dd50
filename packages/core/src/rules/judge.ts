import { z } from 'zod';
import type { EnuCovariance, LocatedEvent } from '../fusion/located-event.js';
import { projectAeqd, type GeoPoint } from '../geo/wgs84.js';
import {
  type WeaponClass,
  weaponClassSchema,
} from '../observation/weapon-class.js';
import { normalCdf } from './normal-cdf.js';
import type { FindingKind, RuleIssue, Violation } from './term.js';
import type { ZoneIndex } from './zone.js';

/** Shared by rules: a non-empty list of weapon classes. */
export const weaponClassListSchema = z.array(weaponClassSchema).min(1);

/** RULE_WEAPON_CLASS_DUPLICATE for each class listed twice. */
export function checkWeaponClasses(
  classes: readonly WeaponClass[] | undefined,
  path: (string | number)[]
): RuleIssue[] {
  return (classes ?? []).flatMap((c, i) =>
    classes!.indexOf(c) === i
      ? []
      : [
          {
            code: 'RULE_WEAPON_CLASS_DUPLICATE' as const,
            path: [...path, i],
            message: `${c} is listed twice`,
          },
        ]
  );
}

/**
 * Whether an event's class is one the rule names; with no list every event
 * matches, with a list an event of unknown class does not.
 */
export function classMatches(
  classes: readonly WeaponClass[] | undefined,
  weaponClass: WeaponClass | undefined
): boolean {
  if (classes === undefined) return true;
  return weaponClass !== undefined && classes.includes(weaponClass);
}

/** The standard deviation of a 2-D position along one direction, metres. */
export function sigmaTowardM(
  covariance: EnuCovariance,
  from: GeoPoint,
  toward: GeoPoint | undefined
): number {
  const [ee, en, nn] = covariance;
  const enu = toward === undefined ? [0, 0] : projectAeqd(from, toward);
  const len = Math.hypot(enu[0]!, enu[1]!);
  if (len < 1e-6) {
    // No direction: the largest standard deviation, to err on the wide side.
    const half = (ee + nn) / 2;
    return Math.sqrt(half + Math.hypot((ee - nn) / 2, en));
  }
  const u = enu[0]! / len;
  const v = enu[1]! / len;
  return Math.sqrt(Math.max(0, u * u * ee + 2 * u * v * en + v * v * nn));
}

/** The probability that a point at signed `depthM` (σ `sigmaM`) is inside. */
export function insideProbability(depthM: number, sigmaM: number): number {
  if (sigmaM > 0) return normalCdf(depthM / sigmaM);
  return depthM > 0 ? 1 : depthM < 0 ? 0 : 0.5;
}

/**
 * The confidence that `event` happened inside a zone: its own confidence
 * times the probability, from its spread toward the zone's edge, that its
 * true position is inside; undefined when its point lies outside.
 */
export function insideConfidence(
  event: LocatedEvent,
  depthOf: ZoneIndex
): number | undefined {
  const { depthM, toward } = depthOf(event.position);
  if (!(depthM > 0)) return undefined;
  const sigma = sigmaTowardM(event.covariance, event.position, toward);
  return event.confidence * insideProbability(depthM, sigma);
}

/**
 * Weapons or fire of the given classes inside a zone, one violation each:
 * the judgement shared by `withdrawal` and `buffer_zone`.
 */
export function weaponsInZone(
  events: readonly LocatedEvent[],
  rule: string,
  classes: readonly WeaponClass[] | undefined,
  depthOf: ZoneIndex
): Violation[] {
  return events.flatMap((e) => {
    if (e.kind !== 'weapon' && e.kind !== 'fire') return [];
    if (!classMatches(classes, e.weaponClass)) return [];
    const confidence = insideConfidence(e, depthOf);
    if (confidence === undefined) return [];
    return [violationOf(e, rule, 'weapons_in_zone', confidence, true)];
  });
}

/** A violation resting on one event, with its own confidence. */
export function violationOf(
  event: LocatedEvent,
  rule: string,
  kind: FindingKind,
  confidence: number,
  attributable: boolean
): Violation {
  return {
    rule,
    kind,
    position: event.position,
    covariance: event.covariance,
    ellipse: event.ellipse,
    timeMicros: event.timeMicros,
    confidence,
    sources: event.sources,
    sensorKinds: event.sensorKinds,
    ...(event.weaponClass === undefined
      ? {}
      : { weaponClass: event.weaponClass }),
    attributable,
  };
}

const CLASS_NAMES: Record<WeaponClass, string> = {
  small_arms: 'small arms',
  mortar: 'mortars',
  tank: 'tanks',
  artillery: 'artillery of 100 mm and over',
  mlrs: 'MLRS',
  heavy_mlrs: 'heavy MLRS',
  missile: 'tactical missiles',
  drone: 'drones',
  other: 'other weapons',
};

/** "tanks, mortars and MLRS" for the daily report. */
export function describeClasses(
  classes: readonly WeaponClass[] | undefined,
  all: string
): string {
  if (classes === undefined) return all;
  const names = classes.map((c) => CLASS_NAMES[c]);
  return names.length === 1
    ? names[0]!
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}
