import { CoreError } from '../errors.js';

/** Nesting limit for parsed documents (see CANONICAL_JSON_MAX_DEPTH). */
export const I_JSON_MAX_DEPTH = 256;

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function invalid(message: string, cause?: unknown): never {
  throw new CoreError('JSON_INVALID', message, { cause });
}

// JSON.parse keeps the last of duplicate member names, where other parsers
// keep the first or fail: signed data with duplicates would mean different
// things to different verifiers (RFC 7493 §2.3). `text` is already known to
// be valid JSON, so a scan that tracks strings and brackets suffices.
function checkNoDuplicateNames(text: string): void {
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
        if (names?.has(name))
          invalid(`duplicate member name ${JSON.stringify(name)}`);
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
}

function checkValues(value: unknown, depth: number): void {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) invalid('string contains a lone surrogate');
  } else if (typeof value === 'number') {
    // RFC 7493 §2.2: a number that overflows a double is not I-JSON.
    if (!Number.isFinite(value)) invalid('number out of range');
  } else if (typeof value === 'object' && value !== null) {
    if (depth >= I_JSON_MAX_DEPTH) invalid('nesting is too deep');
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (LONE_SURROGATE.test(key)) invalid('name contains a lone surrogate');
      checkValues(record[key], depth + 1);
    }
  }
}

/**
 * Parses JSON text that must also be I-JSON (RFC 7493): unique member names,
 * no lone surrogates, numbers within double range. Throws JSON_INVALID.
 */
export function parseIJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    invalid('not JSON', err);
  }
  checkValues(value, 0);
  checkNoDuplicateNames(text);
  return value;
}
