import { describe, expect, it } from 'vitest';
import { findingOf, fullId, ladderOf } from './response-fixture.js';
import { ladderFindingOf, reachedTier } from './tier.js';

const AT = '2026-12-02T12:00:00Z';
const PARTY_LADDER = ladderOf({
  id: 'party-only',
  version: 1,
  agreement: 'test',
  windowing: { kind: 'sliding', defaultWindowHours: 24 },
  tiers: [
    {
      id: 't1-ru',
      level: 1,
      name: 'Any fire attributed to RU',
      conditions: { anyOf: [{ party: 'RU', minCount: 1 }] },
      responses: ['diplomatic_demarche'],
      requiresCommission: false,
    },
  ],
});

describe('reachedTier with a clause naming a party and no probability', () => {
  it.each([
    ['RU, however unsure', 'RU', 0.2, 't1-ru'],
    ['RU, sure', 'RU', 1, 't1-ru'],
    ['UA', 'UA', 0.99, null],
    ['nobody', undefined, 0, null],
  ] as const)('a finding attributed to %s reaches %s', (_n, party, p, want) => {
    const finding = findingOf({
      id: 'a',
      time: '2026-12-02T11:00:00Z',
      ...(party === undefined ? {} : { party }),
      p,
    });
    const result = reachedTier({
      at: AT,
      findings: [finding],
      decisions: [],
      ladder: PARTY_LADDER,
    });
    expect(result.tier?.id ?? null).toBe(want);
    expect(result.findingIds).toEqual(want === null ? [] : [fullId('a')]);
  });
});

describe('ladderFindingOf', () => {
  const properties = {
    id: fullId('b'),
    rule: 'no-fire',
    kind: 'fire' as const,
    time: AT,
    status: 'verified' as const,
    attribution: { party: 'RU', probability: 0.9 },
  };
  const geometry = { coordinates: [37.5, 48.1] as const };

  it('takes the point and the fields the ladder reads', () => {
    expect(
      ladderFindingOf({
        geometry,
        properties: { ...properties, weaponClass: 'artillery' },
      })
    ).toEqual({
      ...properties,
      weaponClass: 'artillery',
      position: [37.5, 48.1],
    });
  });

  it('leaves weaponClass out when the finding has none', () => {
    const got = ladderFindingOf({ geometry, properties });
    expect(got).toEqual({ ...properties, position: [37.5, 48.1] });
    expect('weaponClass' in got).toBe(false);
  });
});
