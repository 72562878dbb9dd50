import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { I_JSON_MAX_DEPTH, parseIJson } from './i-json.js';

describe('parseIJson', () => {
  describe('when the text is I-JSON', () => {
    const cases: [string, string, unknown][] = [
      ['an object', '{"a":1,"b":[true,null]}', { a: 1, b: [true, null] }],
      [
        'the same name in sibling objects',
        '[{"a":1},{"a":2}]',
        [{ a: 1 }, { a: 2 }],
      ],
      ['the same name at two depths', '{"a":{"a":1}}', { a: { a: 1 } }],
      [
        'a name that only looks like a duplicate',
        '{"a":"\\"a\\"","\\"a\\"":1}',
        { a: '"a"', '"a"': 1 },
      ],
      [
        'names after nested values',
        '{"a":[{"b":1}],"b":2}',
        { a: [{ b: 1 }], b: 2 },
      ],
      ['a surrogate pair escape', '"\\ud83d\\ude00"', '\u{1F600}'],
      ['a scalar', '5', 5],
    ];
    it.each(cases)('parses %s', (_d, text, want) => {
      expect(parseIJson(text)).toEqual(want);
    });
  });

  describe('when the text is not I-JSON', () => {
    const cases: [string, string][] = [
      ['not JSON', '{a:1}'],
      ['empty', ''],
      ['a duplicate name', '{"a":1,"a":2}'],
      ['a duplicate name spelled with escapes', '{"a":1,"\\u0061":2}'],
      ['a nested duplicate name', '{"x":[{"a":1,"b":{},"a":2}]}'],
      ['a lone surrogate escape', '"\\ud800"'],
      ['a lone surrogate in a name', '{"\\udc00":1}'],
      ['a number that overflows', '[1e400]'],
      [
        'nesting over the limit',
        '['.repeat(I_JSON_MAX_DEPTH + 1) + ']'.repeat(I_JSON_MAX_DEPTH + 1),
      ],
    ];
    it.each(cases)('rejects %s with JSON_INVALID', (_d, text) => {
      expect(() => parseIJson(text)).toThrowWithCode(CoreError, 'JSON_INVALID');
    });
  });
});
