import type { EnuCovariance } from './located-event.js';
import {
  enuFrameAt,
  enuFromWgs84,
  wgs84FromEnu,
  type EnuFrame,
} from './geodesy.js';
import { MEAN_EARTH_RADIUS_M } from './geodesy.js';
import {
  enuPoint,
  wgs84Point,
  type EnuPoint,
  type Wgs84Point,
} from './units.js';

/**
 * The one local ENU frame a fusion run works in. Distances in it are exact
 * (ENU is a rigid motion of ECEF); directions drift from true north by the
 * meridian convergence away from the origin, which `trueNorthAzimuth` gives.
 */
export type FusionFrame = {
  readonly frame: EnuFrame;
  /** 1/R: how fast the ellipsoid falls away below the tangent plane. */
  readonly curvature: number;
};

/** The frame at `origin`. */
export function fusionFrameAt(origin: Wgs84Point): FusionFrame {
  return { frame: enuFrameAt(origin), curvature: 1 / MEAN_EARTH_RADIUS_M };
}

/** A WGS84 point's coordinates in the frame. */
export function toFrame(f: FusionFrame, p: Wgs84Point): EnuPoint {
  return enuFromWgs84(f.frame, p);
}

/** The WGS84 point at frame coordinates. */
export function fromFrame(f: FusionFrame, p: EnuPoint): Wgs84Point {
  return wgs84FromEnu(f.frame, p);
}

/**
 * Azimuth (radians, clockwise from the frame's north) of true north at `p`:
 * a true bearing β at p points at frame azimuth β + this.
 */
export function trueNorthAzimuth(f: FusionFrame, p: Wgs84Point): number {
  const a = enuFromWgs84(f.frame, p);
  const b = enuFromWgs84(
    f.frame,
    wgs84Point(p.lon, Math.min(p.lat + 1e-4, 90), p.height)
  );
  return Math.atan2(b.east - a.east, b.north - a.north);
}

/** The covariance seen from axes turned clockwise by `angle` radians. */
export function rotateCovariance(
  c: EnuCovariance,
  angle: number
): EnuCovariance {
  const cs = Math.cos(angle);
  const sn = Math.sin(angle);
  // Rows of R: e' = e cos + n sin, n' = −e sin + n cos; C' = R C Rᵀ.
  const [a, b, d] = c;
  return [
    cs * cs * a + 2 * cs * sn * b + sn * sn * d,
    -cs * sn * a + (cs * cs - sn * sn) * b + cs * sn * d,
    sn * sn * a - 2 * cs * sn * b + cs * cs * d,
  ];
}

/** The covariance of an error of 1σ `along` in azimuth `azimuth` (rad) and `across` it. */
export function covarianceAlongAcross(
  azimuth: number,
  along: number,
  across: number
): EnuCovariance {
  const ue = Math.sin(azimuth);
  const un = Math.cos(azimuth);
  const a2 = along * along;
  const c2 = across * across;
  return [
    a2 * ue * ue + c2 * un * un,
    (a2 - c2) * ue * un,
    a2 * un * un + c2 * ue * ue,
  ];
}

/** Frame point `distance` metres from `p` at frame azimuth `azimuth` (rad), same height. */
export function offsetInFrame(
  p: EnuPoint,
  azimuth: number,
  distance: number
): EnuPoint {
  return enuPoint(
    p.east + distance * Math.sin(azimuth),
    p.north + distance * Math.cos(azimuth),
    p.up
  );
}
