import { hexEncode, utf8Encode } from '../bytes.js';
import { sha256 } from '../hash.js';
import type { ObservationOf } from '../observation/payload.js';
import type { Random } from './random.js';
import type { SimSensor } from './sensors.js';
import type { WeaponPlacement } from './weapons.js';
import type { Draft, World } from './world.js';
import { retry, round, siteAt, siteOffLine } from './world.js';

type Detection = ObservationOf<'imagery'>['imagery']['detections'][number];

/** The simulated detector every drone runs; its hash commits to the name. */
export const SIM_IMAGERY_MODEL = {
  name: 'truce-sim-detector',
  version: '1.0.0',
  sha256: hexEncode(sha256(utf8Encode('truce-sim-detector 1.0.0'))),
} as const;

/** Ground radius an image covers, metres. */
const FOOTPRINT_M = 1500;
const DETECT_PROBABILITY = 0.85;
const MICROS = 1_000_000;
const MINUTE = 60 * MICROS;

// What the detector may call a weapon it gets wrong.
const CONFUSED_WITH: Record<string, string> = {
  artillery: 'mlrs',
  mlrs: 'artillery',
  heavy_mlrs: 'mlrs',
  tank: 'armoured_vehicle',
  mortar: 'armoured_vehicle',
  missile: 'heavy_mlrs',
};

/**
 * Drone sorties every 30–60 min, each one image: over a weapon's
 * neighbourhood (60 %) or anywhere up to 40 km from the line. Weapons in
 * the footprint are found with probability 0.85, their position scattered
 * by the stated error (1 σ per axis, 5–20 m), class right 90 % of the time,
 * confidence 0.6–0.98; false detections of 0.3–0.65 confidence join them.
 */
export function simulateImagery(
  world: World,
  random: Random,
  options: {
    seed: number;
    drones: readonly SimSensor[];
    weapons: readonly WeaponPlacement[];
    falseDetections: number;
    startMicros: number;
    durationS: number;
  }
): Draft[] {
  const drafts: Draft[] = [];
  const end = options.startMicros + options.durationS * MICROS;
  const L = world.sector.lengthM;
  for (const drone of options.drones) {
    let image = 0;
    let t = options.startMicros + Math.floor(random.uniform(0, 30) * MINUTE);
    for (; t < end; t += Math.floor(random.uniform(30, 60) * MINUTE)) {
      const present = options.weapons.filter(
        (w) => t >= w.fromMicros && t < w.toMicros
      );
      const centre =
        present.length > 0 && random.chance(0.6)
          ? (() => {
              const w = random.pick(present);
              return siteAt(
                world,
                w.site.enu.east + random.normal(0, 600),
                w.site.enu.north + random.normal(0, 600),
                0
              );
            })()
          : retry(10, () =>
              siteOffLine(
                world,
                random.uniform(0, L),
                random.chance(0.5) ? 'left' : 'right',
                random.uniform(1000, 40_000),
                0
              )
            );
      if (centre === undefined) continue;
      const detections: Detection[] = [];
      const sources: string[] = [];
      const falseOnes: number[] = [];
      for (const w of present) {
        const d = Math.hypot(
          w.site.enu.east - centre.enu.east,
          w.site.enu.north - centre.enu.north
        );
        if (d > FOOTPRINT_M || !random.chance(DETECT_PROBABILITY)) continue;
        const sigma = round(random.uniform(5, 20), 1);
        const seen = siteAt(
          world,
          w.site.enu.east + random.normal(0, sigma),
          w.site.enu.north + random.normal(0, sigma),
          0
        );
        detections.push({
          class: random.chance(0.9)
            ? w.weaponClass
            : (CONFUSED_WITH[w.weaponClass] ?? 'unknown'),
          position: [seen.wgs.lon, seen.wgs.lat],
          positionErrorM: sigma,
          confidence: round(random.uniform(0.6, 0.98), 2),
        });
        sources.push(w.id);
      }
      const ghosts = random.poisson(options.falseDetections);
      for (let g = 0; g < ghosts; g++) {
        const r = FOOTPRINT_M * Math.sqrt(random.next());
        const a = random.uniform(0, 2 * Math.PI);
        const seen = siteAt(
          world,
          centre.enu.east + r * Math.sin(a),
          centre.enu.north + r * Math.cos(a),
          0
        );
        falseOnes.push(detections.length);
        detections.push({
          class: random.pick(['artillery', 'tank', 'mlrs'] as const),
          position: [seen.wgs.lon, seen.wgs.lat],
          positionErrorM: round(random.uniform(10, 30), 1),
          confidence: round(random.uniform(0.3, 0.65), 2),
        });
      }
      image++;
      const media = `truce-sim/v1/image/${options.seed}/${drone.record.id}/${image}`;
      const label =
        sources.length > 0
          ? 'detection'
          : falseOnes.length > 0
            ? 'false_alarm'
            : 'empty';
      drafts.push({
        sensor: drone.record.id,
        timeMicros: t,
        kind: 'imagery',
        position: [
          centre.wgs.lon,
          centre.wgs.lat,
          round(centre.wgs.height + random.uniform(500, 1500), 1),
        ],
        body: {
          detections,
          media: {
            sha256: hexEncode(sha256(utf8Encode(media))),
            mediaType: 'image/jpeg',
          },
          model: { ...SIM_IMAGERY_MODEL },
        },
        truth: {
          label,
          ...(sources.length > 0 ? { sources } : {}),
          ...(falseOnes.length > 0 ? { falseDetections: falseOnes } : {}),
        },
      });
    }
  }
  return drafts;
}
