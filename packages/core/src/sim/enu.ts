// Local east/north/up frames on the WGS 84 ellipsoid, through ECEF, so
// ranges are exact 3-D straight lines (what sound travels). The simulator's
// own small helpers until fusion's geodesy lands; frames are branded so a
// point in one cannot be used as a point in the other (STYLE §3.10).

declare const frameBrand: unique symbol;

/** [lon°, lat°, altM] on WGS 84 (altitude above the ellipsoid). */
export type Wgs84Point = readonly [lon: number, lat: number, altM: number] & {
  readonly [frameBrand]: 'wgs84';
};

/** [eastM, northM, upM] in the local tangent frame of one origin. */
export type EnuPoint = readonly [e: number, n: number, u: number] & {
  readonly [frameBrand]: 'enu';
};

// NIMA TR8350.2 (WGS 84): semi-major axis and flattening.
const WGS84_A = 6_378_137;
const WGS84_F = 1 / 298.257223563;
const WGS84_E2 = WGS84_F * (2 - WGS84_F);
const DEG = Math.PI / 180;

export function wgs84Point(lon: number, lat: number, altM = 0): Wgs84Point {
  return [lon, lat, altM] as unknown as Wgs84Point;
}

export function enuPoint(e: number, n: number, u = 0): EnuPoint {
  return [e, n, u] as unknown as EnuPoint;
}

type Ecef = [number, number, number];

function ecefFromWgs84([lon, lat, h]: Wgs84Point): Ecef {
  const sinLat = Math.sin(lat * DEG);
  const cosLat = Math.cos(lat * DEG);
  const n = WGS84_A / Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
  return [
    (n + h) * cosLat * Math.cos(lon * DEG),
    (n + h) * cosLat * Math.sin(lon * DEG),
    (n * (1 - WGS84_E2) + h) * sinLat,
  ];
}

function wgs84FromEcef([x, y, z]: Ecef): Wgs84Point {
  const p = Math.hypot(x, y);
  const lon = Math.atan2(y, x);
  let lat = Math.atan2(z, p * (1 - WGS84_E2));
  let h = 0;
  // Fixed-point iteration; five rounds reach well under a millimetre near
  // the surface.
  for (let i = 0; i < 5; i++) {
    const sinLat = Math.sin(lat);
    const n = WGS84_A / Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
    h = p / Math.cos(lat) - n;
    lat = Math.atan2(z, p * (1 - (WGS84_E2 * n) / (n + h)));
  }
  return wgs84Point(lon / DEG, lat / DEG, h);
}

/** A local tangent frame at `origin`. */
export type EnuFrame = {
  readonly origin: Wgs84Point;
  readonly ecef: Ecef;
  readonly sinLat: number;
  readonly cosLat: number;
  readonly sinLon: number;
  readonly cosLon: number;
};

export function enuFrameAt(origin: Wgs84Point): EnuFrame {
  return {
    origin,
    ecef: ecefFromWgs84(origin),
    sinLat: Math.sin(origin[1] * DEG),
    cosLat: Math.cos(origin[1] * DEG),
    sinLon: Math.sin(origin[0] * DEG),
    cosLon: Math.cos(origin[0] * DEG),
  };
}

export function enuFromWgs84(frame: EnuFrame, point: Wgs84Point): EnuPoint {
  const [x, y, z] = ecefFromWgs84(point);
  const dx = x - frame.ecef[0];
  const dy = y - frame.ecef[1];
  const dz = z - frame.ecef[2];
  const { sinLat, cosLat, sinLon, cosLon } = frame;
  return enuPoint(
    -sinLon * dx + cosLon * dy,
    -sinLat * cosLon * dx - sinLat * sinLon * dy + cosLat * dz,
    cosLat * cosLon * dx + cosLat * sinLon * dy + sinLat * dz
  );
}

export function wgs84FromEnu(frame: EnuFrame, point: EnuPoint): Wgs84Point {
  const [e, n, u] = point;
  const { sinLat, cosLat, sinLon, cosLon } = frame;
  return wgs84FromEcef([
    frame.ecef[0] - sinLon * e - sinLat * cosLon * n + cosLat * cosLon * u,
    frame.ecef[1] + cosLon * e - sinLat * sinLon * n + cosLat * sinLon * u,
    frame.ecef[2] + cosLat * n + sinLat * u,
  ]);
}

/** Straight-line distance between two points of one frame, metres. */
export function enuDistance(a: EnuPoint, b: EnuPoint): number {
  return Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
}

/** Straight-line distance between two WGS 84 points, metres. */
export function wgs84Distance(a: Wgs84Point, b: Wgs84Point): number {
  const p = ecefFromWgs84(a);
  const q = ecefFromWgs84(b);
  return Math.hypot(q[0] - p[0], q[1] - p[1], q[2] - p[2]);
}

/** Degrees clockwise from north, [0, 360), of `to` seen from `from` in one frame. */
export function enuAzimuthDeg(from: EnuPoint, to: EnuPoint): number {
  const deg = Math.atan2(to[0] - from[0], to[1] - from[1]) / DEG;
  return normalizeDeg(deg);
}

/** An angle in degrees brought into [0, 360). */
export function normalizeDeg(deg: number): number {
  const x = deg % 360;
  const y = x < 0 ? x + 360 : x;
  return y >= 360 ? 0 : y;
}
