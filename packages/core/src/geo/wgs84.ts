/**
 * A WGS84 position, degrees, RFC 7946 axis order: longitude first.
 * Geometry here works on a sphere whose radius is the Gaussian mean radius
 * of curvature at the point of interest, which keeps distances of a few
 * hundred kilometres within a fraction of a percent of the WGS84 geodesic,
 * enough for distances to a contact line drawn at map scale.
 */
export type GeoPoint = readonly [lon: number, lat: number];

/** Metres east and north of an origin in its local tangent plane. */
export type EnuVector = readonly [east: number, north: number];

/** A unit vector from the Earth's centre (an n-vector). */
export type UnitVector = readonly [number, number, number];

/** WGS84 semi-major axis (NIMA TR8350.2 §3.2.1), metres. */
const WGS84_A = 6378137;
/** WGS84 flattening (NIMA TR8350.2 §3.2.2). */
const WGS84_F = 1 / 298.257223563;
const E2 = WGS84_F * (2 - WGS84_F);
const RAD = Math.PI / 180;

/** Gaussian mean radius of curvature sqrt(M N) at a latitude, metres. */
export function localRadiusM(latDeg: number): number {
  const s = Math.sin(latDeg * RAD);
  const w = 1 - E2 * s * s;
  return (WGS84_A * Math.sqrt(1 - E2)) / w;
}

/** The n-vector of a position (spherical: the latitude taken as is). */
export function unitVectorOf(p: GeoPoint): UnitVector {
  const lon = p[0] * RAD;
  const lat = p[1] * RAD;
  const c = Math.cos(lat);
  return [c * Math.cos(lon), c * Math.sin(lon), Math.sin(lat)];
}

export function vectorCross(a: UnitVector, b: UnitVector): UnitVector {
  return [
    a[1] * b[2] - a[2] * b[1],
    a[2] * b[0] - a[0] * b[2],
    a[0] * b[1] - a[1] * b[0],
  ];
}

export function vectorDot(a: UnitVector, b: UnitVector): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function vectorNorm(a: UnitVector): number {
  return Math.hypot(a[0], a[1], a[2]);
}

/** The angle between two vectors, radians, accurate at small angles too. */
export function vectorAngle(a: UnitVector, b: UnitVector): number {
  return Math.atan2(vectorNorm(vectorCross(a, b)), vectorDot(a, b));
}

/** Distance between two positions along the sphere, metres. */
export function distanceM(a: GeoPoint, b: GeoPoint): number {
  const r = localRadiusM((a[1] + b[1]) / 2);
  return vectorAngle(unitVectorOf(a), unitVectorOf(b)) * r;
}

/**
 * East/north metres of `p` seen from `origin`: the azimuthal equidistant
 * projection at the origin, so the distance and bearing from the origin
 * are exact on the sphere.
 */
export function projectAeqd(origin: GeoPoint, p: GeoPoint): EnuVector {
  if (p[0] === origin[0] && p[1] === origin[1]) return [0, 0];
  const o = unitVectorOf(origin);
  const v = unitVectorOf(p);
  const lon = origin[0] * RAD;
  const lat = origin[1] * RAD;
  const east: UnitVector = [-Math.sin(lon), Math.cos(lon), 0];
  const north: UnitVector = [
    -Math.sin(lat) * Math.cos(lon),
    -Math.sin(lat) * Math.sin(lon),
    Math.cos(lat),
  ];
  const e = vectorDot(v, east);
  const n = vectorDot(v, north);
  const h = Math.hypot(e, n);
  if (h === 0) return [0, 0];
  const angle = Math.atan2(h, vectorDot(v, o));
  const scale = (angle * localRadiusM(origin[1])) / h;
  return [e * scale, n * scale];
}

/** The inverse of projectAeqd at the same origin. */
export function unprojectAeqd(origin: GeoPoint, enu: EnuVector): GeoPoint {
  const d = Math.hypot(enu[0], enu[1]);
  if (d === 0) return [origin[0], origin[1]];
  const angle = d / localRadiusM(origin[1]);
  const lat1 = origin[1] * RAD;
  const cosBearing = enu[1] / d;
  const sinBearing = enu[0] / d;
  const sinLat =
    Math.sin(lat1) * Math.cos(angle) +
    Math.cos(lat1) * Math.sin(angle) * cosBearing;
  const lat = Math.asin(Math.max(-1, Math.min(1, sinLat)));
  const dLon = Math.atan2(
    sinBearing * Math.sin(angle) * Math.cos(lat1),
    Math.cos(angle) - Math.sin(lat1) * sinLat
  );
  const lon = (((origin[0] * RAD + dLon) / RAD + 540) % 360) - 180;
  return [lon, lat / RAD];
}
