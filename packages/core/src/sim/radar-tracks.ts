import type { WeaponClass } from '../observation/weapon-class.js';
import { wgs84FromEnu } from '../fusion/geodesy.js';
import { enuAzimuth, enuPoint } from '../fusion/units.js';
import type { Engagement } from './fires.js';
import type { DifficultyProfile, SimFireClass } from './params.js';
import type { Random } from './random.js';
import { placeOnLine } from './sector.js';
import type { SimSensor } from './sensors.js';
import type { Draft, Site, World } from './world.js';
import { round, siteAt } from './world.js';

// Counter-battery radars see rounds with a high trajectory: mortars,
// artillery and rockets, not tank guns or small arms. Ranges follow
// published figures for light/medium weapon-locating radars (mortars
// ~20 km, artillery ~30 km, rockets ~40–60 km).
const RADAR_RANGE_KM: Partial<Record<SimFireClass, number>> = {
  mortar: 20,
  artillery: 30,
  mlrs: 40,
  heavy_mlrs: 60,
};
/** Half-width of the radar's search sector around its facing, degrees. */
const HALF_SECTOR_DEG = 45;
const TRACK_PROBABILITY = 0.85;
/** Tracks one radar reports per salvo (its tracking capacity). */
const TRACKS_PER_SALVO = 8;
const MICROS = 1_000_000;

/** 1 σ of the extrapolated origin: ~0.3 % of range plus 15 m. */
export function radarOriginErrorM(rangeM: number): number {
  return 15 + 0.003 * rangeM;
}

/** 1 σ of the predicted impact: ~0.4 % of range plus 20 m. */
export function radarImpactErrorM(rangeM: number): number {
  return 20 + 0.004 * rangeM;
}

function facingDeg(world: World, radar: Site): number {
  // Toward the line: the azimuth in which the distance to the line falls.
  const step = 100;
  const probe = (deg: number) => {
    const rad = (deg * Math.PI) / 180;
    const e = radar.enu.east + step * Math.sin(rad);
    const n = radar.enu.north + step * Math.cos(rad);
    const p = wgs84FromEnu(world.sector.frame, enuPoint(e, n));
    return placeOnLine(world.sector, p.lon, p.lat).distanceM;
  };
  let best = 0;
  for (let deg = 0; deg < 360; deg += 5)
    if (probe(deg) < probe(best)) best = deg;
  return best;
}

function angleBetween(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}

function scatter(world: World, random: Random, site: Site, sigmaM: number) {
  const p = siteAt(
    world,
    site.enu.east + random.normal(0, sigmaM),
    site.enu.north + random.normal(0, sigmaM),
    0
  );
  return [p.wgs.lon, p.wgs.lat] as [number, number];
}

/**
 * Weapon-locating radar tracks: each round in range and in the radar's
 * search sector is tracked with probability 0.85 (at most 8 per salvo),
 * reported a few seconds after launch with its origin and predicted
 * impact scattered by their stated errors (1 σ per axis). Clutter adds
 * false tracks in front of the radar.
 */
export function simulateRadar(
  world: World,
  random: Random,
  options: {
    radars: readonly SimSensor[];
    engagements: readonly Engagement[];
    profile: DifficultyProfile;
    startMicros: number;
    durationS: number;
  }
): Draft[] {
  const drafts: Draft[] = [];
  for (const radar of options.radars) {
    const facing = facingDeg(world, radar.site);
    for (const engagement of options.engagements) {
      const maxKm = RADAR_RANGE_KM[engagement.weaponClass];
      if (maxKm === undefined) continue;
      let tracks = 0;
      for (const r of engagement.rounds) {
        const range = Math.hypot(
          r.site.enu.east - radar.site.enu.east,
          r.site.enu.north - radar.site.enu.north
        );
        const azimuth = enuAzimuth(radar.site.enu, r.site.enu);
        if (range > maxKm * 1000) continue;
        if (angleBetween(azimuth, facing) > HALF_SECTOR_DEG) continue;
        if (tracks >= TRACKS_PER_SALVO) break;
        if (!random.chance(TRACK_PROBABILITY)) continue;
        tracks++;
        const originErrorM = round(radarOriginErrorM(range), 0);
        const impact = r.impact;
        const impactRange = impact
          ? Math.hypot(
              impact.site.enu.east - radar.site.enu.east,
              impact.site.enu.north - radar.site.enu.north
            )
          : 0;
        const impactErrorM = round(radarImpactErrorM(impactRange), 0);
        const weaponClass: WeaponClass = random.chance(0.05)
          ? random.pick(['mortar', 'artillery', 'mlrs'] as const)
          : r.weaponClass;
        drafts.push({
          sensor: radar.record.id,
          timeMicros: r.timeMicros + Math.round(random.uniform(2, 6) * MICROS),
          kind: 'radar',
          body: {
            weaponClass,
            origin: scatter(world, random, r.site, originErrorM),
            originErrorM,
            ...(impact
              ? {
                  impact: scatter(world, random, impact.site, impactErrorM),
                  impactErrorM,
                }
              : {}),
          },
          truth: {
            label: 'detection',
            sources: impact ? [r.id, impact.id] : [r.id],
          },
        });
      }
    }
    const hours = options.durationS / 3600;
    const count = random.poisson(
      options.profile.radarFalseTracksPerHour * hours
    );
    for (let i = 0; i < count; i++) {
      const rad = ((facing + random.uniform(-40, 40)) * Math.PI) / 180;
      const d = random.uniform(5000, 25_000);
      const ghost = siteAt(
        world,
        radar.site.enu.east + d * Math.sin(rad),
        radar.site.enu.north + d * Math.cos(rad),
        0
      );
      const originErrorM = round(radarOriginErrorM(d), 0);
      drafts.push({
        sensor: radar.record.id,
        timeMicros:
          options.startMicros +
          Math.floor(random.uniform(0, options.durationS) * MICROS),
        kind: 'radar',
        body: {
          weaponClass: random.pick(['mortar', 'artillery', 'mlrs'] as const),
          origin: [ghost.wgs.lon, ghost.wgs.lat],
          originErrorM,
        },
        truth: { label: 'false_alarm' },
      });
    }
  }
  return drafts;
}
