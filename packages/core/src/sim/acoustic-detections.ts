import type { AcousticClass } from '../observation/kinds/acoustic.js';
import type { WeaponClass } from '../observation/weapon-class.js';
import type { AcousticPhase } from './acoustics.js';
import {
  SOURCE_MODELS,
  meanSnrDb,
  propagationJitterS,
  travelTimeS,
  windAlongMs,
} from './acoustics.js';
import type { WeatherModel } from './atmosphere.js';
import { soundSpeedFromTemperature } from '../fusion/sound-speed.js';
import { enuFromWgs84 } from '../fusion/geodesy.js';
import { celsius, enuAzimuth, enuDistance, enuPoint } from '../fusion/units.js';
import type { Engagement } from './fires.js';
import type { DifficultyProfile } from './params.js';
import { DETECTION_THRESHOLD_DB } from './params.js';
import type { Random } from './random.js';
import type { SimSensor } from './sensors.js';
import type { Draft, Site } from './world.js';
import { compareText, normalizeDeg, round } from './world.js';

/** A sound made at one place and time: a launch, a shot or an impact. */
export type AcousticSource = {
  id: string;
  phase: AcousticPhase;
  weaponClass: WeaponClass;
  timeMicros: number;
  site: Site;
};

/** Every launch and impact of the engagements, in time order. */
export function acousticSources(
  engagements: readonly Engagement[]
): AcousticSource[] {
  const out: AcousticSource[] = [];
  for (const e of engagements) {
    for (const r of e.rounds) {
      out.push({ ...r, phase: 'launch' });
      if (r.impact) {
        out.push({ ...r.impact, phase: 'impact', weaponClass: r.weaponClass });
      }
    }
  }
  return out.sort((a, b) => a.timeMicros - b.timeMicros);
}

// What a sensor's classifier calls each kind of pulse: mostly right, some
// confusion between launches, impacts and other explosions.
const CLASS_CONFUSION = {
  shot: { small_arms: 0.85, unknown: 0.1, explosion: 0.05 },
  launch: { launch: 0.75, explosion: 0.1, impact: 0.05, unknown: 0.1 },
  impact: { impact: 0.7, explosion: 0.2, launch: 0.03, unknown: 0.07 },
  clutter: {
    unknown: 0.4,
    explosion: 0.2,
    small_arms: 0.2,
    launch: 0.1,
    impact: 0.1,
  },
} as const satisfies Record<string, Partial<Record<AcousticClass, number>>>;

const MICROS = 1_000_000;
const SENSOR_ORIGIN = enuPoint(0, 0, 0);
/** Pulses closer than this at one sensor merge into the first. */
const DEAD_TIME_MICROS = 20_000;

/** A bearing's 1 σ in degrees: about 3° at 10 dB SNR, 1.5° when loud. */
export function bearingSigmaDeg(snrDb: number): number {
  return Math.min(15, Math.max(1, 1 + 20 / Math.max(snrDb, 1)));
}

function withBearing(
  random: Random,
  sensor: SimSensor,
  snrDb: number,
  trueDeg: number | undefined
): { bearingDeg?: number; bearingSigmaDeg?: number } {
  if (!sensor.bearings) return {};
  const sigma = round(bearingSigmaDeg(snrDb), 1);
  const truth = trueDeg ?? random.uniform(0, 360);
  return {
    bearingDeg: normalizeDeg(
      round(normalizeDeg(random.normal(truth, sigma)), 2)
    ),
    bearingSigmaDeg: sigma,
  };
}

/**
 * What the acoustic sensors report. Per source and sensor: the range over
 * the ground and up, the sound speed of the air at that moment plus the
 * wind along the path, arrival = emission + range/c + the sensor's timing
 * noise + turbulence jitter growing with √range; the received SNR from the
 * source level, spreading, ISO 9613-1 absorption, excess loss and fading,
 * heard when above the threshold. Then echoes, clutter and dead time.
 */
