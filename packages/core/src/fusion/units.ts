/*
 * Branded units and frames (STYLE §3.10). A number becomes a `Meters` or an
 * `EnuPoint` only through the named constructors and conversions below, so a
 * seconds/microseconds or WGS84/ENU mix-up fails to compile. Hot loops work
 * on plain numbers inside one function and brand what they return.
 */
declare const unitBrand: unique symbol;

/** `T` tagged with the unit or frame `B`; costs nothing at run time. */
export type Branded<T, B extends string> = T & { readonly [unitBrand]: B };

export type Meters = Branded<number, 'Meters'>;
export type Seconds = Branded<number, 'Seconds'>;
export type Degrees = Branded<number, 'Degrees'>;
export type Radians = Branded<number, 'Radians'>;
export type MetersPerSecond = Branded<number, 'MetersPerSecond'>;
export type Celsius = Branded<number, 'Celsius'>;
/** Microseconds since the Unix epoch (integer), as `parseRfc3339Micros` returns. */
export type UnixMicros = Branded<number, 'UnixMicros'>;

/** A point in a local east/north/up tangent plane, metres from its origin. */
export type EnuPoint = Branded<
  { readonly east: Meters; readonly north: Meters; readonly up: Meters },
  'EnuPoint'
>;

/** WGS84 geodetic coordinates; `height` is above the ellipsoid. */
export type Wgs84Point = Branded<
  { readonly lon: Degrees; readonly lat: Degrees; readonly height: Meters },
  'Wgs84Point'
>;

export const meters = (x: number): Meters => x as Meters;
export const seconds = (x: number): Seconds => x as Seconds;
export const degrees = (x: number): Degrees => x as Degrees;
export const radians = (x: number): Radians => x as Radians;
export const metersPerSecond = (x: number): MetersPerSecond =>
  x as MetersPerSecond;
export const celsius = (x: number): Celsius => x as Celsius;
export const unixMicros = (x: number): UnixMicros => x as UnixMicros;

const MICROS_PER_SECOND = 1_000_000;

/** Radians from degrees. */
export function radiansFromDegrees(d: Degrees): Radians {
  return ((d * Math.PI) / 180) as Radians;
}

/** Degrees from radians. */
export function degreesFromRadians(r: Radians): Degrees {
  return ((r * 180) / Math.PI) as Degrees;
}

/** A duration in seconds from one in microseconds. */
export function secondsFromMicros(us: number): Seconds {
  return (us / MICROS_PER_SECOND) as Seconds;
}

/** Whole microseconds from seconds, rounded to nearest (ties away from zero). */
export function microsFromSeconds(s: Seconds): number {
  const us = s * MICROS_PER_SECOND;
  return us < 0 ? -Math.round(-us) : Math.round(us);
}

/** Seconds of `t` after the reference instant `ref`, both Unix micros. */
export function secondsBetween(ref: UnixMicros, t: UnixMicros): Seconds {
  return ((t - ref) / MICROS_PER_SECOND) as Seconds;
}

/** The instant `s` seconds after `ref`, rounded to a whole microsecond. */
export function unixMicrosAfter(ref: UnixMicros, s: Seconds): UnixMicros {
  return (ref + microsFromSeconds(s)) as UnixMicros;
}

/** An ENU point from its three coordinates in metres. */
export function enuPoint(east: number, north: number, up = 0): EnuPoint {
  return { east, north, up } as EnuPoint;
}

/** A WGS84 point from degrees and metres above the ellipsoid. */
export function wgs84Point(lon: number, lat: number, height = 0): Wgs84Point {
  return { lon, lat, height } as Wgs84Point;
}

/** A WGS84 point from an observation's `[lon, lat]` or `[lon, lat, altM]`. */
export function wgs84FromLonLat(
  p: readonly [number, number] | readonly [number, number, number]
): Wgs84Point {
  return wgs84Point(p[0], p[1], p[2] ?? 0);
}

/** Straight-line distance between two points of one ENU frame. */
export function enuDistance(a: EnuPoint, b: EnuPoint): Meters {
  return Math.hypot(a.east - b.east, a.north - b.north, a.up - b.up) as Meters;
}

/** Horizontal distance between two points of one ENU frame. */
export function enuHorizontalDistance(a: EnuPoint, b: EnuPoint): Meters {
  return Math.hypot(a.east - b.east, a.north - b.north) as Meters;
}

/** Azimuth from `a` to `b`, degrees clockwise from north in [0, 360). */
export function enuAzimuth(a: EnuPoint, b: EnuPoint): Degrees {
  const deg = degreesFromRadians(
    radians(Math.atan2(b.east - a.east, b.north - a.north))
  );
  return (deg < 0 ? deg + 360 : deg) as Degrees;
}
