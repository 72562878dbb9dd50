import { utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';

/**
 * Nesting limit. Our documents are a few levels deep; the limit turns
 * hostile, deeply nested input into our error instead of a stack overflow.
 */
export const CANONICAL_JSON_MAX_DEPTH = 256;

// With the `u` flag a well-formed surrogate pair is one code point, so this
// only matches lone surrogates, which I-JSON (RFC 7493 §2.1) forbids.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function fail(message: string): never {
  throw new CoreError('JSON_NOT_CANONICALIZABLE', message);
}

function serializeString(text: string): string {
  if (LONE_SURROGATE.test(text)) fail('string contains a lone surrogate');
  // RFC 8785 §3.2.2.2 defines string escaping as ECMAScript's
  // JSON.stringify, which is exactly this call for well-formed strings.
  return JSON.stringify(text);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function serialize(value: unknown, depth: number, path: object[]): string {
  switch (typeof value) {
    case 'string':
      return serializeString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // RFC 8785 §3.2.2.3: ECMAScript Number::toString; -0 prints as "0".
      if (!Number.isFinite(value)) fail(`number ${value} is not finite`);
      return String(value);
    case 'object':
      break;
    default:
      return fail(`${typeof value} is not a JSON value`);
  }
  if (value === null) return 'null';
  if (depth >= CANONICAL_JSON_MAX_DEPTH) fail('nesting is too deep');
  if (path.includes(value)) fail('value contains a cycle');
  path.push(value);
  let out: string;
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (let i = 0; i < value.length; i++) {
      parts.push(serialize(value[i], depth + 1, path));
    }
    out = `[${parts.join(',')}]`;
  } else {
    if (!isPlainObject(value)) fail('only plain objects are JSON objects');
    if (Object.getOwnPropertySymbols(value).length > 0) {
      fail('object has symbol keys');
    }
    const record = value as Record<string, unknown>;
    // RFC 8785 §3.2.3: sort by UTF-16 code units, which is what the default
    // Array.prototype.sort comparison does.
    const keys = Object.keys(record).sort();
    const parts = keys.map(
      (key) =>
        `${serializeString(key)}:${serialize(record[key], depth + 1, path)}`
    );
    out = `{${parts.join(',')}}`;
  }
  path.pop();
  return out;
}

/**
 * Serialises a JSON value per RFC 8785 (JCS), throwing
 * JSON_NOT_CANONICALIZABLE for anything that is not I-JSON.
 * @example canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, 0, []);
}

/** The UTF-8 bytes of `canonicalJson(value)`, as hashed and signed. */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return utf8Encode(canonicalJson(value));
}
