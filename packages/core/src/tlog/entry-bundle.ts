import { tlogError } from './internal.js';
import { TILE_WIDTH } from './tile.js';

// C2SP tlog-tiles "Log entries": a bundle is a sequence of big-endian
// uint16 length-prefixed entries, 1 to 256 of them.

/** Largest entry a bundle can carry (uint16 length prefix). */
export const MAX_ENTRY_SIZE = 0xffff;

/** Encodes 1 to 256 entries, each at most 65,535 bytes, as an entry bundle. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length < 1 || entries.length > TILE_WIDTH) {
    throw tlogError(
      'TLOG_TILE_INVALID',
      `a bundle holds 1 to ${TILE_WIDTH} entries`
    );
  }
  let length = 0;
  for (const entry of entries) {
    if (entry.length > MAX_ENTRY_SIZE) {
      throw tlogError(
        'TLOG_ENTRY_TOO_LARGE',
        `entry of ${entry.length} bytes exceeds ${MAX_ENTRY_SIZE}`
      );
    }
    length += 2 + entry.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const entry of entries) {
    out[offset] = entry.length >> 8;
    out[offset + 1] = entry.length & 0xff;
    out.set(entry, offset + 2);
    offset += 2 + entry.length;
  }
  return out;
}

/**
 * Decodes an entry bundle, throwing TLOG_TILE_INVALID on truncation, on
 * trailing bytes, on more than 256 entries, or when `expectedWidth` is
 * given and the count differs.
 */
export function decodeEntryBundle(
  bytes: Uint8Array,
  expectedWidth?: number
): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (entries.length === TILE_WIDTH) {
      throw tlogError(
        'TLOG_TILE_INVALID',
        `bundle holds more than ${TILE_WIDTH} entries`
      );
    }
    if (offset + 2 > bytes.length) {
      throw tlogError(
        'TLOG_TILE_INVALID',
        'bundle ends inside a length prefix'
      );
    }
    const length = (bytes[offset]! << 8) | bytes[offset + 1]!;
    const start = offset + 2;
    if (start + length > bytes.length) {
      throw tlogError('TLOG_TILE_INVALID', 'bundle ends inside an entry');
    }
    entries.push(bytes.slice(start, start + length));
    offset = start + length;
  }
  if (entries.length === 0) {
    throw tlogError('TLOG_TILE_INVALID', 'bundle is empty');
  }
  if (expectedWidth !== undefined && entries.length !== expectedWidth) {
    throw tlogError(
      'TLOG_TILE_INVALID',
      `bundle holds ${entries.length} entries, expected ${expectedWidth}`
    );
  }
  return entries;
}
