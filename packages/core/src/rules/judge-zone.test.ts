import { describe, expect, it } from 'vitest';
import { buildLineIndex } from '../geo/line-index.js';
import { insideProbability, sigmaTowardM } from './judge.js';
import { normalCdf } from './normal-cdf.js';
import { noFlyZoneTerm } from './terms/no-fly-zone.js';
import { BASE_AGREEMENT, km } from './vector-fixture.js';
import { parseAgreement } from './agreement.js';
import { buildZoneIndex, describeZone } from './zone.js';

// A zone's polygon holds mutable positions.
const at = (east: number, north: number) =>
  [...km(east, north)] as [number, number];

describe('sigmaTowardM', () => {
  // σ east 300 m, σ north 100 m, uncorrelated.
  const cov = [300 * 300, 0, 100 * 100] as const;
  it.each([
    ['east', km(1, 0), 300],
    ['north', km(0, 1), 100],
    ['no direction given: the largest σ', undefined, 300],
    ['a direction of zero length: the largest σ', km(0, 0), 300],
  ] as const)('toward %s', (_name, toward, want) => {
    expect(sigmaTowardM(cov, km(0, 0), toward)).toBeCloseTo(want, 3);
  });
});

describe('insideProbability', () => {
  it.each([
    [100, 0, 1],
    [-100, 0, 0],
    [0, 0, 0.5],
    [100, 100, normalCdf(1)],
  ])('depth %d m, σ %d m: %d', (depth, sigma, want) => {
    expect(insideProbability(depth, sigma)).toBe(want);
  });
});

describe('buildZoneIndex', () => {
  it('puts every point outside a band around an empty line', () => {
    const depth = buildZoneIndex({ withinKm: 15 }, buildLineIndex([]));
    expect(depth(km(0, 0))).toEqual({ depthM: -Infinity, toward: undefined });
  });

  it('puts every point infinitely far outside a zone with no polygon', () => {
    const depth = buildZoneIndex(
      { polygon: { type: 'MultiPolygon', coordinates: [] } },
      buildLineIndex([])
    );
    expect(depth(km(0, 0))).toEqual({ depthM: -Infinity, toward: undefined });
  });

  it('measures a band from the line', () => {
    const line = buildLineIndex([[km(0, -50), km(0, 50)]]);
    const got = buildZoneIndex({ withinKm: 15 }, line)(km(5, 0));
    expect(got.depthM).toBeCloseTo(10_000, -1);
    expect(got.toward![0]).toBeCloseTo(km(0, 0)[0], 6);
  });

  it('measures a polygon from its edge, negative outside', () => {
    const polygon = {
      type: 'Polygon' as const,
      coordinates: [[at(-1, -1), at(1, -1), at(1, 1), at(-1, 1), at(-1, -1)]],
    };
    const depth = buildZoneIndex({ polygon }, buildLineIndex([]));
    expect(depth(km(0, 0)).depthM).toBeCloseTo(1000, -1);
    expect(depth(km(3, 0)).depthM).toBeCloseTo(-2000, -1);
  });
});

describe('describeZone', () => {
  it('says a band or a polygon', () => {
    expect(describeZone({ withinKm: 15 })).toBe(
      'within 15 km of either side of the contact line'
    );
    expect(
      describeZone({
        polygon: {
          type: 'Polygon',
          coordinates: [[at(0, 0), at(1, 0), at(1, 1), at(0, 0)]],
        },
      })
    ).toBe('inside the zone drawn in the agreement');
  });
});

describe('noFlyZoneTerm.describe', () => {
  const agreement = parseAgreement({ ...BASE_AGREEMENT, rules: [] });
  it.each([
    [{}, 'No aircraft'],
    [{ minAltitudeM: 100 }, 'above 100 m'],
    [{ maxAltitudeM: 3000 }, 'below 3000 m'],
    [{ minAltitudeM: 100, maxAltitudeM: 3000 }, 'between 100 m and 3000 m'],
  ])('%o says %s', (band, want) => {
    const term = {
      id: 'nfz',
      kind: 'no_fly_zone' as const,
      zone: { withinKm: 10 },
      ...band,
    };
    const text = noFlyZoneTerm.describe(term, agreement);
    expect(text).toContain(want);
    expect(text.includes(' m')).toBe(Object.keys(band).length > 0);
  });
});
