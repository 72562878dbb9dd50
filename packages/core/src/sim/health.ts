import type { WeatherModel } from './atmosphere.js';
import type { DifficultyProfile } from './params.js';
import type { Random } from './random.js';
import type { SimSensor } from './sensors.js';
import type { Draft } from './world.js';
import { normalizeDeg, round } from './world.js';

/** A stretch of time a sensor did not watch, or could not be trusted. */
export type Outage = {
  sensor: string;
  kind: 'silence' | 'jamming' | 'tamper';
  fromMicros: number;
  toMicros: number;
  /** A silence its sensor warned of with `low_power` heartbeats. */
  lowPower?: boolean;
};

const MICROS = 1_000_000;
const MINUTE = 60 * MICROS;
/** How long before a power failure the sensor says `low_power`. */
const LOW_POWER_WARNING_MICROS = 20 * MINUTE;

/**
 * Silences (nothing at all is sent), jamming and tampering (heartbeats say
 * so and nothing else is sent), drawn as Poisson windows per sensor.
 */
export function simulateOutages(
  random: Random,
  options: {
    sensors: readonly SimSensor[];
    profile: DifficultyProfile;
    startMicros: number;
    durationS: number;
  }
): Outage[] {
  const hours = options.durationS / 3600;
  const end = options.startMicros + options.durationS * MICROS;
  const out: Outage[] = [];
  const kinds = [
    ['silence', options.profile.silencesPerSensorHour, 10, 90],
    ['jamming', options.profile.jammingPerSensorHour, 15, 60],
    ['tamper', options.profile.tamperingPerSensorHour, 5, 20],
  ] as const;
  for (const sensor of options.sensors) {
    for (const [kind, rate, minMin, maxMin] of kinds) {
      const count = random.poisson(rate * hours);
      for (let i = 0; i < count; i++) {
        const from =
          options.startMicros +
          Math.floor(random.uniform(0, options.durationS) * MICROS);
        const to = Math.min(
          end,
          from + Math.round(random.uniform(minMin, maxMin) * MINUTE)
        );
        out.push({
          sensor: sensor.record.id,
          kind,
          fromMicros: from,
          toMicros: to,
          ...(kind === 'silence' && random.chance(0.5)
            ? { lowPower: true }
            : {}),
        });
      }
    }
  }
  return out.sort(
    (a, b) => a.fromMicros - b.fromMicros || (a.sensor < b.sensor ? -1 : 1)
  );
}

export type SensorState = 'ok' | 'low_power' | Outage['kind'];

/** The state of `sensor` at `timeMicros`: silence wins over tampering over jamming. */
export function sensorState(
  outages: readonly Outage[],
  sensor: string,
  timeMicros: number
): SensorState {
  let state: SensorState = 'ok';
  const rank = { ok: 0, low_power: 1, jamming: 2, tamper: 3, silence: 4 };
  for (const o of outages) {
    if (o.sensor !== sensor) continue;
    let s: SensorState = 'ok';
    if (timeMicros >= o.fromMicros && timeMicros < o.toMicros) s = o.kind;
    else if (
      o.lowPower === true &&
      timeMicros < o.fromMicros &&
      timeMicros >= o.fromMicros - LOW_POWER_WARNING_MICROS
    ) {
      s = 'low_power';
    }
    if (rank[s] > rank[state]) state = s;
  }
  return state;
}

/**
 * A heartbeat from every sensor every `intervalS` (its own phase), whose
 * status tells of jamming, tampering or failing power; none while silent.
 */
export function simulateHeartbeats(
  random: Random,
  options: {
    sensors: readonly SimSensor[];
    outages: readonly Outage[];
    intervalS: number;
    startMicros: number;
    durationS: number;
  }
): Draft[] {
  const drafts: Draft[] = [];
  const end = options.startMicros + options.durationS * MICROS;
  const step = Math.round(options.intervalS * MICROS);
  for (const sensor of options.sensors) {
    const id = sensor.record.id;
    const mine = options.outages.filter((o) => o.sensor === id);
    const phase = Math.floor(random.uniform(0, options.intervalS) * MICROS);
    for (let t = options.startMicros + phase; t < end; t += step) {
      const state = sensorState(mine, id, t);
      if (state === 'silence') continue;
      drafts.push({
        sensor: id,
        timeMicros: t,
        kind: 'heartbeat',
        body: { status: state },
      });
    }
  }
  return drafts;
}

/**
 * Weather station reports every `intervalS`: the sector's air with
 * instrument noise (0.2 °C, 2 %, 0.5 hPa, 0.3 m/s, 10°).
 */
export function simulateWeatherReports(
  random: Random,
  options: {
    stations: readonly SimSensor[];
    weather: WeatherModel;
    wind: boolean;
    intervalS: number;
    startMicros: number;
    durationS: number;
  }
): Draft[] {
  const drafts: Draft[] = [];
  const end = options.startMicros + options.durationS * MICROS;
  const step = Math.round(options.intervalS * MICROS);
  for (const station of options.stations) {
    const phase = Math.floor(random.uniform(0, options.intervalS) * MICROS);
    for (let t = options.startMicros + phase; t < end; t += step) {
      const air = options.weather.at(t);
      const speed = Math.max(0, air.windSpeedMs + random.normal(0, 0.3));
      const from = normalizeDeg(
        round(normalizeDeg(air.windFromDeg + random.normal(0, 10)), 0)
      );
      drafts.push({
        sensor: station.record.id,
        timeMicros: t,
        kind: 'weather',
        body: {
          temperatureC: round(air.temperatureC + random.normal(0, 0.2), 1),
          humidityPct: round(
            Math.min(100, Math.max(0, air.humidityPct + random.normal(0, 2))),
            0
          ),
          pressureHpa: round(air.pressureHpa + random.normal(0, 0.5), 1),
          ...(options.wind
            ? {
                windSpeedMs: round(speed, 1),
                ...(speed >= 0.5 ? { windFromDeg: from } : {}),
              }
            : {}),
        },
      });
    }
  }
  return drafts;
}
