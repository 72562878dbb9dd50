import { CoreError } from '../errors.js';
import type { Observation } from '../observation/payload.js';
import {
  formatRfc3339Micros,
  parseRfc3339Micros,
} from '../observation/time.js';
import type { SensorRecord } from '../registry/sensor.js';
import { acousticSources, simulateAcoustic } from './acoustic-detections.js';
import type { SimAgreement } from './agreement-input.js';
import { createWeather } from './atmosphere.js';
import { simulateFires } from './fires.js';
import {
  sensorState,
  simulateHeartbeats,
  simulateOutages,
  simulateWeatherReports,
} from './health.js';
import { simulateImagery } from './imagery-passes.js';
import type { Outage } from './health.js';
import type { SimParams } from './params.js';
import { resolveSimParams } from './params.js';
import type { SimErrorCode } from './params.js';
import { simulatePatrols } from './patrol-reports.js';
import { simulateRadar } from './radar-tracks.js';
import { Random } from './random.js';
import type { ContactLine } from './sector.js';
import { buildSector } from './sector.js';
import { layoutSensors } from './sensors.js';
import { buildTruth } from './truth-build.js';
import type { SimTruth } from './truth.js';
import { placeWeapons } from './weapons.js';
import type { Draft, World } from './world.js';
import { compareText, createTerrain } from './world.js';

/** Input of simulateScenario. */
export type SimInput = {
  /** A non-negative safe integer; the same seed gives the same scenario. */
  seed: number;
  agreement: SimAgreement;
  /** The line to play on; default: the agreement's. */
  contactLine?: ContactLine;
  params?: SimParams;
};

/** An observation payload (DESIGN 4.1) and the sensor that signs it. */
export type SimObservation = { sensorId: string; payload: Observation };

/** A simulated scenario: registry, signing seeds, observations, truth. */
export type SimScenario = {
  sensors: SensorRecord[];
  /** Ed25519 seeds by sensor id: private, for signing the observations. */
  sensorSeeds: ReadonlyMap<string, Uint8Array>;
  /** In time order; each sensor's seqs start at 0 and increase by 1. */
  observations: SimObservation[];
  truth: SimTruth;
};

const MICROS = 1_000_000;

function payloadOf(draft: Draft, seq: number): Observation {
  return {
    sensor: draft.sensor,
    seq,
    time: formatRfc3339Micros(draft.timeMicros),
    kind: draft.kind,
    [draft.kind]: draft.body,
    ...(draft.position === undefined ? {} : { position: draft.position }),
  } as Observation;
}

/** Drops what a sensor could not send: all when silent, all but heartbeats when jammed or tampered with. */
function keepAvailable(drafts: Draft[], outages: readonly Outage[]): Draft[] {
  const bySensor = new Map<string, Outage[]>();
  for (const o of outages) {
    bySensor.set(o.sensor, [...(bySensor.get(o.sensor) ?? []), o]);
  }
  return drafts.filter((d) => {
    const mine = bySensor.get(d.sensor);
    if (mine === undefined) return true;
    const state = sensorState(mine, d.sensor, d.timeMicros);
    if (state === 'silence') return false;
    return d.kind === 'heartbeat' || state === 'ok' || state === 'low_power';
  });
}

/**
 * Simulates a ceasefire sector (pure): sensors along both sides of a
 * stretch of the contact line, fire with launches and impacts, weather,
 * weapons moved into withdrawal zones, outages, and what every sensor
 * reports, with the ground truth. Throws SIM_PARAMS_INVALID or
 * SIM_AGREEMENT_INVALID.
 * @example simulateScenario({ seed: 1, agreement: parseSimAgreement(json) })
 */
