import { CoreError } from '../errors.js';
import type { HEARTBEAT_STATUSES } from '../observation/kinds/heartbeat.js';

/** What a sensor's health is, worst first after `revoked`. */
export const SENSOR_HEALTH_STATUSES = [
  'ok',
  'silent',
  'degraded',
  'jammed',
  'tampered',
  'revoked',
] as const;

export type SensorHealthStatus = (typeof SENSOR_HEALTH_STATUSES)[number];

export type HeartbeatStatus = (typeof HEARTBEAT_STATUSES)[number];

/**
 * Silent after 2.5 heartbeat intervals of 300 s: the same limit past which
 * fusion reports a monitoring gap (`DEFAULT_FUSION_PARAMS.gaps`), so the map
 * and the findings call a sensor silent at the same moment.
 */
export const DEFAULT_SILENT_AFTER_S = 750;

export type SensorHealthInput = {
  revoked: boolean;
  /** Time of the sensor's latest observation, µs since the epoch; null if none is known. */
  lastSeenMicros: number | null;
  /** `status` of the sensor's latest heartbeat, if one is known. */
  lastHeartbeat?: HeartbeatStatus;
  nowMicros: number;
  /** Silence longer than this is `silent`; default DEFAULT_SILENT_AFTER_S. */
  silentAfterS?: number;
};

function check(ok: boolean, message: string): void {
  if (!ok) throw new CoreError('REGISTRY_HEALTH_INVALID', message);
}

/**
 * A sensor's health from what it last said and when. Revocation outranks
 * everything; then what the sensor itself reports about interference
 * (tamper, jamming: DESIGN 4.1 heartbeat), since a jammed sensor that then
 * falls silent is still best described as jammed; then silence; then
 * `low_power`, which is a warning, not a gap. A sensor with no known
 * observation is `silent`.
 */
export function sensorHealth(input: SensorHealthInput): SensorHealthStatus {
  const silentAfterS = input.silentAfterS ?? DEFAULT_SILENT_AFTER_S;
  check(
    Number.isFinite(input.nowMicros),
    `nowMicros must be a finite number, got ${input.nowMicros}`
  );
  check(
    input.lastSeenMicros === null || Number.isFinite(input.lastSeenMicros),
    `lastSeenMicros must be null or a finite number, got ${input.lastSeenMicros}`
  );
  check(
    Number.isFinite(silentAfterS) && silentAfterS > 0,
    `silentAfterS must be a positive number of seconds, got ${silentAfterS}`
  );
  if (input.revoked) return 'revoked';
  if (input.lastHeartbeat === 'tamper') return 'tampered';
  if (input.lastHeartbeat === 'jamming') return 'jammed';
  if (
    input.lastSeenMicros === null ||
    input.nowMicros - input.lastSeenMicros > silentAfterS * 1e6
  ) {
    return 'silent';
  }
  if (input.lastHeartbeat === 'low_power') return 'degraded';
  return 'ok';
}
