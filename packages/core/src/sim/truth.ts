import type { ObservationKind } from '../observation/payload.js';
import type { WeaponClass } from '../observation/weapon-class.js';
import type {
  DifficultyProfile,
  SimDifficulty,
  SimFireClass,
} from './params.js';
import type { DraftLabel } from './world.js';

// truth.json (DESIGN 4.4, optional part of a scenario bundle): what really
// happened, for scoring fusion and rules against. Times are RFC 3339 UTC
// with µs; positions [lon, lat, altM] as published; ids are stable within
// one seed.

/** The format tag of truth.json. */
export const SIM_TRUTH_FORMAT = 'truce-sim-truth/v1';

/** How to read the error fields the simulator writes. */
export const SIM_TRUTH_CONVENTIONS = {
  originErrorM:
    'radar: 1 sigma per horizontal axis of the reported origin (circular normal)',
  impactErrorM: 'radar: 1 sigma per horizontal axis of the predicted impact',
  positionErrorM: 'imagery: 1 sigma per horizontal axis of a detection',
  timingSigmaS:
    'acoustic: 1 sigma of the sensor clock and onset pick; turbulence adds jitterMsPerSqrtKm * sqrt(range km)',
  bearingSigmaDeg: 'acoustic arrays: 1 sigma of bearingDeg',
  soundSpeedMs:
    'c = 331.3 * sqrt(1 + T/273.15) times the humidity factor (fusion/sound-speed.ts); wind adds its along-path component',
  lines: 'observations[].line is the 0-based line of observations.jsonl',
} as const;

export type TruthAir = {
  temperatureC: number;
  soundSpeedMs: number;
  windSpeedMs: number;
  windFromDeg: number;
  humidityPct: number;
  pressureHpa: number;
};

export type TruthWeather = TruthAir & { time: string };

export type TruthEngagement = {
  id: string;
  party: string;
  weaponClass: SimFireClass;
  /** `salvo` for rocket barrages, `burst` for small arms, else `series`. */
  kind: 'salvo' | 'burst' | 'series';
  answers?: string;
  start: string;
  end: string;
  fires: string[];
};

export type TruthFire = TruthAir & {
  id: string;
  engagement: string;
  party: string;
  weaponClass: SimFireClass;
  time: string;
  position: [number, number, number];
  /** Side of the line the launch point is on, by the party that holds it. */
  territory: string;
  distanceFromLineKm: number;
  impact?: string;
};

export type TruthImpact = TruthAir & {
  id: string;
  fire: string;
  party: string;
  weaponClass: SimFireClass;
  time: string;
  position: [number, number, number];
  territory: string;
  distanceFromLineKm: number;
};

export type TruthWeapon = {
  id: string;
  party: string;
  weaponClass: WeaponClass;
  position: [number, number, number];
  territory: string;
  distanceFromLineKm: number;
  rule: string;
  minDistanceKm: number;
  insideZone: boolean;
  from: string;
  to: string;
};

export type TruthOutage = {
  sensor: string;
  kind: 'silence' | 'jamming' | 'tamper';
  from: string;
  to: string;
  lowPower?: boolean;
};

export type TruthObservation = {
  line: number;
  sensor: string;
  seq: number;
  kind: ObservationKind;
  label: DraftLabel;
  sources?: string[];
  /** An echo's original detection, by line, when that one was sent. */
  echoOf?: number;
  falseDetections?: number[];
};

export type SimTruth = {
  format: typeof SIM_TRUTH_FORMAT;
  seed: number;
  agreement: string;
  start: string;
  end: string;
  params: {
    difficulty: SimDifficulty;
    hours: number;
    acousticSensors: number;
    sectorLengthKm: number;
    sectorOffsetKm?: number;
    wind: boolean;
    heartbeatIntervalS: number;
    weatherIntervalS: number;
    detectionThresholdDb: number;
    excessLossDbPerKm: number;
    profile: DifficultyProfile;
  };
  conventions: typeof SIM_TRUTH_CONVENTIONS;
  sector: {
    lengthKm: number;
    sides: { left: string; right: string };
    /** The stretch played on, [lon, lat] as drawn. */
    line: [number, number][];
  };
  weather: TruthWeather[];
  engagements: TruthEngagement[];
  fires: TruthFire[];
  impacts: TruthImpact[];
  weapons: TruthWeapon[];
  outages: TruthOutage[];
  /** Every acoustic, radar, imagery and patrol observation (heartbeats and weather are routine). */
  observations: TruthObservation[];
  counts: {
    observations: number;
    byKind: Partial<Record<ObservationKind, number>>;
    byLabel: Partial<Record<DraftLabel, number>>;
  };
};
