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

export type SensorStatus = {
  id: string;
  record: unknown;
  revoked: boolean;
  registeredAt: number;
  keys: { publicKey: string; fromIndex: number }[];
};

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
});

/** `GET /v1/sensors` */
export const listSensorsResponseSchema = z.object({
  sensors: z.array(sensorStatusSchema),
});