export function simulateAcoustic(
  random: Random,
  options: {
    sensors: readonly SimSensor[];
    sources: readonly AcousticSource[];
    weather: WeatherModel;
    profile: DifficultyProfile;
    startMicros: number;
    durationS: number;
  }
): Draft[] {
  const { profile, weather } = options;
  const drafts: Draft[] = [];
  for (const source of options.sources) {
    const air = weather.at(source.timeMicros);
    const c = soundSpeedFromTemperature(
      celsius(air.temperatureC),
      air.humidityPct,
      air.pressureHpa
    );
    const model = SOURCE_MODELS[source.weaponClass][source.phase];
    const confusion =
      source.weaponClass === 'small_arms'
        ? CLASS_CONFUSION.shot
        : CLASS_CONFUSION[source.phase];
    for (const sensor of options.sensors) {
      const range = enuDistance(sensor.site.enu, source.site.enu);
      const snr =
        meanSnrDb(model, range, sensor.noiseFloorDb, air) +
        random.normal(0, profile.fadingSigmaDb);
      if (snr < DETECTION_THRESHOLD_DB) continue;
      const azimuth = enuAzimuth(source.site.enu, sensor.site.enu);
      const arrivalS =
        travelTimeS(range, c, windAlongMs(air, azimuth)) +
        random.normal(0, sensor.timingSigmaS) +
        random.normal(0, propagationJitterS(range, profile.jitterMsPerSqrtKm));
      const local = enuFromWgs84(sensor.frame, source.site.wgs);
      const trueBearing = normalizeDeg(enuAzimuth(SENSOR_ORIGIN, local));
      const detection: Draft = {
        sensor: sensor.record.id,
        timeMicros: source.timeMicros + Math.round(arrivalS * MICROS),
        kind: 'acoustic',
        body: {
          class: random.weighted(confusion),
          snrDb: round(snr, 1),
          ...withBearing(random, sensor, snr, trueBearing),
        },
        truth: { label: 'detection', sources: [source.id] },
      };
      drafts.push(detection);
      if (!random.chance(profile.echoProbability)) continue;
      const echoSnr = snr - random.uniform(3, 10);
      if (echoSnr < DETECTION_THRESHOLD_DB) continue;
      drafts.push({
        ...detection,
        timeMicros:
          detection.timeMicros + Math.round(random.uniform(0.03, 0.3) * MICROS),
        body: {
          class: detection.body.class,
          snrDb: round(echoSnr, 1),
          // A reflection arrives from the reflector, not the source.
          ...withBearing(
            random,
            sensor,
            echoSnr,
            normalizeDeg(trueBearing + random.uniform(-120, 120))
          ),
        },
        truth: { label: 'echo', sources: [source.id], echoOf: detection },
      });
    }
  }
  for (const sensor of options.sensors) {
    const hours = options.durationS / 3600;
    const count = random.poisson(profile.falseAlarmsPerSensorHour * hours);
    for (let i = 0; i < count; i++) {
      const snr = DETECTION_THRESHOLD_DB + random.exponential(2.5);
      drafts.push({
        sensor: sensor.record.id,
        timeMicros:
          options.startMicros +
          Math.floor(random.uniform(0, options.durationS) * MICROS),
        kind: 'acoustic',
        body: {
          class: random.weighted(CLASS_CONFUSION.clutter),
          snrDb: round(snr, 1),
          ...withBearing(random, sensor, snr, undefined),
        },
        truth: { label: 'false_alarm' },
      });
    }
  }
  return applyDeadTime(drafts);
}

/** A sensor busy with one pulse misses the next within its dead time. */
function applyDeadTime(drafts: Draft[]): Draft[] {
  const sorted = [...drafts].sort(
    (a, b) => compareText(a.sensor, b.sensor) || a.timeMicros - b.timeMicros
  );
  const kept: Draft[] = [];
  let last: Draft | undefined;
  for (const d of sorted) {
    if (
      last !== undefined &&
      last.sensor === d.sensor &&
      d.timeMicros - last.timeMicros < DEAD_TIME_MICROS
    ) {
      continue;
    }
    kept.push(d);
    last = d;
  }
  return kept;
}
