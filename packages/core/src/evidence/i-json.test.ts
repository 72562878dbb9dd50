import fc from 'fast-check';
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
      [
        'a raw surrogate pair',
        '{"\u{1F600}":"\u{1F600}"}',
        { '\u{1F600}': '\u{1F600}' },
      ],
      [
        'values ending in escaped backslashes',
        '{"a":"\\\\","b":"\\\\\\"\\\\"}',
        { a: '\\', b: '\\"\\' },
      ],
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
      ['a raw lone surrogate', '["\uD800"]'],
      ['a raw lone surrogate in a name', '{"\uDC00":1}'],
      ['a duplicate after an escaped backslash', '{"a":"x\\\\","a":1}'],
      ['a duplicate name with an escaped quote', '{"\\"":1,"\\"":2}'],
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

// The straightforward scan parseIJson was first written as: the fast paths
// must decide every text the same way, with the same message.
function referenceParseIJson(text: string): unknown {
  const lone = /[\uD800-\uDFFF]/u;
  const value = JSON.parse(text) as unknown;
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === 'string') {
      if (lone.test(v)) throw new Error('string contains a lone surrogate');
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new Error('number out of range');
    } else if (typeof v === 'object' && v !== null) {
      if (depth >= I_JSON_MAX_DEPTH) throw new Error('nesting is too deep');
      for (const key of Object.keys(v)) {
        if (lone.test(key)) throw new Error('name contains a lone surrogate');
        walk((v as Record<string, unknown>)[key], depth + 1);
      }
    }
  };
  walk(value, 0);
  const stack: (Set<string> | null)[] = [];
  let expectName = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (expectName) {
        const names = stack[stack.length - 1];
        const name = JSON.parse(text.slice(i, end + 1)) as string;
        if (names?.has(name)) {
          throw new Error(`duplicate member name ${JSON.stringify(name)}`);
        }
        names?.add(name);
        expectName = false;
      }
      i = end;
    } else if (c === '{') {
      stack.push(new Set());
      expectName = true;
    } else if (c === '[') {
      stack.push(null);
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      expectName = stack[stack.length - 1] instanceof Set;
    }
  }
  return value;
}

function outcome(parse: (text: string) => unknown, text: string) {
  try {
    return { value: parse(text) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe('parseIJson against the reference scan', () => {
  // JSON texts whose names and strings are drawn from spellings that
  // collide, escape quotes and backslashes, or hold lone surrogates.
  const piece = fc.constantFrom(
    'a',
    'b',
    '\\u0061',
    '\\"',
    '\\\\',
    '\\\\\\"',
    '\\ud800',
    '\\ud83d\\ude00',
    '\uD800',
    '\u{1F600}',
    'é'
  );
  const str = fc.array(piece, { maxLength: 3 }).map((p) => `"${p.join('')}"`);
  const { json } = fc.letrec<{ json: string }>((tie) => ({
    json: fc.oneof(
      { depthSize: 'small' },
      str,
      fc.constantFrom('1', '-0.5', '1e400', 'true', 'null'),
      fc
        .array(tie('json'), { maxLength: 4 })
        .map((items) => `[${items.join(',')}]`),
      fc
        .array(fc.tuple(str, tie('json')), { maxLength: 4 })
        .map((members) => `{${members.map(([k, v]) => `${k}:${v}`).join(',')}}`)
    ),
  }));

  it('accepts and rejects the same texts, with the same message', () => {
    fc.assert(
      fc.property(json, (text) => {
        expect(outcome(parseIJson, text)).toEqual(
          outcome(referenceParseIJson, text)
        );
      }),
      { numRuns: 3000 }
    );
  });
});
