import { CoreError } from '../errors.js';

/** Error codes of the simulator: a bad agreement or bad parameters. */
export type SimErrorCode = 'SIM_AGREEMENT_INVALID' | 'SIM_PARAMS_INVALID';

export const SIM_DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export type SimDifficulty = (typeof SIM_DIFFICULTIES)[number];

/** Weapon classes the simulator fires (missiles and drones are left out). */
export const SIM_FIRE_CLASSES = [
  'small_arms',
  'mortar',
  'tank',
  'artillery',
  'mlrs',
  'heavy_mlrs',
] as const;
export type SimFireClass = (typeof SIM_FIRE_CLASSES)[number];

/** Everything a difficulty changes. */
export type DifficultyProfile = {
  /** Fire engagements (a burst, a series of rounds, a salvo) per hour. */
  engagementsPerHour: number;
  /** Share of engagements fired by the agreement's second party. */
  aggressorShare: number;
  /** Relative frequency of each weapon class among engagements. */
  weaponMix: Readonly<Record<SimFireClass, number>>;
  /** Rockets in one MLRS salvo, [min, max]. */
  salvoRockets: readonly [number, number];
  /** Chance an engagement draws an answer or a follow-up within minutes. */
  exchangeProbability: number;
  /** Poisson rate of false acoustic detections per sensor and hour. */
  falseAlarmsPerSensorHour: number;
  /** Chance a detection is followed by an echo 30–300 ms later. */
  echoProbability: number;
  /** Range of the acoustic sensors' clock and onset timing σ, seconds. */
  timingSigmaS: readonly [number, number];
  /** Travel-time jitter from turbulence, ms per √km. */
  jitterMsPerSqrtKm: number;
  /** Ambient noise in the detection band, dB re 20 µPa. */
  noiseFloorDb: number;
  /** Log-normal fading of received levels, dB (1 σ). */
  fadingSigmaDb: number;
  /** Poisson rates per sensor and hour of silences, jamming and tampering. */
  silencesPerSensorHour: number;
  jammingPerSensorHour: number;
  tamperingPerSensorHour: number;
  /** Weapons moved inside withdrawal zones during the scenario. */
  weaponsInZones: number;
  /** False weapon-locating radar tracks per radar and hour. */
  radarFalseTracksPerHour: number;
  /** Mean false detections per drone image. */
  imageryFalseDetections: number;
  /** Chance a patrol is denied passage at one of its stops. */
  patrolRestrictionProbability: number;
};

const BASE_MIX = {
  small_arms: 0.3,
  mortar: 0.25,
  tank: 0.08,
  artillery: 0.2,
  mlrs: 0.14,
  heavy_mlrs: 0.03,
} as const;

/** The three difficulty profiles: more clutter, echoes, density, noise, outages. */
export const DIFFICULTY_PROFILES: Readonly<
  Record<SimDifficulty, DifficultyProfile>
> = {
  easy: {
    engagementsPerHour: 3,
    aggressorShare: 0.5,
    weaponMix: BASE_MIX,
    salvoRockets: [6, 12],
    exchangeProbability: 0.05,
    falseAlarmsPerSensorHour: 0.3,
    echoProbability: 0.03,
    timingSigmaS: [0.0005, 0.001],
    jitterMsPerSqrtKm: 0.5,
    noiseFloorDb: 42,
    fadingSigmaDb: 3,
    silencesPerSensorHour: 0.01,
    jammingPerSensorHour: 0,
    tamperingPerSensorHour: 0,
    weaponsInZones: 2,
    radarFalseTracksPerHour: 0,
    imageryFalseDetections: 0.05,
    patrolRestrictionProbability: 0,
  },
  medium: {
    engagementsPerHour: 10,
    aggressorShare: 0.7,
    weaponMix: BASE_MIX,
    salvoRockets: [10, 24],
    exchangeProbability: 0.2,
    falseAlarmsPerSensorHour: 1,
    echoProbability: 0.08,
    timingSigmaS: [0.0005, 0.0015],
    jitterMsPerSqrtKm: 1,
    noiseFloorDb: 45,
    fadingSigmaDb: 4,
    silencesPerSensorHour: 0.03,
    jammingPerSensorHour: 0.02,
    tamperingPerSensorHour: 0.005,
    weaponsInZones: 4,
    radarFalseTracksPerHour: 0.1,
    imageryFalseDetections: 0.2,
    patrolRestrictionProbability: 0.05,
  },
  hard: {
    engagementsPerHour: 24,
    aggressorShare: 0.85,
    weaponMix: { ...BASE_MIX, mlrs: 0.2, heavy_mlrs: 0.05 },
    salvoRockets: [20, 40],
    exchangeProbability: 0.45,
    falseAlarmsPerSensorHour: 4,
    echoProbability: 0.2,
    timingSigmaS: [0.001, 0.002],
    jitterMsPerSqrtKm: 2,
    noiseFloorDb: 50,
    fadingSigmaDb: 5,
    silencesPerSensorHour: 0.08,
    jammingPerSensorHour: 0.06,
    tamperingPerSensorHour: 0.02,
    weaponsInZones: 6,
    radarFalseTracksPerHour: 0.3,
    imageryFalseDetections: 0.5,
    patrolRestrictionProbability: 0.2,
  },
};

