import type { WeaponClass } from '../observation/weapon-class.js';
import type { WithdrawalRule } from './agreement-input.js';
import type { Random } from './random.js';
import type { Site, World } from './world.js';
import { retry, sideOf, siteOffLine } from './world.js';

/** A heavy weapon standing somewhere for a while. */
export type WeaponPlacement = {
  id: string;
  party: string;
  weaponClass: WeaponClass;
  site: Site;
  /** The withdrawal rule that covers its class. */
  rule: string;
  minDistanceKm: number;
  /** Closer to the line than the rule allows: a violation. */
  insideZone: boolean;
  fromMicros: number;
  toMicros: number;
};

/** Weapons are kept within this distance of the line so drones reach them. */
const MAX_PLACEMENT_KM = 60;
const MICROS = 1_000_000;

/**
 * `count` weapons moved inside withdrawal zones (e.g. artillery 20 km from
 * the line where the rule says 50), rules taken in turn, mostly by the
 * aggressor; and half as many parked lawfully beyond their distance, which
 * imagery should not flag. Each stands for part of the scenario.
 */
export function placeWeapons(
  world: World,
  random: Random,
  options: {
    rules: readonly WithdrawalRule[];
    count: number;
    sides: readonly [string, string];
    aggressor: string;
    aggressorShare: number;
    startMicros: number;
    durationS: number;
  }
): WeaponPlacement[] {
  const { rules, sides } = options;
  if (rules.length === 0) return [];
  const other = options.aggressor === sides[0] ? sides[1] : sides[0];
  const out: WeaponPlacement[] = [];
  const lawful = Math.ceil(options.count / 2);
  for (let i = 0; i < options.count + lawful; i++) {
    const insideZone = i < options.count;
    const rule = rules[i % rules.length]!;
    const party = random.chance(options.aggressorShare)
      ? options.aggressor
      : other;
    const minM = rule.minDistanceKm * 1000;
    const capM = MAX_PLACEMENT_KM * 1000;
    const site = retry(20, () => {
      const distanceM = insideZone
        ? Math.min(random.uniform(0.25, 0.85) * minM, capM)
        : minM + random.uniform(2000, 15_000);
      const s = random.uniform(0.1, 0.9) * world.sector.lengthM;
      const site = siteOffLine(world, s, sideOf(sides, party), distanceM, 0);
      if (site === undefined) return undefined;
      return site.distanceM < minM === insideZone ? site : undefined;
    });
    if (site === undefined) continue;
    const durationM = options.durationS * MICROS;
    const from = Math.floor(random.uniform(0, 0.6) * durationM);
    const to = from + Math.floor(random.uniform(0.3, 1) * (durationM - from));
    out.push({
      id: `weapon-${String(out.length + 1).padStart(3, '0')}`,
      party,
      weaponClass: random.pick(rule.weaponClasses),
      site,
      rule: rule.id,
      minDistanceKm: rule.minDistanceKm,
      insideZone,
      fromMicros: options.startMicros + from,
      toMicros: options.startMicros + to,
    });
  }
  return out;
}
