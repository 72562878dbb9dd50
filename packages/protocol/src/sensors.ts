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
