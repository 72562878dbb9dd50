import { formatRfc3339Micros } from '../observation/time.js';
import type { ObservationKind } from '../observation/payload.js';
import { EXCESS_LOSS_DB_PER_KM } from './acoustics.js';
import type { WeatherModel } from './atmosphere.js';
import { soundSpeedFromTemperature } from '../fusion/sound-speed.js';
import { wgs84FromEnu } from '../fusion/geodesy.js';
import { celsius, enuPoint } from '../fusion/units.js';
import type { Engagement } from './fires.js';
import type { Outage } from './health.js';
import type { ResolvedSimParams } from './params.js';
import { DETECTION_THRESHOLD_DB } from './params.js';
import type { Sector } from './sector.js';
import type {
  SimTruth,
  TruthAir,
  TruthObservation,
  TruthWeather,
} from './truth.js';
import { SIM_TRUTH_CONVENTIONS, SIM_TRUTH_FORMAT } from './truth.js';
import type { WeaponPlacement } from './weapons.js';
import type { Draft, DraftLabel, Site } from './world.js';
import { round } from './world.js';

const MICROS = 1_000_000;
const WEATHER_STEP_MICROS = 600 * MICROS;
const time = formatRfc3339Micros;

function airAt(weather: WeatherModel, timeMicros: number): TruthAir {
  const air = weather.at(timeMicros);
  return {
    temperatureC: round(air.temperatureC, 3),
    soundSpeedMs: round(
      soundSpeedFromTemperature(
        celsius(air.temperatureC),
        air.humidityPct,
        air.pressureHpa
      ),
      3
    ),
    windSpeedMs: round(air.windSpeedMs, 3),
    windFromDeg: round(air.windFromDeg, 2),
    humidityPct: round(air.humidityPct, 1),
    pressureHpa: round(air.pressureHpa, 1),
  };
}

function where(site: Site, sides: readonly [string, string]) {
  return {
    position: [site.wgs.lon, site.wgs.lat, site.wgs.height] as [
      number,
      number,
      number,
    ],
    territory: site.side === 'left' ? sides[0] : sides[1],
    distanceFromLineKm: round(site.distanceM / 1000, 3),
  };
}

function kindOf(e: Engagement): 'salvo' | 'burst' | 'series' {
  if (e.weaponClass === 'mlrs' || e.weaponClass === 'heavy_mlrs') {
    return 'salvo';
  }
  return e.weaponClass === 'small_arms' ? 'burst' : 'series';
}

function observationsTruth(
  numbered: readonly { draft: Draft; seq: number }[]
): TruthObservation[] {
  const lines = new Map<Draft, number>();
  numbered.forEach(({ draft }, line) => lines.set(draft, line));
  const out: TruthObservation[] = [];
  numbered.forEach(({ draft, seq }, line) => {
    const t = draft.truth;
    if (t === undefined) return;
    const echoOf = t.echoOf === undefined ? undefined : lines.get(t.echoOf);
    out.push({
      line,
      sensor: draft.sensor,
      seq,
      kind: draft.kind,
      label: t.label,
      ...(t.sources === undefined ? {} : { sources: [...t.sources] }),
      ...(echoOf === undefined ? {} : { echoOf }),
      ...(t.falseDetections === undefined
        ? {}
        : { falseDetections: [...t.falseDetections] }),
    });
  });
  return out;
}

function count<K extends string>(
  keys: readonly K[]
): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const key of [...keys].sort()) out[key] = (out[key] ?? 0) + 1;
  return out;
}

/** Assembles truth.json from the simulation's parts. */
export function buildTruth(input: {
  seed: number;
  agreementId: string;
  sides: readonly [string, string];
  params: ResolvedSimParams;
  startMicros: number;
  endMicros: number;
  sector: Sector;
  weather: WeatherModel;
  engagements: readonly Engagement[];
  weapons: readonly WeaponPlacement[];
  outages: readonly Outage[];
  numbered: readonly { draft: Draft; seq: number }[];
}): SimTruth {
  const { params, sides, weather, sector } = input;
  const samples: TruthWeather[] = [];
  for (
    let t = input.startMicros;
    t <= input.endMicros;
    t += WEATHER_STEP_MICROS
  ) {
    samples.push({ time: time(t), ...airAt(weather, t) });
  }
  const rounds = input.engagements.flatMap((e) => e.rounds);
  const labels: DraftLabel[] = [];
  const kinds: ObservationKind[] = [];
  for (const { draft } of input.numbered) {
    kinds.push(draft.kind);
    if (draft.truth) labels.push(draft.truth.label);
  }
  return {
    format: SIM_TRUTH_FORMAT,
    seed: input.seed,
    agreement: input.agreementId,
    start: time(input.startMicros),
    end: time(input.endMicros),
    params: {
      difficulty: params.difficulty,
      hours: params.hours,
      acousticSensors: params.acousticSensors,
      sectorLengthKm: params.sectorLengthKm,
      ...(params.sectorOffsetKm === undefined
        ? {}
        : { sectorOffsetKm: params.sectorOffsetKm }),
      wind: params.wind,
      heartbeatIntervalS: params.heartbeatIntervalS,
      weatherIntervalS: params.weatherIntervalS,
      detectionThresholdDb: DETECTION_THRESHOLD_DB,
      excessLossDbPerKm: EXCESS_LOSS_DB_PER_KM,
      profile: params.profile,
    },
    conventions: SIM_TRUTH_CONVENTIONS,
    sector: {
      lengthKm: round(sector.lengthM / 1000, 3),
      sides: { left: sides[0], right: sides[1] },
      line: sector.path.map(([e, n]) => {
        const p = wgs84FromEnu(sector.frame, enuPoint(e, n));
        return [round(p.lon, 6), round(p.lat, 6)];
      }),
    },
    weather: samples,
    engagements: input.engagements.map((e) => ({
      id: e.id,
      party: e.party,
      weaponClass: e.weaponClass,
      kind: kindOf(e),
      ...(e.answers === undefined ? {} : { answers: e.answers }),
      start: time(e.rounds[0]!.timeMicros),
      end: time(e.rounds[e.rounds.length - 1]!.timeMicros),
      fires: e.rounds.map((r) => r.id),
    })),
    fires: rounds.map((r) => ({
      id: r.id,
      engagement: r.engagement,
      party: r.party,
      weaponClass: r.weaponClass,
      time: time(r.timeMicros),
      ...where(r.site, sides),
      ...airAt(weather, r.timeMicros),
      ...(r.impact ? { impact: r.impact.id } : {}),
    })),
    impacts: rounds.flatMap((r) =>
      r.impact
        ? [
            {
              id: r.impact.id,
              fire: r.id,
              party: r.party,
              weaponClass: r.weaponClass,
              time: time(r.impact.timeMicros),
              ...where(r.impact.site, sides),
              ...airAt(weather, r.impact.timeMicros),
            },
          ]
        : []
    ),
    weapons: input.weapons.map((w) => ({
      id: w.id,
      party: w.party,
      weaponClass: w.weaponClass,
      ...where(w.site, sides),
      rule: w.rule,
      minDistanceKm: w.minDistanceKm,
      insideZone: w.insideZone,
      from: time(w.fromMicros),
      to: time(w.toMicros),
    })),
    outages: input.outages.map((o) => ({
      sensor: o.sensor,
      kind: o.kind,
      from: time(o.fromMicros),
      to: time(o.toMicros),
      ...(o.lowPower ? { lowPower: true } : {}),
    })),
    observations: observationsTruth(input.numbered),
    counts: {
      observations: input.numbered.length,
      byKind: count(kinds),
      byLabel: count(labels),
    },
  };
}
