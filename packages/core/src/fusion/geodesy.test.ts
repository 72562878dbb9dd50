import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ecefFromWgs84,
  enuFrameAt,
  enuFromWgs84,
  greatCircleDistance,
  WGS84_A,
  wgs84FromEcef,
  wgs84FromEnu,
} from './geodesy.js';
import { enuPoint, wgs84Point } from './units.js';

describe('ecefFromWgs84', () => {
  it('puts (0°, 0°, 0 m) on the equator at the semi-major axis', () => {
    const p = ecefFromWgs84(wgs84Point(0, 0, 0));
    expect(p.x).toBeCloseTo(WGS84_A, 6);
    expect(p.y).toBeCloseTo(0, 6);
    expect(p.z).toBeCloseTo(0, 6);
  });

  it('puts the north pole at the semi-minor axis b = a(1 − f)', () => {
    const p = ecefFromWgs84(wgs84Point(0, 90, 0));
    expect(p.z).toBeCloseTo(6356752.314245, 5);
  });

  it('round-trips through wgs84FromEcef', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -89.9, max: 89.9, noNaN: true }),
        fc.double({ min: -500, max: 9000, noNaN: true }),
        (lon, lat, h) => {
          const back = wgs84FromEcef(ecefFromWgs84(wgs84Point(lon, lat, h)));
          expect(back.lat).toBeCloseTo(lat, 9);
          expect(back.height).toBeCloseTo(h, 5);
          if (Math.abs(lon) < 179.9) expect(back.lon).toBeCloseTo(lon, 9);
        }
      )
    );
  });
});

describe('enuFromWgs84', () => {
  const origin = wgs84Point(37.6, 48.0, 180);

  it('puts the origin at (0, 0, 0)', () => {
    const p = enuFromWgs84(origin, origin);
    expect(Math.hypot(p.east, p.north, p.up)).toBeLessThan(1e-6);
  });

  it('points north for a point at a higher latitude', () => {
    // One arc-minute of latitude at 48° N is about 1853 m along the meridian.
    const p = enuFromWgs84(origin, wgs84Point(37.6, 48 + 1 / 60, 180));
    expect(p.north).toBeCloseTo(1853.1, 0);
    expect(Math.abs(p.east)).toBeLessThan(1e-6);
    expect(p.up).toBeLessThan(0);
  });

  it('points east for a point at a higher longitude', () => {
    // 0.01° of longitude is (N + h)·cos φ·0.01·π/180, with the prime-vertical
    // radius N = a/√(1 − e² sin² φ) = 6 389 960 m at 48° N: 746.27 m.
    const p = enuFromWgs84(origin, wgs84Point(37.61, 48.0, 180));
    expect(p.east).toBeCloseTo(746.27, 2);
  });

  it('round-trips with wgs84FromEnu within a micrometre over 100 km', () => {
    const frame = enuFrameAt(origin);
    fc.assert(
      fc.property(
        fc.double({ min: -1e5, max: 1e5, noNaN: true }),
        fc.double({ min: -1e5, max: 1e5, noNaN: true }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        (e, n, u) => {
          const back = enuFromWgs84(
            frame,
            wgs84FromEnu(frame, enuPoint(e, n, u))
          );
          expect(
            Math.hypot(back.east - e, back.north - n, back.up - u)
          ).toBeLessThan(1e-6);
        }
      )
    );
  });
});

describe('greatCircleDistance', () => {
  it('gives 111.195 km for one degree along a meridian', () => {
    const d = greatCircleDistance(wgs84Point(0, 0), wgs84Point(0, 1));
    expect(d).toBeCloseTo(111195.08, 1);
  });
});
