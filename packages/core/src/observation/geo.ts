import { z } from 'zod';

/** Longitude in degrees, WGS 84 (RFC 7946 §4 axis order: lon first). */
export const longitudeSchema = z.number().min(-180).max(180);

/** Latitude in degrees, WGS 84. */
export const latitudeSchema = z.number().min(-90).max(90);

/** `[lon, lat]` in degrees. */
export const lonLatSchema = z.tuple([longitudeSchema, latitudeSchema]);

/** `[lon, lat]` or `[lon, lat, altM]`, altitude in metres above the ellipsoid. */
export const positionSchema = z.union([
  lonLatSchema,
  z.tuple([longitudeSchema, latitudeSchema, z.number()]),
]);

/** A direction in degrees clockwise from true north, 0 ≤ x < 360. */
export const bearingDegSchema = z.number().min(0).lt(360);

/**
 * A standard deviation or error radius: finite and > 0, so weights such as
 * 1/σ² in fusion are always defined.
 */
export const positiveSchema = z.number().positive();

export type LonLat = z.infer<typeof lonLatSchema>;
export type Position = z.infer<typeof positionSchema>;
