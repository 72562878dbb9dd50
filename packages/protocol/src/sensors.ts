import { z } from 'zod';

/** `POST /v1/sensors/{id}/rotate` */
export const rotateSensorRequestSchema = z.object({
  publicKey: z.string(),
});

/** `POST /v1/sensors/{id}/revoke` */
export const revokeSensorRequestSchema = z.object({
  reason: z.string().min(1).max(1000),
});

/** The answer to every registry write: the log index of the new entry. */
export type RegistryWriteResponse = { index: number };

/** What a sensor's health is (core `sensorHealth` decides). */
export const SENSOR_HEALTH_VALUES = [
  'ok',
  'silent',
  'degraded',
  'jammed',
  'tampered',
  'revoked',
] as const;

/**
 * A sensor's health as the server last saw it: `lastSeen` is the `time` of
 * its latest admitted observation (null when none since the server
 * started); `lastHeartbeat` its latest heartbeat's time, seq and status.
 */
export type SensorHealth = {
  status: (typeof SENSOR_HEALTH_VALUES)[number];
  lastSeen: string | null;
  lastHeartbeat?:
    | {
        time: string;
        seq: number;
        status: 'ok' | 'tamper' | 'jamming' | 'low_power';
      }
    | undefined;
};

export type SensorStatus = {
  id: string;
  record: unknown;
  revoked: boolean;
  registeredAt: number;
  keys: { publicKey: string; fromIndex: number }[];
  /** Absent from servers older than the health field. */
  health?: SensorHealth | undefined;
};

export const sensorHealthSchema = z.object({
  status: z.enum(SENSOR_HEALTH_VALUES),
  lastSeen: z.string().nullable(),
  lastHeartbeat: z
    .object({
      time: z.string(),
      seq: z.number().int().min(0),
      status: z.enum(['ok', 'tamper', 'jamming', 'low_power']),
    })
    .optional(),
});

export const registryWriteResponseSchema = z.object({
  index: z.number().int().min(0),
});

export const sensorStatusSchema = z.object({
  id: z.string(),
  record: z.unknown(),
  revoked: z.boolean(),
  registeredAt: z.number().int().min(0),
  keys: z.array(
    z.object({ publicKey: z.string(), fromIndex: z.number().int().min(0) })
  ),
  health: sensorHealthSchema.optional(),
});

/** `GET /v1/sensors` */
export const listSensorsResponseSchema = z.object({
  sensors: z.array(sensorStatusSchema),
});