export function simulateScenario(input: SimInput): SimScenario {
  const params = resolveSimParams(input.params);
  if (!Number.isSafeInteger(input.seed) || input.seed < 0) {
    throw new CoreError<SimErrorCode>(
      'SIM_PARAMS_INVALID',
      'seed must be a non-negative safe integer'
    );
  }
  const { agreement, seed } = input;
  const random = Random.from(seed);
  let sector;
  try {
    sector = buildSector(input.contactLine ?? agreement.contactLine, {
      lengthKm: params.sectorLengthKm,
      ...(params.sectorOffsetKm === undefined
        ? {}
        : { offsetKm: params.sectorOffsetKm }),
    });
  } catch (error) {
    throw new CoreError<SimErrorCode>(
      'SIM_AGREEMENT_INVALID',
      `the contact line has no ${params.sectorLengthKm} km stretch to play on`,
      { cause: error }
    );
  }
  const world: World = {
    sector,
    groundM: createTerrain(random.fork('terrain')),
  };
  const startMicros =
    params.startMicros ?? parseRfc3339Micros(agreement.effectiveFrom);
  const durationS = Math.round(params.hours * 3600);
  const span = { startMicros, durationS };
  const { profile } = params;
  const { sides, aggressor } = agreement;
  const weather = createWeather(random.fork('weather'), {
    ...span,
    lonDeg: sector.frame.origin.lon,
    altitudeM: world.groundM(0, 0),
    wind: params.wind,
  });
  const sensors = layoutSensors(world, random.fork('sensors'), {
    seed,
    acousticSensors: params.acousticSensors,
    sides,
    profile,
  });
  const ofKind = (kind: string) =>
    sensors.filter((s) => s.record.kind === kind);
  const outages = simulateOutages(random.fork('outages'), {
    ...span,
    sensors,
    profile,
  });
  const engagements = simulateFires(world, random.fork('fires'), {
    ...span,
    sides,
    aggressor,
    profile,
  });
  const weapons = placeWeapons(world, random.fork('weapons'), {
    ...span,
    rules: agreement.withdrawals,
    count: profile.weaponsInZones,
    sides,
    aggressor,
    aggressorShare: profile.aggressorShare,
  });
  const drafts = [
    ...simulateHeartbeats(random.fork('heartbeats'), {
      ...span,
      sensors,
      outages,
      intervalS: params.heartbeatIntervalS,
    }),
    ...simulateWeatherReports(random.fork('weather-reports'), {
      ...span,
      stations: ofKind('weather'),
      weather,
      wind: params.wind,
      intervalS: params.weatherIntervalS,
    }),
    ...simulateAcoustic(random.fork('acoustic'), {
      ...span,
      sensors: ofKind('acoustic'),
      sources: acousticSources(engagements),
      weather,
      profile,
    }),
    ...simulateRadar(world, random.fork('radar'), {
      ...span,
      radars: ofKind('radar'),
      engagements,
      profile,
    }),
    ...simulateImagery(world, random.fork('imagery'), {
      ...span,
      seed,
      drones: ofKind('imagery'),
      weapons,
      falseDetections: profile.imageryFalseDetections,
    }),
    ...simulatePatrols(world, random.fork('patrols'), {
      ...span,
      patrols: ofKind('patrol'),
      engagements,
      weapons,
      restrictionProbability: profile.patrolRestrictionProbability,
    }),
  ];
  const end = startMicros + durationS * MICROS;
  const sent = keepAvailable(drafts, outages)
    .filter((d) => d.timeMicros >= startMicros && d.timeMicros < end)
    .sort(
      (a, b) => a.timeMicros - b.timeMicros || compareText(a.sensor, b.sensor)
    );
  const seqs = new Map<string, number>();
  const numbered = sent.map((draft) => {
    const seq = seqs.get(draft.sensor) ?? 0;
    seqs.set(draft.sensor, seq + 1);
    return { draft, seq };
  });
  return {
    sensors: sensors.map((s) => s.record),
    sensorSeeds: new Map(sensors.map((s) => [s.record.id, s.seed])),
    observations: numbered.map(({ draft, seq }) => ({
      sensorId: draft.sensor,
      payload: payloadOf(draft, seq),
    })),
    truth: buildTruth({
      seed,
      agreementId: agreement.id,
      sides,
      params,
      startMicros,
      endMicros: end,
      sector,
      weather,
      engagements,
      weapons,
      outages,
      numbered,
    }),
  };
}
