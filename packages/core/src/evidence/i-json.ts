import { CoreError } from '../errors.js';

/** Nesting limit for parsed documents (see CANONICAL_JSON_MAX_DEPTH). */
export const I_JSON_MAX_DEPTH = 256;

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function invalid(message: string, cause?: unknown): never {
  throw new CoreError('JSON_INVALID', message, { cause });
}

// The index of the quote that closes the string opening at `start`.
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

// JSON.parse keeps the last of duplicate member names, where other parsers
// keep the first or fail: signed data with duplicates would mean different
// things to different verifiers (RFC 7493 §2.3). `text` is already known to
// be valid JSON, so a scan that tracks strings and brackets suffices.
function checkNoDuplicateNames(text: string): void {
  const stack: (Set<string> | null)[] = [];
  let expectName = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      if (expectName) {
        const names = stack[stack.length - 1];
        // Only a name with escapes needs decoding to compare it.
        const escaped = text.lastIndexOf('\\', end) > i;
        const name = escaped
          ? (JSON.parse(text.slice(i, end + 1)) as string)
          : text.slice(i + 1, end);
        if (names?.has(name))
          invalid(`duplicate member name ${JSON.stringify(name)}`);
        names?.add(name);
        expectName = false;
      }
      i = end;
    } else if (c === 0x7b /* { */) {
      stack.push(new Set());
      expectName = true;
    } else if (c === 0x5b /* [ */) {
      stack.push(null);
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      expectName = stack[stack.length - 1] instanceof Set;
    }
  }
}

// Names per object in the text, in the order the objects open.
function countNames(text: string): number[] {
  const counts: number[] = [];
  const open: number[] = []; // index into counts, or -1 for an array
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i = stringEnd(text, i);
    } else if (c === 0x7b /* { */) {
      open.push(counts.length);
      counts.push(0);
    } else if (c === 0x5b /* [ */) {
      open.push(-1);
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      open.pop();
    } else if (c === 0x3a /* : */) {
      counts[open[open.length - 1]!]!++;
    }
  }
  return counts;
}

function sameCounts(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// Also collects each object's member count, in the order objects open.
function checkValues(
  value: unknown,
  depth: number,
  strings: boolean,
  counts: number[]
): void {
  if (typeof value === 'string') {
    if (strings && LONE_SURROGATE.test(value)) {
      invalid('string contains a lone surrogate');
    }
  } else if (typeof value === 'number') {
    // RFC 7493 §2.2: a number that overflows a double is not I-JSON.
    if (!Number.isFinite(value)) invalid('number out of range');
  } else if (typeof value === 'object' && value !== null) {
    if (depth >= I_JSON_MAX_DEPTH) invalid('nesting is too deep');
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (!Array.isArray(value)) counts.push(keys.length);
    for (const key of keys) {
      if (strings && LONE_SURROGATE.test(key)) {
        invalid('name contains a lone surrogate');
      }
      checkValues(record[key], depth + 1, strings, counts);
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
  // A parsed string can hold a lone surrogate only if the text has one or a
  // \u escape; without either, only numbers and depth need checking.
  const strings = text.includes('\\u') || LONE_SURROGATE.test(text);
  const counts: number[] = [];
  checkValues(value, 0, strings, counts);
  // JSON.parse keeps one member per name, so a duplicate leaves some object
  // with fewer keys than names in the text (the first such object opens at
  // the same position in both orders). Only then scan for the name.
  if (!sameCounts(counts, countNames(text))) checkNoDuplicateNames(text);
  return value;
}
