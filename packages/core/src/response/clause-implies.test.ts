import { describe, expect, it } from 'vitest';
import type { LadderClause } from './ladder.js';
import { clauseImplies } from './ladder-validate.js';

const SQUARE = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [36, 47],
      [37, 47],
      [37, 48],
      [36, 48],
      [36, 47],
    ] as [number, number][],
  ],
};
const OTHER = {
  ...SQUARE,
  coordinates: [SQUARE.coordinates[0]!.map(([x, y]) => [x + 1, y])],
} as typeof SQUARE;

const open = { requiresCommission: false };
const commission = { requiresCommission: true };
type Case = [
  string,
  Partial<LadderClause>,
  Partial<LadderClause>,
  boolean,
  { ta?: typeof open; tb?: typeof open }?,
];

// `a` implies `b` when every moment `a` holds, `b` does: `b` filters no
// tighter and asks no more findings over no shorter a window.
const cases: Case[] = [
  ['equal clauses', {}, {}, true],
  ['a commission tier from an open one', {}, {}, false, { tb: commission }],
  ['an open tier from a commission one', {}, {}, true, { ta: commission }],
  ['rules a subset of b', { rules: ['x'] }, { rules: ['x', 'y'] }, true],
  ['rules outside b', { rules: ['z'] }, { rules: ['x'] }, false],
  ['any rule, b limited to some', {}, { rules: ['x'] }, false],
  ['any kind, b limited to fire', {}, { kinds: ['fire'] }, false],
  [
    'another weapon class',
    { weaponClasses: ['artillery'] },
    { weaponClasses: ['mlrs'] },
    false,
  ],
  ['the same sector', { sector: SQUARE }, { sector: SQUARE }, true],
  ['another sector', { sector: OTHER }, { sector: SQUARE }, false],
  ['no sector, b in a sector', {}, { sector: SQUARE }, false],
  ['a sector, b anywhere', { sector: SQUARE }, {}, true],
  ['the same party', { party: 'RU' }, { party: 'RU' }, true],
  ['another party', { party: 'UA' }, { party: 'RU' }, false],
  ['unattributed, b attributed', {}, { minProbability: 0 }, false],
  [
    'attributed to a party, b to anyone',
    { party: 'RU' },
    { minProbability: 0 },
    true,
  ],
  [
    'a lower probability',
    { minProbability: 0.5 },
    { minProbability: 0.9 },
    false,
  ],
  [
    'a higher probability',
    { minProbability: 0.95 },
    { minProbability: 0.9 },
    true,
  ],
  ['all findings, b confirmed only', {}, { confirmedOnly: true }, false],
  [
    'confirmed only, both',
    { confirmedOnly: true },
    { confirmedOnly: true },
    true,
  ],
  ['fewer findings', { minCount: 1 }, { minCount: 2 }, false],
  ['more findings', { minCount: 3 }, { minCount: 2 }, true],
  ['a longer window', { windowHours: 48 }, { windowHours: 24 }, false],
  ['a shorter window', { windowHours: 12 }, {}, true],
  ['the default window, b shorter', {}, { windowHours: 12 }, false],
];

describe('clauseImplies', () => {
  it.each(cases)('%s: %o then %o is %s', (_name, a, b, want, tiers) => {
    const clause = (c: Partial<LadderClause>): LadderClause => ({
      minCount: 2,
      ...c,
    });
    expect(
      clauseImplies(
        clause(a),
        tiers?.ta ?? open,
        clause(b),
        tiers?.tb ?? open,
        24
      )
    ).toBe(want);
  });
});
