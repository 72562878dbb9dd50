import { base64Encode, utf8Encode } from '../bytes.js';
import { sha256 } from '../hash.js';
import { ed25519PublicKey } from '../observation/ed25519.js';
import type { SensorKind, SensorRecord } from '../registry/sensor.js';
import type { EnuFrame } from '../fusion/geodesy.js';
import { enuFrameAt } from '../fusion/geodesy.js';
import { CoreError } from '../errors.js';
import type { DifficultyProfile, SimErrorCode } from './params.js';
import type { Random } from './random.js';
import type { Site, World } from './world.js';
import { retry, round, siteOffLine } from './world.js';

/** A simulated sensor: its registry record, private seed and physics. */
export type SimSensor = {
  readonly record: SensorRecord;
  /** Ed25519 seed (RFC 8032), derived from the scenario seed and the id. */
  readonly seed: Uint8Array;
  readonly site: Site;
  /** Local frame at the sensor, for bearings as the sensor measures them. */
  readonly frame: EnuFrame;
  /** An acoustic array that also measures bearings. */
  readonly bearings: boolean;
  readonly timingSigmaS: number;
  readonly noiseFloorDb: number;
};

/**
 * The key seed of sensor `id` in scenario `seed`: SHA-256 of a label, so
 * keys are reproducible from the seed alone and never drawn from the PRNG.
 */
export function simSensorKeySeed(seed: number, id: string): Uint8Array {
  return sha256(utf8Encode(`truce-sim/v1/sensor-key/${seed}/${id}`));
}

type Placement = {
  id: string;
  kind: SensorKind;
  side: 'left' | 'right';
  /** Fraction of the sector length. */
  along: number;
  distanceM: number;
  operator: string;
  mastM: number;
};

function makeSensor(
  world: World,
  random: Random,
  seed: number,
  p: Placement,
  acoustic?: { bearings: boolean; timingSigmaS: number; noiseFloorDb: number }
): SimSensor {
  const L = world.sector.lengthM;
  const site =
    retry(20, () =>
      siteOffLine(
        world,
        p.along * L + random.uniform(-0.02, 0.02) * L,
        p.side,
        p.distanceM * random.uniform(0.7, 1.1),
        p.mastM
      )
    ) ?? siteOffLine(world, p.along * L, p.side, 500, p.mastM);
  if (site === undefined) {
    throw new CoreError<SimErrorCode>(
      'SIM_AGREEMENT_INVALID',
      `the contact line leaves no place for ${p.id} on its ${p.side} side`
    );
  }
  const keySeed = simSensorKeySeed(seed, p.id);
  const record: SensorRecord = {
    id: p.id,
    kind: p.kind,
    publicKey: base64Encode(ed25519PublicKey(keySeed)),
    position: [site.wgs.lon, site.wgs.lat, site.wgs.height],
    operator: p.operator,
    ...(acoustic === undefined ? {} : { timingSigmaS: acoustic.timingSigmaS }),
  };
  return {
    record,
    seed: keySeed,
    site,
    frame: enuFrameAt(site.wgs),
    bearings: acoustic?.bearings ?? false,
    timingSigmaS: acoustic?.timingSigmaS ?? 0.001,
    noiseFloorDb: acoustic?.noiseFloorDb ?? 45,
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Acoustic sensors alternating between the two sides in two rows (about
 * 1.5–4 km and 6–12 km from the line) spread along the sector, every third
 * one an array that measures bearings; three weather stations; one
 * weapon-locating radar per side run by that side's party; two drones and
 * two patrols of the monitoring mission.
 */
export function layoutSensors(
  world: World,
  random: Random,
  options: {
    seed: number;
    acousticSensors: number;
    sides: readonly [string, string];
    profile: DifficultyProfile;
  }
): SimSensor[] {
  const sensors: SimSensor[] = [];
  const n = options.acousticSensors;
  const sides = ['left', 'right'] as const;
  for (let i = 0; i < n; i++) {
    const side = sides[i % 2]!;
    const perSide = side === 'left' ? Math.ceil(n / 2) : Math.floor(n / 2);
    const j = Math.floor(i / 2);
    const row = j % 2;
    const [lo, hi] = options.profile.timingSigmaS;
    sensors.push(
      makeSensor(
        world,
        random,
        options.seed,
        {
          id: `acoustic-${pad(i + 1, 3)}`,
          kind: 'acoustic',
          side,
          along: (j + 0.5 + random.uniform(-0.25, 0.25)) / perSide,
          distanceM:
            row === 0
              ? random.uniform(1500, 4000)
              : random.uniform(6000, 12000),
          operator: 'monitor',
          mastM: 3,
        },
        {
          bearings: j % 3 === 0,
          timingSigmaS: round(random.uniform(lo, hi), 5),
          noiseFloorDb: options.profile.noiseFloorDb + random.normal(0, 2),
        }
      )
    );
  }
  const fixed: Placement[] = [
    ['weather-01', 'weather', 'left', 0.25, 4000, 'monitor', 2],
    ['weather-02', 'weather', 'right', 0.5, 4000, 'monitor', 2],
    ['weather-03', 'weather', 'left', 0.75, 4000, 'monitor', 2],
    ['radar-01', 'radar', 'left', 1 / 3, 12_000, options.sides[0], 4],
    ['radar-02', 'radar', 'right', 2 / 3, 12_000, options.sides[1], 4],
    ['imagery-01', 'imagery', 'left', 0.5, 25_000, 'monitor', 0],
    ['imagery-02', 'imagery', 'right', 0.5, 25_000, 'monitor', 0],
    ['patrol-01', 'patrol', 'left', 1 / 3, 10_000, 'monitor', 2],
    ['patrol-02', 'patrol', 'right', 2 / 3, 10_000, 'monitor', 2],
  ].map(([id, kind, side, along, distanceM, operator, mastM]) => ({
    id,
    kind,
    side,
    along,
    distanceM,
    operator,
    mastM,
  })) as Placement[];
  for (const p of fixed) {
    sensors.push(makeSensor(world, random, options.seed, p));
  }
  return sensors;
}
