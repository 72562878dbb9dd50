import type { ObservationOf } from '../observation/payload.js';
import { enuAzimuth, enuPoint } from '../fusion/units.js';
import type { Engagement } from './fires.js';
import type { Random } from './random.js';
import type { SimSensor } from './sensors.js';
import type { WeaponPlacement } from './weapons.js';
import type { Draft, DraftTruth, Site, World } from './world.js';
import { normalizeDeg, retry, siteOffLine } from './world.js';

type Category = ObservationOf<'patrol'>['patrol']['category'];

const MICROS = 1_000_000;
const MINUTE = 60 * MICROS;
/** How far a patrol hears explosions and launches, and small arms, metres. */
const HEARING_M = 10_000;
const HEARING_SMALL_ARMS_M = 2500;
const REPORT_PROBABILITY = 0.7;
/** Speed of sound for when a monitor hears a round, m/s (a second or two either way is below the minute noted). */
const HEARING_SPEED_MS = 340;
const COMPASS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'];

type Heard = {
  category: Category;
  ids: string[];
  sites: Site[];
  /** When the first of them was heard at the station. */
  heardMicros: number;
};

function solarHour(timeMicros: number, lonDeg: number): number {
  const utc = (((timeMicros / MICROS) % 86_400) + 86_400) % 86_400;
  return (((utc / 3600 + lonDeg / 15) % 24) + 24) % 24;
}

function heardAt(
  station: Site,
  from: number,
  to: number,
  engagements: readonly Engagement[]
): Heard[] {
  const out: Heard[] = [];
  const distance = (s: Site) =>
    Math.hypot(s.enu.east - station.enu.east, s.enu.north - station.enu.north);
  const within = (s: Site, m: number) => distance(s) <= m;
  const heard = (r: { timeMicros: number; site: Site }) =>
    r.timeMicros + Math.round((distance(r.site) / HEARING_SPEED_MS) * MICROS);
  for (const e of engagements) {
    const range =
      e.weaponClass === 'small_arms' ? HEARING_SMALL_ARMS_M : HEARING_M;
    const launches = e.rounds.filter(
      (r) => r.timeMicros >= from && r.timeMicros < to && within(r.site, range)
    );
    const impacts = e.rounds.flatMap((r) =>
      r.impact &&
      r.impact.timeMicros >= from &&
      r.impact.timeMicros < to &&
      within(r.impact.site, range)
        ? [r.impact]
        : []
    );
    const night = (t: number) => {
      const h = solarHour(t, station.wgs.lon);
      return h < 5 || h >= 21;
    };
    if (launches.length > 0) {
      const t = launches[0]!.timeMicros;
      out.push({
        category:
          e.weaponClass === 'small_arms'
            ? 'burst'
            : night(t)
              ? 'muzzle_flash'
              : 'projectile',
        ids: launches.map((r) => r.id),
        sites: launches.map((r) => r.site),
        heardMicros: Math.min(...launches.map(heard)),
      });
    }
    if (impacts.length > 0) {
      out.push({
        category: 'explosion',
        ids: impacts.map((i) => i.id),
        sites: impacts.map((i) => i.site),
        heardMicros: Math.min(...impacts.map(heard)),
      });
    }
  }
  return out;
}

const WORDS: Record<Category, string> = {
  explosion: 'explosions',
  projectile: 'outgoing rounds',
  muzzle_flash: 'muzzle flashes',
  flare: 'flares',
  burst: 'bursts of small-arms fire',
  weapons: 'heavy weapons',
  restriction: 'restriction',
};

/**
 * Monitoring patrols: each stops for 60–120 min at a spot 1–6 km from the
 * line on its side, reports what it heard (70 % of engagements within
 * hearing: a count, a rough direction ±10° and a distance band) stamped
 * with the minute it first heard it, weapons it passes within 1.5 km, now and then a denied
 * passage (restriction) or flares that are no violation.
 */
