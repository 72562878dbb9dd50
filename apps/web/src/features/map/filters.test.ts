import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureFinding } from '../../api/finding-fixture.js';
import {
  NO_FILTER,
  UNATTRIBUTED,
  distinctValues,
  findingFacets,
  isEmptyFilter,
  matchesFilter,
  timeOf,
} from './filters.js';

const a = fixtureFinding({
  n: 1,
  party: 'A',
  status: 'verified',
  time: '2026-12-01T10:00:00Z',
});
const b = fixtureFinding({
  n: 2,
  party: 'B',
  status: 'provisional',
  rule: 'withdraw-mlrs',
  kind: 'weapons_in_zone',
  time: '2026-12-01T11:00:00Z',
});
const none = fixtureFinding({
  n: 3,
  party: null,
  status: 'rejected',
  time: '2026-12-01T12:00:00Z',
});
const all = [a, b, none];
const pass = (filter: typeof NO_FILTER) =>
  all.filter((f) => matchesFilter(f, filter)).map((f) => f.properties.index);

describe('matchesFilter', () => {
  it('lets everything through with no filter', () => {
    expect(pass(NO_FILTER)).toEqual([1, 2, 3]);
    expect(isEmptyFilter(NO_FILTER)).toBe(true);
  });

  it('filters by party, "none" meaning unattributed', () => {
    expect(pass({ ...NO_FILTER, party: 'B' })).toEqual([2]);
    expect(pass({ ...NO_FILTER, party: UNATTRIBUTED })).toEqual([3]);
  });

  it('filters by any of several statuses, by kind and by rule', () => {
    expect(pass({ ...NO_FILTER, status: ['verified', 'rejected'] })).toEqual([
      1, 3,
    ]);
    expect(pass({ ...NO_FILTER, kind: 'weapons_in_zone' })).toEqual([2]);
    expect(pass({ ...NO_FILTER, rule: 'no-fire' })).toEqual([1, 3]);
  });

  it('keeps a time window with its start and without its end', () => {
    const window = [timeOf(a), timeOf(none)] as [number, number];
    const filter = { ...NO_FILTER, window };
    expect(pass(filter)).toEqual([1, 2]);
    expect(all.filter((f) => matchesFilter(f, filter, true))).toHaveLength(3);
    expect(isEmptyFilter(filter)).toBe(false);
    expect(isEmptyFilter(filter, true)).toBe(true);
  });
});

describe('distinctValues', () => {
  it('lists each value once, sorted', () => {
    expect(distinctValues(all, (f) => f.properties.rule)).toEqual([
      'no-fire',
      'withdraw-mlrs',
    ]);
  });
});

describe('timeOf', () => {
  it('reads UTC times with and without a microsecond fraction as Date.parse would', () => {
    const at = (time: string) => timeOf(fixtureFinding({ time }));
    expect(at('2026-12-01T10:00:00Z')).toBe(Date.UTC(2026, 11, 1, 10));
    expect(at('2026-12-01T10:00:00.123456Z')).toBe(
      Date.UTC(2026, 11, 1, 10, 0, 0, 123)
    );
    expect(at('2026-12-01T10:00:00.5Z')).toBe(
      Date.UTC(2026, 11, 1, 10, 0, 0, 500)
    );
  });

  it('agrees with Date.parse on any UTC time from 0001 to 9999, any fraction', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }),
        fc.constantFrom('', '000', '999'),
        (ms, micros) => {
          const time = new Date(ms).toISOString().replace('Z', `${micros}Z`);
          expect(timeOf(fixtureFinding({ time }))).toBe(Date.parse(time));
        }
      )
    );
  });

  it('leaves other spellings to Date.parse', () => {
    const time = '2026-12-01T12:00:00+02:00';
    expect(timeOf(fixtureFinding({ time }))).toBe(Date.UTC(2026, 11, 1, 10));
  });
});

describe('findingFacets', () => {
  it('gives the kinds, rules and parties present, "none" for unattributed', () => {
    expect(findingFacets(all)).toEqual({
      kinds: ['fire', 'weapons_in_zone'],
      rules: ['no-fire', 'withdraw-mlrs'],
      parties: ['A', 'B', UNATTRIBUTED],
    });
  });
});
