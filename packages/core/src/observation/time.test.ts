import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { formatRfc3339Micros, parseRfc3339Micros } from './time.js';

// -(2^53 - 1) µs; Date, which truncates toward zero, shows 1684-07-28T00:12:25.260Z.
const MIN_TEXT = '1684-07-28T00:12:25.259009Z';
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

describe('parseRfc3339Micros', () => {
  describe('when the timestamp is valid', () => {
    const cases: [string, number][] = [
      ['1970-01-01T00:00:00Z', 0],
      ['1970-01-01T00:00:00.000001Z', 1],
      ['1970-01-01T00:00:01.5Z', 1_500_000],
      ['1969-12-31T23:59:59.999999Z', -1],
      ['2000-02-29T00:00:00Z', 951_782_400_000_000],
      ['2026-12-01T00:00:00Z', 1_796_083_200_000_000],
      ['2024-12-31T23:59:59Z', 1_735_689_599_000_000],
      ['2255-06-05T23:47:34.740991Z', MAX_SAFE],
    ];
    it.each(cases)('parses %s', (text, want) => {
      expect(parseRfc3339Micros(text)).toBe(want);
    });

    it('agrees with Date.parse at millisecond precision', () => {
      fc.assert(
        fc.property(
          fc.date({
            min: new Date('1900-01-01T00:00:00Z'),
            max: new Date('2200-01-01T00:00:00Z'),
            noInvalidDate: true,
          }),
          (date) => {
            const text = date.toISOString();
            expect(parseRfc3339Micros(text)).toBe(Date.parse(text) * 1000);
          }
        )
      );
    });
  });

  describe('when the timestamp is invalid', () => {
    const cases: [string, string][] = [
      ['a date only', '2026-01-01'],
      ['an offset instead of Z', '2026-01-01T00:00:00+00:00'],
      ['a lower-case z', '2026-01-01T00:00:00z'],
      ['a lower-case t', '2026-01-01t00:00:00Z'],
      ['a space separator', '2026-01-01 00:00:00Z'],
      ['7 fractional digits', '2026-01-01T00:00:00.0000001Z'],
      ['an empty fraction', '2026-01-01T00:00:00.Z'],
      ['February 30', '2026-02-30T00:00:00Z'],
      ['February 29 in a common year', '2100-02-29T00:00:00Z'],
      ['April 31', '2026-04-31T00:00:00Z'],
      ['month 13', '2026-13-01T00:00:00Z'],
      ['month 0', '2026-00-01T00:00:00Z'],
      ['day 0', '2026-01-00T00:00:00Z'],
      ['hour 24', '2026-01-01T24:00:00Z'],
      ['minute 60', '2026-01-01T00:60:00Z'],
      ['a leap second', '2016-12-31T23:59:60Z'],
      ['non-ASCII digits', '２026-01-01T00:00:00Z'],
      ['a year past the safe range', '2255-06-05T23:47:34.740992Z'],
      ['year 0000', '0000-01-01T00:00:00Z'],
      ['trailing text', '2026-01-01T00:00:00Z '],
      ['empty', ''],
    ];
    it.each(cases)('rejects %s with TIME_INVALID', (_d, text) => {
      expect(() => parseRfc3339Micros(text)).toThrowWithCode(
        CoreError,
        'TIME_INVALID'
      );
    });

    it('rejects it right after the same text failed, or a valid one parsed', () => {
      for (const text of ['2026-02-30T00:00:00Z', '']) {
        parseRfc3339Micros('2026-01-01T00:00:00Z');
        expect(() => parseRfc3339Micros(text)).toThrowWithCode(
          CoreError,
          'TIME_INVALID'
        );
        expect(() => parseRfc3339Micros(text)).toThrowWithCode(
          CoreError,
          'TIME_INVALID'
        );
      }
    });
  });

  describe('when the same text is parsed again (it is cached)', () => {
    it('gives the same micros, alternating with others', () => {
      const a = '2026-01-01T00:00:00.5Z';
      const b = '1969-12-31T23:59:59.999999Z';
      for (let i = 0; i < 3; i++) {
        expect(parseRfc3339Micros(a)).toBe(1_767_225_600_500_000);
        expect(parseRfc3339Micros(a)).toBe(1_767_225_600_500_000);
        expect(parseRfc3339Micros(b)).toBe(-1);
      }
    });
  });
});

describe('formatRfc3339Micros', () => {
  const cases: [number, string][] = [
    [0, '1970-01-01T00:00:00Z'],
    [1, '1970-01-01T00:00:00.000001Z'],
    [1_500_000, '1970-01-01T00:00:01.5Z'],
    [-1, '1969-12-31T23:59:59.999999Z'],
    [951_782_400_000_000, '2000-02-29T00:00:00Z'],
    [MAX_SAFE, '2255-06-05T23:47:34.740991Z'],
    [-MAX_SAFE, MIN_TEXT],
  ];
  it.each(cases)('formats %d as %s', (micros, want) => {
    expect(formatRfc3339Micros(micros)).toBe(want);
  });

  it('round-trips through parseRfc3339Micros', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_SAFE, max: MAX_SAFE }), (micros) => {
        expect(parseRfc3339Micros(formatRfc3339Micros(micros))).toBe(micros);
      })
    );
  });

  describe('when micros is not a safe integer', () => {
    it.each([0.5, NaN, Infinity, MAX_SAFE + 1])(
      'rejects %d with TIME_INVALID',
      (micros) => {
        expect(() => formatRfc3339Micros(micros)).toThrowWithCode(
          CoreError,
          'TIME_INVALID'
        );
      }
    );
  });
});