export function simulatePatrols(
  world: World,
  random: Random,
  options: {
    patrols: readonly SimSensor[];
    engagements: readonly Engagement[];
    weapons: readonly WeaponPlacement[];
    restrictionProbability: number;
    startMicros: number;
    durationS: number;
  }
): Draft[] {
  const drafts: Draft[] = [];
  const end = options.startMicros + options.durationS * MICROS;
  for (const patrol of options.patrols) {
    const side = patrol.site.side;
    let t = options.startMicros;
    while (t < end) {
      const stay = Math.floor(random.uniform(60, 120) * MINUTE);
      const station = retry(10, () =>
        siteOffLine(
          world,
          random.uniform(0.05, 0.95) * world.sector.lengthM,
          side,
          random.uniform(1000, 6000),
          2
        )
      );
      const from = t;
      t += stay;
      if (station === undefined) continue;
      const position: [number, number, number] = [
        station.wgs.lon,
        station.wgs.lat,
        station.wgs.height,
      ];
      const report = (
        timeMicros: number,
        patrolBody: ObservationOf<'patrol'>['patrol'],
        truth: DraftTruth
      ) => {
        if (timeMicros >= end) return;
        drafts.push({
          sensor: patrol.record.id,
          timeMicros,
          kind: 'patrol',
          position,
          body: patrolBody,
          truth,
        });
      };
      const describe = (sites: Site[]) => {
        const e = sites.reduce((s, x) => s + x.enu.east, 0) / sites.length;
        const n = sites.reduce((s, x) => s + x.enu.north, 0) / sites.length;
        const d =
          Math.hypot(e - station.enu.east, n - station.enu.north) / 1000;
        const centre = enuPoint(e, n);
        const deg = normalizeDeg(
          Math.round(
            normalizeDeg(enuAzimuth(station.enu, centre) + random.normal(0, 10))
          )
        );
        const lo = Math.floor(d * 0.6 * 2) / 2;
        const hi = Math.max(lo + 0.5, Math.ceil(d * 1.5 * 2) / 2);
        return { deg, band: [lo, hi] as [number, number] };
      };
      for (const h of heardAt(station, from, t, options.engagements)) {
        if (!random.chance(REPORT_PROBABILITY)) continue;
        const count = Math.max(
          1,
          Math.round(h.ids.length * random.uniform(0.7, 1.3))
        );
        const { deg, band } = describe(h.sites);
        // Stamped with when it was heard (an observation's time, DESIGN
        // 4.1), as a monitor notes it: to the minute.
        report(
          Math.round(h.heardMicros / MINUTE) * MINUTE,
          {
            category: h.category,
            count,
            directionDeg: deg,
            distanceKm: band,
            text: `${count} ${WORDS[h.category]} to the ${COMPASS[Math.round(deg / 45) % 8]}, about ${band[0]}-${band[1]} km away.`,
          },
          { label: 'report', sources: h.ids }
        );
      }
      for (const w of options.weapons) {
        const near = Math.hypot(
          w.site.enu.east - station.enu.east,
          w.site.enu.north - station.enu.north
        );
        const seenAt =
          Math.max(from, w.fromMicros) +
          Math.floor(random.uniform(5, 30) * MINUTE);
        if (
          near > 1500 ||
          seenAt >= Math.min(t, w.toMicros) ||
          !random.chance(0.8)
        )
          continue;
        const { deg, band } = describe([w.site]);
        report(
          seenAt,
          {
            category: 'weapons',
            count: 1,
            directionDeg: deg,
            distanceKm: band,
            text: `One ${w.weaponClass.replace('_', ' ')} piece seen, ${band[0]}-${band[1]} km away.`,
          },
          { label: 'report', sources: [w.id] }
        );
      }
      if (random.chance(options.restrictionProbability)) {
        report(
          from + Math.floor(random.uniform(5, 50) * MINUTE),
          {
            category: 'restriction',
            count: 1,
            text: 'Patrol denied passage at a checkpoint.',
          },
          { label: 'report' }
        );
      }
      if (random.chance(0.1)) {
        report(
          from + Math.floor(random.uniform(5, 50) * MINUTE),
          {
            category: 'flare',
            count: random.int(1, 3),
            text: 'Illumination flares seen; no fire followed.',
          },
          { label: 'false_alarm' }
        );
      }
    }
  }
  return drafts;
}
