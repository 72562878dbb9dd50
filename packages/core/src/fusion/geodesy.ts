import {
  degreesFromRadians,
  enuPoint,
  radians,
  radiansFromDegrees,
  wgs84Point,
  type EnuPoint,
  type Meters,
  type Wgs84Point,
} from './units.js';

/** WGS84 semi-major axis (NGA.STND.0036), metres. */
export const WGS84_A = 6378137;
/** WGS84 flattening. */
export const WGS84_F = 1 / 298.257223563;
const E2 = WGS84_F * (2 - WGS84_F);
/** IUGG mean Earth radius, metres (for great-circle distances). */
export const MEAN_EARTH_RADIUS_M = 6371008.8;

/** Earth-centred, Earth-fixed Cartesian coordinates, metres. */
export type EcefPoint = {
  readonly x: number;
  readonly y: number;
  readonly z: number;
};

/** ECEF coordinates of a WGS84 point. */
export function ecefFromWgs84(p: Wgs84Point): EcefPoint {
  const lat = radiansFromDegrees(p.lat);
  const lon = radiansFromDegrees(p.lon);
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const n = WGS84_A / Math.sqrt(1 - E2 * sinLat * sinLat);
  return {
    x: (n + p.height) * cosLat * Math.cos(lon),
    y: (n + p.height) * cosLat * Math.sin(lon),
    z: (n * (1 - E2) + p.height) * sinLat,
  };
}

/**
 * WGS84 coordinates of an ECEF point. A fixed number of fixed-point steps
 * (each shrinks the latitude error by about e² = 0.0067), so the result is
 * the same on every run and well below a micrometre for points near Earth.
 */
export function wgs84FromEcef(q: EcefPoint): Wgs84Point {
  const p = Math.hypot(q.x, q.y);
  const lon = Math.atan2(q.y, q.x);
  let lat = Math.atan2(q.z, p * (1 - E2));
  for (let i = 0; i < 8; i++) {
    const sinLat = Math.sin(lat);
    const n = WGS84_A / Math.sqrt(1 - E2 * sinLat * sinLat);
    lat = Math.atan2(q.z + E2 * n * sinLat, p);
  }
  const sinLat = Math.sin(lat);
  // Stable at the poles, where p / cos(lat) is not.
  const height =
    p * Math.cos(lat) +
    q.z * sinLat -
    WGS84_A * Math.sqrt(1 - E2 * sinLat * sinLat);
  return wgs84Point(
    degreesFromRadians(radians(lon)),
    degreesFromRadians(radians(lat)),
    height
  );
}

/** A local tangent plane at `origin`: east, north and up in metres. */
export type EnuFrame = {
  readonly origin: Wgs84Point;
  readonly originEcef: EcefPoint;
  readonly sinLat: number;
  readonly cosLat: number;
  readonly sinLon: number;
  readonly cosLon: number;
};

/** The ENU frame whose origin is `origin`. */
export function enuFrameAt(origin: Wgs84Point): EnuFrame {
  const lat = radiansFromDegrees(origin.lat);
  const lon = radiansFromDegrees(origin.lon);
  return {
    origin,
    originEcef: ecefFromWgs84(origin),
    sinLat: Math.sin(lat),
    cosLat: Math.cos(lat),
    sinLon: Math.sin(lon),
    cosLon: Math.cos(lon),
  };
}

function frameOf(origin: Wgs84Point | EnuFrame): EnuFrame {
  return 'originEcef' in origin ? origin : enuFrameAt(origin);
}

/** `p` in the ENU frame at `origin` (a point or a prepared frame). */
export function enuFromWgs84(
  origin: Wgs84Point | EnuFrame,
  p: Wgs84Point
): EnuPoint {
  const f = frameOf(origin);
  const q = ecefFromWgs84(p);
  const dx = q.x - f.originEcef.x;
  const dy = q.y - f.originEcef.y;
  const dz = q.z - f.originEcef.z;
  const t = -f.cosLon * dx - f.sinLon * dy;
  return enuPoint(
    -f.sinLon * dx + f.cosLon * dy,
    f.sinLat * t + f.cosLat * dz,
    f.cosLat * -t + f.sinLat * dz
  );
}

/** The WGS84 point at `p` in the ENU frame at `origin`. */
export function wgs84FromEnu(
  origin: Wgs84Point | EnuFrame,
  p: EnuPoint
): Wgs84Point {
  const f = frameOf(origin);
  const a = -f.sinLat * p.north + f.cosLat * p.up;
  return wgs84FromEcef({
    x: f.originEcef.x - f.sinLon * p.east + f.cosLon * a,
    y: f.originEcef.y + f.cosLon * p.east + f.sinLon * a,
    z: f.originEcef.z + f.cosLat * p.north + f.sinLat * p.up,
  });
}

/** Straight-line (chord) distance between two WGS84 points. */
export function chordDistance(a: Wgs84Point, b: Wgs84Point): Meters {
  const p = ecefFromWgs84(a);
  const q = ecefFromWgs84(b);
  return Math.hypot(p.x - q.x, p.y - q.y, p.z - q.z) as Meters;
}

/** Great-circle distance on the mean sphere (haversine); heights ignored. */
export function greatCircleDistance(a: Wgs84Point, b: Wgs84Point): Meters {
  const lat1 = radiansFromDegrees(a.lat);
  const lat2 = radiansFromDegrees(b.lat);
  const dLat = lat2 - lat1;
  const dLon = radiansFromDegrees(b.lon) - radiansFromDegrees(a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) ** 2;
  return (2 *
    MEAN_EARTH_RADIUS_M *
    Math.asin(Math.min(1, Math.sqrt(h)))) as Meters;
}
