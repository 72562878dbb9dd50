import type { WeaponClass } from '../observation/weapon-class.js';
import type { EnuCovariance, LocatedEventKind } from './located-event.js';

/** How an event was located. */
export type LocationMethod =
  | 'acoustic-tdoa'
  | 'acoustic-tdoa-bearing'
  | 'radar'
  | 'imagery'
  | 'patrol'
  | 'fused';

/** An event in the fusion frame, before it becomes a LocatedEvent. */
export type FrameEvent = {
  kind: LocatedEventKind;
  east: number;
  north: number;
  up: number;
  /** Whether `up` was measured (acoustic 3-D fits), not just assumed. */
  upKnown: boolean;
  /** East/north covariance in the frame's axes, m². */
  covariance: EnuCovariance;
  /** Unix microseconds (fractional while fusing). */
  timeMicros: number;
  timeSigmaS: number;
  weaponClass?: WeaponClass;
  confidence: number;
  /** Log indexes, ascending. */
  sources: number[];
  sensorKinds: string[];
  method: LocationMethod;
  count?: number;
  /** For an impact: the fire event it is paired with. */
  pairedWith?: FrameEvent;
  /** Events from one acoustic association are never merged with each other. */
  acousticOnly: boolean;
  /** Which of several detections in one observation (imagery), for the id. */
  part?: number;
};

/** Sorted union of two ascending number lists. */
export function mergeSorted(
  a: readonly number[],
  b: readonly number[]
): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}
