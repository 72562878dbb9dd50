import { describe, expect, it } from 'vitest';
import { withdrawalLinesOf } from './withdrawal-lines.js';

describe('withdrawalLinesOf', () => {
  it('gives one line per distance of the withdrawal rules, nearest first', () => {
    const rules = [
      { id: 'no-fire', kind: 'no_fire' },
      {
        id: 'a',
        kind: 'withdrawal',
        weaponClasses: ['artillery'],
        minDistanceKm: 50,
      },
      {
        id: 'b',
        kind: 'withdrawal',
        weaponClasses: ['heavy_mlrs', 'missile'],
        minDistanceKm: 140,
      },
      {
        id: 'c',
        kind: 'withdrawal',
        weaponClasses: ['tank'],
        minDistanceKm: 15,
      },
      {
        id: 'd',
        kind: 'withdrawal',
        weaponClasses: ['mortar'],
        minDistanceKm: 15,
      },
      { id: 'zone', kind: 'buffer_zone', zone: { withinKm: 5 } },
    ];
    expect(withdrawalLinesOf({ rules })).toEqual([
      { km: 15, label: '15 km: tank, mortar' },
      { km: 50, label: '50 km: artillery' },
      { km: 140, label: '140 km: heavy mlrs, missile' },
    ]);
  });

  it('gives none for an agreement without withdrawal rules', () => {
    expect(withdrawalLinesOf({ rules: [{ kind: 'no_fire' }] })).toEqual([]);
  });
});
