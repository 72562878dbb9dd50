import { describe, expect, it } from 'vitest';
import { fitFrame, scaleBarKm } from './map-projection.js';

describe('fitFrame', () => {
  it('keeps every point inside, north up and east right', () => {
    const pts = [
      [36, 47],
      [38, 49],
    ] as const;
    const frame = fitFrame(pts, 800, 600, 20);
    const [sw, ne] = pts.map((p) => frame.project(p));
    for (const [x, y] of [sw!, ne!]) {
      expect(x).toBeGreaterThanOrEqual(20 - 1e-9);
      expect(x).toBeLessThanOrEqual(780 + 1e-9);
      expect(y).toBeGreaterThanOrEqual(20 - 1e-9);
      expect(y).toBeLessThanOrEqual(frame.height - 20 + 1e-9);
    }
    expect(ne![0]).toBeGreaterThan(sw![0]);
    expect(ne![1]).toBeLessThan(sw![1]);
  });

  it('scales a degree of latitude to about 111 km', () => {
    const frame = fitFrame(
      [
        [37, 47],
        [37.5, 49],
      ],
      800,
      600,
      0
    );
    const [, y0] = frame.project([37, 48]);
    const [, y1] = frame.project([37, 49]);
    expect((y0 - y1) * frame.kmPerPx).toBeCloseTo(111.2, 1);
  });

  it('gives a single point a frame of its own', () => {
    const frame = fitFrame([[37, 48]], 400, 400);
    const [x, y] = frame.project([37, 48]);
    expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
  });
});

describe('scaleBarKm', () => {
  it('picks the longest round length that fits', () => {
    expect(scaleBarKm(1, 180)).toBe(100);
    expect(scaleBarKm(0.1, 180)).toBe(10);
    expect(scaleBarKm(5, 180)).toBe(500);
  });
});
