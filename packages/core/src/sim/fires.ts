import type { FireGeometry } from './fire-geometry.js';
import { FIRE_GEOMETRY } from './fire-geometry.js';
import type { DifficultyProfile, SimFireClass } from './params.js';
import type { Random } from './random.js';
import type { Site, World } from './world.js';
import { retry, siteAt, siteOffLine, sideOf } from './world.js';

export type Impact = { id: string; timeMicros: number; site: Site };

/** One round, rocket or shot. */
export type Round = {
  id: string;
  engagement: string;
  party: string;
  weaponClass: SimFireClass;
  timeMicros: number;
  site: Site;
  impact?: Impact;
};

/** A burst, a series of rounds or a salvo by one party's unit. */
export type Engagement = {
  id: string;
  party: string;
  weaponClass: SimFireClass;
  /** The engagement this one answers, if any. */
  answers?: string;
  rounds: Round[];
};

type Plan = {
  timeS: number;
  party: string;
  weaponClass: SimFireClass;
  alongM: number;
  answers?: Plan;
};

const MICROS = 1_000_000;

/** Launch and target sites of one engagement, or undefined if none fit. */
function aim(
  world: World,
  random: Random,
  plan: Plan,
  sides: readonly [string, string],
  g: FireGeometry
): { gun: Site; target?: Site } | undefined {
  const side = sideOf(sides, plan.party);
  const far = side === 'left' ? 'right' : 'left';
  const L = world.sector.lengthM;
  return retry(10, () => {
    const gun = siteOffLine(
      world,
      Math.min(Math.max(plan.alongM + random.normal(0, 1500), 0), L),
      side,
      random.uniform(g.behindKm[0], g.behindKm[1]) * 1000,
      2
    );
    if (gun === undefined) return undefined;
    if (g.beyondKm === undefined) return { gun };
    const target = siteOffLine(
      world,
      Math.min(Math.max(plan.alongM + random.normal(0, 1500), 0), L),
      far,
      random.uniform(g.beyondKm[0], g.beyondKm[1]) * 1000,
      0
    );
    // Aim clear of the line's bends, so the spread of rounds stays across it.
    if (target === undefined || target.distanceM < 3 * g.dispersionM) {
      return undefined;
    }
    const range = Math.hypot(
      target.enu.east - gun.enu.east,
      target.enu.north - gun.enu.north
    );
    return range <= g.maxRangeKm * 1000 ? { gun, target } : undefined;
  });
}

function fight(
  world: World,
  random: Random,
  plan: Plan,
  options: {
    startMicros: number;
    sides: readonly [string, string];
    profile: DifficultyProfile;
  }
): Omit<Engagement, 'id'> | undefined {
  const g = FIRE_GEOMETRY[plan.weaponClass];
  const sites = aim(world, random, plan, options.sides, g);
  if (sites === undefined) return undefined;
  const [lo, hi] =
    plan.weaponClass === 'mlrs' ? options.profile.salvoRockets : g.rounds;
  const count = random.int(lo, hi);
  const guns = Array.from({ length: random.int(g.guns[0], g.guns[1]) }, () => {
    const e = sites.gun.enu.east + random.normal(0, g.spreadM);
    const n = sites.gun.enu.north + random.normal(0, g.spreadM);
    return { site: siteAt(world, e, n, 2), nextS: random.uniform(0, 3) };
  });
  const rounds: Round[] = [];
  for (let r = 0; r < count; r++) {
    const gun = guns[r % guns.length]!;
    const timeS = plan.timeS + gun.nextS;
    gun.nextS += random.uniform(g.intervalS[0], g.intervalS[1]);
    const round: Round = {
      id: '',
      engagement: '',
      party: plan.party,
      weaponClass: plan.weaponClass,
      timeMicros: options.startMicros + Math.round(timeS * MICROS),
      site: gun.site,
    };
    if (sites.target !== undefined) {
      const e = sites.target.enu.east + random.normal(0, g.dispersionM);
      const n = sites.target.enu.north + random.normal(0, g.dispersionM);
      const hit = siteAt(world, e, n, 0);
      const range = Math.hypot(e - gun.site.enu.east, n - gun.site.enu.north);
      const flightS = (range / g.flightSpeedMs) * random.uniform(0.95, 1.05);
      round.impact = {
        id: '',
        timeMicros: round.timeMicros + Math.round(flightS * MICROS),
        site: hit,
      };
    }
    rounds.push(round);
  }
  rounds.sort((a, b) => a.timeMicros - b.timeMicros);
  return { party: plan.party, weaponClass: plan.weaponClass, rounds };
}

/**
 * Fire over `durationS` from `startMicros`: engagements arrive as a
 * Poisson process, each fired by the aggressor with the profile's share;
 * some draw an answer (usually from the other side) or a follow-up within
 * minutes nearby, so events overlap more as difficulty rises.
 */
export function simulateFires(
  world: World,
  random: Random,
  options: {
    startMicros: number;
    durationS: number;
    sides: readonly [string, string];
    aggressor: string;
    profile: DifficultyProfile;
  }
): Engagement[] {
  const { profile, sides } = options;
  const other = (party: string) => (party === sides[0] ? sides[1] : sides[0]);
  const plans: Plan[] = [];
  const count = random.poisson(
    (profile.engagementsPerHour * options.durationS) / 3600
  );
  for (let i = 0; i < count; i++) {
    const party = random.chance(profile.aggressorShare)
      ? options.aggressor
      : other(options.aggressor);
    let plan: Plan = {
      timeS: random.uniform(0, options.durationS),
      party,
      weaponClass: random.weighted(profile.weaponMix),
      alongM: random.uniform(0.05, 0.95) * world.sector.lengthM,
    };
    plans.push(plan);
    for (let k = 0; k < 3 && random.chance(profile.exchangeProbability); k++) {
      plan = {
        timeS: plan.timeS + random.uniform(20, 300),
        // The aggressor answers fire; its own fire is answered only at the
        // other side's share, else it keeps firing.
        party:
          plan.party !== options.aggressor ||
          random.chance(1 - profile.aggressorShare)
            ? other(plan.party)
            : plan.party,
        weaponClass: random.weighted(profile.weaponMix),
        alongM: plan.alongM + random.normal(0, 3000),
        answers: plan,
      };
      plans.push(plan);
    }
  }
  plans.sort((a, b) => a.timeS - b.timeS);
  const ids = new Map<Plan, string>();
  const out: Engagement[] = [];
  for (const plan of plans) {
    if (plan.timeS >= options.durationS) continue;
    const fought = fight(world, random, plan, options);
    if (fought === undefined) continue;
    const id = `eng-${String(out.length + 1).padStart(4, '0')}`;
    ids.set(plan, id);
    const answers = plan.answers && ids.get(plan.answers);
    out.push({ id, ...fought, ...(answers ? { answers } : {}) });
  }
  let fire = 0;
  for (const engagement of out) {
    for (const round of engagement.rounds) {
      fire++;
      round.id = `fire-${String(fire).padStart(5, '0')}`;
      round.engagement = engagement.id;
      if (round.impact) {
        round.impact.id = `impact-${String(fire).padStart(5, '0')}`;
      }
    }
  }
  return out;
}
