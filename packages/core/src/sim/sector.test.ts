import { describe, expect, it } from 'vitest';
import { parseSimAgreement } from './agreement-input.js';
import { SIM_DEMO_AGREEMENT } from './demo-agreement.js';
import { wgs84FromEnu } from '../fusion/geodesy.js';
import { enuPoint } from '../fusion/units.js';
import type { ContactLine } from './sector.js';
import {
  buildSector,
  placeOnLine,
  sectorOffsetPoint,
  sectorPointAt,
} from './sector.js';

// About 100 km due north along 37° E: east of it is the right side.
const NORTHWARD: ContactLine = {
  type: 'LineString',
  coordinates: [
    [37, 48],
    [37, 48.45],
    [37, 48.9],
  ],
};

describe('buildSector', () => {
  it('takes a stretch of the asked length, centred by default', () => {
    const sector = buildSector(NORTHWARD, { lengthKm: 80 });
    expect(Math.abs(sector.lengthM - 80_000)).toBeLessThan(100);
    const [e, n] = sectorPointAt(sector, sector.lengthM / 2).point;
    expect(Math.hypot(e, n)).toBeLessThan(100);
  });

  it('starts at the offset when one is given', () => {
    const sector = buildSector(NORTHWARD, { lengthKm: 20, offsetKm: 10 });
    const start = sectorPointAt(sector, 0).point;
    const p = wgs84FromEnu(sector.frame, enuPoint(start[0], start[1]));
    expect(p.lat).toBeCloseTo(48 + 10_000 / 111_170, 3);
  });

  it('plays on the longest part of a MultiLineString', () => {
    const sector = buildSector(
      {
        type: 'MultiLineString',
        coordinates: [
          [
            [30, 46],
            [30.1, 46],
          ],
          NORTHWARD.coordinates,
        ],
      },
      { lengthKm: 50 }
    );
    expect(sector.frame.origin.lon).toBeCloseTo(37, 6);
  });

  it('refuses a stretch longer than the line', () => {
    expect(() => buildSector(NORTHWARD, { lengthKm: 150 })).toThrow(RangeError);
    expect(() =>
      buildSector(NORTHWARD, { lengthKm: 50, offsetKm: 80 })
    ).toThrow(RangeError);
  });
});

describe('sectorOffsetPoint and placeOnLine', () => {
  const sector = buildSector(NORTHWARD, { lengthKm: 80 });
  const cases: ['left' | 'right', number, number][] = [
    ['left', 5000, -1],
    ['right', 5000, 1],
    ['left', 30_000, -1],
    ['right', 250, 1],
  ];
  it.each(cases)(
    'puts a point %s of the line, %f m off it',
    (side, d, eastSign) => {
      const p = sectorOffsetPoint(sector, 20_000, side, d);
      expect(Math.sign(p.east)).toBe(eastSign);
      const w = wgs84FromEnu(sector.frame, p);
      const placed = placeOnLine(sector, w.lon, w.lat);
      expect(placed.side).toBe(side);
      expect(Math.abs(placed.distanceM - d) / d).toBeLessThan(0.005);
    }
  );
});

describe('the demo agreement', () => {
  const agreement = parseSimAgreement(SIM_DEMO_AGREEMENT);
  const sector = buildSector(agreement.contactLine, { lengthKm: 80 });
  // Towns on each side of the 2026-08-22 line: Kramatorsk and Druzhkivka
  // behind Ukraine's side (left, A); Donetsk and Horlivka in occupied
  // territory (right, B).
  const towns: [string, number, number, 'left' | 'right'][] = [
    ['Kramatorsk', 37.56, 48.72, 'left'],
    ['Druzhkivka', 37.53, 48.63, 'left'],
    ['Donetsk', 37.8, 48.0, 'right'],
    ['Horlivka', 38.05, 48.3, 'right'],
  ];
  it.each(towns)('puts %s on the %4$s side', (_, lon, lat, side) => {
    expect(placeOnLine(sector, lon, lat).side).toBe(side);
    expect(agreement.sides).toEqual(['A', 'B']);
  });

  it('has a stretch of about 100 km to play on', () => {
    const line = agreement.contactLine;
    expect(() => buildSector(line, { lengthKm: 95 })).not.toThrow();
    expect(() => buildSector(line, { lengthKm: 110 })).toThrow(RangeError);
  });
});