/** Detection needs this SNR, dB (before fading). */
export const DETECTION_THRESHOLD_DB = 10;

/** Options of simulateScenario; every field has a default. */
export type SimParams = {
  /** Default `medium`. */
  difficulty?: SimDifficulty;
  /** Length of the scenario, hours (default 6, at most 168). */
  hours?: number;
  /** Acoustic sensors, split over both sides (default 24, 3 to 400). */
  acousticSensors?: number;
  /** Start, µs since the epoch (default: the agreement's effectiveFrom). */
  startMicros?: number;
  /** Length of the contact line stretch played on, km (default 80). */
  sectorLengthKm?: number;
  /** Where that stretch starts along the line, km (default: centred). */
  sectorOffsetKm?: number;
  /** Simulate wind (default true). */
  wind?: boolean;
  /** Every sensor's heartbeat period, seconds (default 300). */
  heartbeatIntervalS?: number;
  /** Weather stations' reporting period, seconds (default 600). */
  weatherIntervalS?: number;
  /** Fields that replace the difficulty's profile. */
  profile?: Partial<DifficultyProfile>;
};

export type ResolvedSimParams = {
  difficulty: SimDifficulty;
  hours: number;
  acousticSensors: number;
  startMicros: number | undefined;
  sectorLengthKm: number;
  sectorOffsetKm: number | undefined;
  wind: boolean;
  heartbeatIntervalS: number;
  weatherIntervalS: number;
  profile: DifficultyProfile;
};

function invalid(message: string): never {
  throw new CoreError<SimErrorCode>('SIM_PARAMS_INVALID', message);
}

function checkRange(
  name: string,
  value: number,
  min: number,
  max: number
): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    invalid(`${name} must be a number from ${min} to ${max}`);
  }
  return value;
}

/** Fills in defaults and checks ranges; throws SIM_PARAMS_INVALID. */
export function resolveSimParams(params: SimParams = {}): ResolvedSimParams {
  const difficulty = params.difficulty ?? 'medium';
  if (!SIM_DIFFICULTIES.includes(difficulty)) {
    invalid(`difficulty must be one of ${SIM_DIFFICULTIES.join(', ')}`);
  }
  const sensors = params.acousticSensors ?? 24;
  if (!Number.isInteger(sensors)) invalid('acousticSensors is an integer');
  const start = params.startMicros;
  if (start !== undefined && !Number.isSafeInteger(start)) {
    invalid('startMicros must be a safe integer');
  }
  return {
    difficulty,
    hours: checkRange('hours', params.hours ?? 6, 0.01, 168),
    acousticSensors: checkRange('acousticSensors', sensors, 3, 400),
    startMicros: start,
    sectorLengthKm: checkRange(
      'sectorLengthKm',
      params.sectorLengthKm ?? 80,
      10,
      300
    ),
    sectorOffsetKm:
      params.sectorOffsetKm === undefined
        ? undefined
        : checkRange('sectorOffsetKm', params.sectorOffsetKm, 0, 1e5),
    wind: params.wind ?? true,
    heartbeatIntervalS: checkRange(
      'heartbeatIntervalS',
      params.heartbeatIntervalS ?? 300,
      10,
      86_400
    ),
    weatherIntervalS: checkRange(
      'weatherIntervalS',
      params.weatherIntervalS ?? 600,
      10,
      86_400
    ),
    profile: { ...DIFFICULTY_PROFILES[difficulty], ...params.profile },
  };
}
