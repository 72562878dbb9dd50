/// <reference types="vite/client" />
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexDecode, utf8Decode } from '../bytes.js';
import { CoreError } from '../errors.js';
import {
  CANONICAL_JSON_MAX_DEPTH,
  canonicalJson,
  canonicalJsonBytes,
} from './canonical-json.js';

type TextVector = { desc: string; input: string; want: string };
type NumberVector = {
  desc: string;
  rows: { ieee754: string; want?: string; wantErr?: string }[];
};

const textVectors = Object.entries(
  import.meta.glob<TextVector>('../../test-vectors/canonical-json/*.json', {
    eager: true,
    import: 'default',
  })
);
const numberVectors = Object.values(
  import.meta.glob<NumberVector>(
    '../../test-vectors/canonical-json-numbers/*.json',
    { eager: true, import: 'default' }
  )
);

function doubleFromHex(hex: string): number {
  return new DataView(hexDecode(hex).buffer).getFloat64(0);
}

// Sorts object keys recursively: JSON.stringify of the result is an
// independent oracle for canonicalJson on I-JSON values.
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((k) => [k, sortKeys(record[k])])
    );
  }
  return value;
}

describe('canonicalJson', () => {
  it('has test vectors', () => {
    expect(textVectors.length).toBeGreaterThan(5);
    expect(numberVectors.length).toBeGreaterThan(0);
  });

  describe.each(textVectors)('vector %s', (_file, vector) => {
    it(vector.desc, () => {
      expect(canonicalJson(JSON.parse(vector.input))).toBe(vector.want);
    });
  });

  describe('when given the RFC 8785 Appendix B numbers', () => {
    const rows = numberVectors.flatMap((v) => v.rows);
    it.each(rows)('serialises $ieee754', (row) => {
      const value = doubleFromHex(row.ieee754);
      if (row.wantErr !== undefined) {
        expect(() => canonicalJson(value)).toThrowWithCode(
          CoreError,
          row.wantErr
        );
      } else {
        expect(canonicalJson(value)).toBe(row.want);
      }
    });
  });

  describe('when the value is not I-JSON', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    let deep: unknown = 0;
    for (let i = 0; i < CANONICAL_JSON_MAX_DEPTH + 1; i++) deep = [deep];
    const cases: [string, unknown][] = [
      ['NaN', NaN],
      ['-Infinity', -Infinity],
      ['undefined', undefined],
      ['an undefined property', { a: undefined }],
      ['a sparse array', new Array<number>(2)],
      ['a function', () => 1],
      ['a bigint', 1n],
      ['a symbol', Symbol('s')],
      ['a symbol key', { [Symbol('s')]: 1 }],
      ['a lone high surrogate', '\uD800'],
      ['a lone low surrogate in a key', { '\uDC00': 1 }],
      ['a Date', new Date(0)],
      ['a Map', new Map()],
      ['a Uint8Array', new Uint8Array(1)],
      ['a cycle', cyclic],
      ['nesting over the limit', deep],
    ];
    it.each(cases)('rejects %s with JSON_NOT_CANONICALIZABLE', (_d, value) => {
      expect(() => canonicalJson(value)).toThrowWithCode(
        CoreError,
        'JSON_NOT_CANONICALIZABLE'
      );
    });
  });

  describe('when given edge values', () => {
    const cases: [string, unknown, string][] = [
      ['-0 as 0', -0, '0'],
      ['a null-prototype object', Object.create(null) as object, '{}'],
      ['a surrogate pair literally', '\uD83D\uDE00', '"\uD83D\uDE00"'],
      ['a shared (non-cyclic) subtree twice', [[1], [1]], '[[1],[1]]'],
    ];
    it.each(cases)('serialises %s', (_d, value, want) => {
      expect(canonicalJson(value)).toBe(want);
    });

    it('serialises nesting up to the limit', () => {
      let deep: unknown = 0;
      for (let i = 0; i < CANONICAL_JSON_MAX_DEPTH; i++) deep = [deep];
      expect(canonicalJson(deep)).toHaveLength(
        2 * CANONICAL_JSON_MAX_DEPTH + 1
      );
    });
  });

  describe('when checked against properties', () => {
    const json = fc.jsonValue({ stringUnit: 'grapheme' });

    it('parses back to the same value as plain JSON does', () => {
      // RFC 8785 §3.2.2.3 writes -0 as 0, as JSON.stringify does, so the
      // oracle is a plain JSON round trip, not the value itself (toEqual
      // tells -0 from 0: fast-check found [[-0]]).
      fc.assert(
        fc.property(json, (value) => {
          expect(JSON.parse(canonicalJson(value))).toEqual(
            JSON.parse(JSON.stringify(value))
          );
        })
      );
    });

    it('is idempotent', () => {
      fc.assert(
        fc.property(json, (value) => {
          const once = canonicalJson(value);
          expect(canonicalJson(JSON.parse(once))).toBe(once);
        })
      );
    });

    it('equals JSON.stringify with recursively sorted keys', () => {
      fc.assert(
        fc.property(json, (value) => {
          expect(canonicalJson(value)).toBe(JSON.stringify(sortKeys(value)));
        })
      );
    });

    it('ignores key insertion order', () => {
      fc.assert(
        fc.property(fc.dictionary(fc.string(), fc.integer()), (record) => {
          const reversed = Object.fromEntries(Object.entries(record).reverse());
          expect(canonicalJson(reversed)).toBe(canonicalJson(record));
        })
      );
    });
  });
});

describe('canonicalJsonBytes', () => {
  it('is the UTF-8 of canonicalJson', () => {
    const bytes = canonicalJsonBytes({ b: '€', a: 1 });
    expect(utf8Decode(bytes)).toBe('{"a":1,"b":"€"}');
    expect(bytes).toHaveLength(17); // "€" is 3 bytes
  });
});
