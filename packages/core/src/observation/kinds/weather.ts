import { z } from 'zod';
import { bearingDegSchema } from '../geo.js';

/**
 * A met station's or a sensor's own reading. Ranges are generous physical
 * bounds: they catch unit mix-ups (kelvin for °C, Pa for hPa), not weather.
 */
export const weatherSchema = z.strictObject({
  temperatureC: z.number().min(-100).max(100),
  windSpeedMs: z.number().min(0).max(150).optional(),
  windFromDeg: bearingDegSchema.optional(),
  humidityPct: z.number().min(0).max(100).optional(),
  pressureHpa: z.number().positive().max(1200).optional(),
});
