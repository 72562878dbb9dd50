import type { WeaponClass } from '../observation/weapon-class.js';

/**
 * A 2x2 covariance in a local east/north tangent plane, square metres:
 * [varEast, covEastNorth, varNorth].
 */
export type EnuCovariance = readonly [number, number, number];

/** The 95 % error ellipse of DESIGN 4.5. */
export type ErrorEllipse = {
  semiMajorM: number;
  semiMinorM: number;
  /** Direction of the semi-major axis, degrees clockwise from north, [0, 180). */
  azimuthDeg: number;
};

/** What fusion saw happen. */
export const LOCATED_EVENT_KINDS = [
  /** A launch or muzzle blast: where fire was committed from. */
  'fire',
  /** Where a round landed. */
  'impact',
  /** A weapon seen on the ground (imagery, patrol). */
  'weapon',
  /** Something in the air (radar, imagery). */
  'aircraft',
] as const;

export type LocatedEventKind = (typeof LOCATED_EVENT_KINDS)[number];

/**
 * The contract between fusion and the rules: one located, timed event with
 * its uncertainty and the log entries it rests on. Fusion makes these from
 * observations; rule terms judge them against the agreement.
 */
export type LocatedEvent = {
  /** Stable: derived from the sorted source indexes and the kind. */
  id: string;
  kind: LocatedEventKind;
  /** Where it happened (for `fire`, the launch point), WGS84 [lon, lat]. */
  position: readonly [number, number];
  /** Height above the WGS84 ellipsoid where known, metres. */
  altitudeM?: number;
  covariance: EnuCovariance;
  ellipse: ErrorEllipse;
  /** When it happened, microseconds since the Unix epoch. */
  timeMicros: number;
  /** 1-sigma uncertainty of `timeMicros`, microseconds. */
  timeSigmaMicros: number;
  weaponClass?: WeaponClass;
  /** 0..1 that the event happened as located. */
  confidence: number;
  /** Log indexes of the entries it rests on, ascending. */
  sources: readonly number[];
  /** Sensor kinds that contributed (`acoustic`, `radar`, ...), sorted. */
  sensorKinds: readonly string[];
  /** For `impact` events paired with a `fire` event: that event's id. */
  pairedWith?: string;
  /** How fusion located it: `acoustic-tdoa`, `acoustic-tdoa-bearing`, `radar`, `imagery`, `patrol` or `fused`. */
  method?: string;
  /** How many the report counted (a patrol's `count`), where more than one. */
  count?: number;
};

/**
 * A stretch of time in which a sensor did not or could not monitor: silence
 * past its expected heartbeat, or a `jamming`/`tamper` heartbeat.
 */
export type MonitoringGap = {
  sensor: string;
  reason: 'silence' | 'jamming' | 'tamper';
  fromMicros: number;
  toMicros: number;
  position: readonly [number, number];
  sources: readonly number[];
};
