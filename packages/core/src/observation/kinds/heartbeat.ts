import { z } from 'zod';

export const HEARTBEAT_STATUSES = [
  'ok',
  'tamper',
  'jamming',
  'low_power',
] as const;

/** A sensor's periodic health report. */
export const heartbeatSchema = z.strictObject({
  status: z.enum(HEARTBEAT_STATUSES),
});
