import { describe, expect, it } from 'vitest';
import {
  enuAzimuthDeg,
  enuDistance,
  enuFrameAt,
  enuFromWgs84,
  enuPoint,
  normalizeDeg,
  wgs84Distance,
  wgs84FromEnu,
  wgs84Point,
} from './enu.js';

describe('enuFromWgs84 and wgs84FromEnu', () => {
  const frame = enuFrameAt(wgs84Point(37.4, 48.4, 180));
  const points: [number, number, number][] = [
    [37.4, 48.4, 180],
    [37.1, 48.3, 150],
    [38.2, 48.9, 320],
    [36.9, 47.8, 0],
    [37.4, 49.4, 2000],
  ];
  it.each(points)('round-trips (%f, %f, %f)', (lon, lat, alt) => {
    const back = wgs84FromEnu(
      frame,
      enuFromWgs84(frame, wgs84Point(lon, lat, alt))
    );
    expect(Math.abs(back[0] - lon)).toBeLessThan(1e-9);
    expect(Math.abs(back[1] - lat)).toBeLessThan(1e-9);
    expect(Math.abs(back[2] - alt)).toBeLessThan(1e-3);
  });

  it('puts the origin at zero and up above it', () => {
    const o = enuFromWgs84(frame, wgs84Point(37.4, 48.4, 180));
    expect(Math.hypot(...o)).toBeLessThan(1e-6);
    const up = enuFromWgs84(frame, wgs84Point(37.4, 48.4, 1180));
    expect(up[2]).toBeCloseTo(1000, 6);
  });
});

describe('wgs84Distance', () => {
  // Meridian arc 48°–49° N from the series 111132.954 − 559.822 cos 2φ +
  // 1.175 cos 4φ m/° at φ = 48.5°, less the chord's 1.4 m; 1° of longitude
  // along 48° N is the chord 2·N·cos φ·sin(0.5°) with N the prime vertical
  // radius of curvature.
  const cases: [string, [number, number], [number, number], number][] = [
    ['1° of latitude at 48.5° N', [37, 48], [37, 49], 111_198.6],
    ['1° of longitude at 48° N', [37, 48], [38, 48], 74_624.0],
  ];
  it.each(cases)('measures %s', (_, a, b, want) => {
    const d = wgs84Distance(wgs84Point(...a), wgs84Point(...b));
    expect(Math.abs(d - want)).toBeLessThan(2);
  });

  it('agrees with distances in a local frame', () => {
    const frame = enuFrameAt(wgs84Point(37.4, 48.4));
    const a = wgs84Point(37.2, 48.3, 150);
    const b = wgs84Point(37.6, 48.5, 250);
    const d = enuDistance(enuFromWgs84(frame, a), enuFromWgs84(frame, b));
    expect(Math.abs(d - wgs84Distance(a, b))).toBeLessThan(1e-6);
  });
});

describe('enuAzimuthDeg', () => {
  const o = enuPoint(0, 0);
  const cases: [number, number, number][] = [
    [0, 100, 0],
    [100, 0, 90],
    [0, -100, 180],
    [-100, 0, 270],
    [100, 100, 45],
  ];
  it.each(cases)('(%f, %f) lies at %f°', (e, n, want) => {
    expect(enuAzimuthDeg(o, enuPoint(e, n))).toBeCloseTo(want, 9);
  });
});

describe('normalizeDeg', () => {
  const cases: [number, number][] = [
    [0, 0],
    [-90, 270],
    [360, 0],
    [725, 5],
    [-1e-15, 0],
    [359.5, 359.5],
  ];
  it.each(cases)('brings %f to %f', (x, want) => {
    expect(normalizeDeg(x)).toBe(want);
  });
});
