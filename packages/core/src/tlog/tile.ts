import { bytesConcat } from '../bytes.js';
import { assertTreeSize, isUint, tlogError } from './internal.js';
import type { HashReader, NodeId } from './node.js';
import { readNodeHashes } from './node-range.js';

// C2SP tlog-tiles, "Merkle Tree" and "Log entries" sections.

/** Tree levels spanned by one tile (tlog-tiles: tiles are subtrees of height 8). */
export const TILE_HEIGHT = 8;

/** Hashes (or entries) in a full tile. */
export const TILE_WIDTH = 256;

/** Highest tile level a path may name (tlog-tiles: `<L>` is 0 to 63). */
export const TILE_MAX_LEVEL = 63;

/** A hash tile: `width` consecutive node hashes at tree height level * 8. */
export type HashTileRef = {
  kind: 'hash';
  level: number;
  index: number;
  width: number;
};

/** An entry bundle: `width` consecutive entries from index * 256. */
export type EntryBundleRef = { kind: 'entries'; index: number; width: number };

/** Any resource under `tile/`. */
export type TileRef = HashTileRef | EntryBundleRef;

function invalid(message: string): never {
  throw tlogError('TLOG_TILE_INVALID', message);
}

function checkIndexWidth(index: number, width: number): void {
  if (!isUint(index)) {
    invalid(`tile index ${String(index)} is not a safe non-negative integer`);
  }
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) {
    invalid(`tile width ${String(width)} is not between 1 and ${TILE_WIDTH}`);
  }
}

function checkLevel(level: number): void {
  if (!Number.isInteger(level) || level < 0 || level > TILE_MAX_LEVEL) {
    invalid(
      `tile level ${String(level)} is not between 0 and ${TILE_MAX_LEVEL}`
    );
  }
}

/** Encodes a tile index as 3-digit path elements, all but the last prefixed by `x`. */
function encodeTileIndex(index: number): string {
  let digits = String(index);
  digits = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const parts: string[] = [];
  for (let i = 0; i < digits.length; i += 3) parts.push(digits.slice(i, i + 3));
  return parts
    .map((part, i) => (i < parts.length - 1 ? `x${part}` : part))
    .join('/');
}

function suffix(width: number): string {
  return width === TILE_WIDTH ? '' : `.p/${width}`;
}

/**
 * Formats a hash tile path, `tile/<L>/<N>[.p/<W>]`; width 256 is a full tile.
 * @example tilePath({ level: 0, index: 1234067, width: 256 }) // 'tile/0/x001/x234/067'
 */
export function tilePath(tile: {
  level: number;
  index: number;
  width: number;
}): string {
  checkLevel(tile.level);
  checkIndexWidth(tile.index, tile.width);
  return `tile/${tile.level}/${encodeTileIndex(tile.index)}${suffix(tile.width)}`;
}

/** Formats an entry bundle path, `tile/entries/<N>[.p/<W>]`. */
export function entryBundlePath(index: number, width: number): string {
  checkIndexWidth(index, width);
  return `tile/entries/${encodeTileIndex(index)}${suffix(width)}`;
}

/** Formats the path of any tile reference. */
export function tileRefPath(ref: TileRef): string {
  return ref.kind === 'entries'
    ? entryBundlePath(ref.index, ref.width)
    : tilePath(ref);
}

// At most 6 index elements: 18 digits cover every safe integer.
const TILE_PATH =
  /^tile\/(entries|[0-9]{1,2})\/((?:x[0-9]{3}\/){0,5}[0-9]{3})(?:\.p\/([0-9]{1,3}))?$/;

/**
 * Parses a tile or entry bundle path strictly: anything but the one
 * canonical spelling (leading zeros, `x000/` prefixes, `.p/256`, `.p/0`,
 * level above 63) throws TLOG_TILE_INVALID.
 */
export function parseTilePath(path: string): TileRef {
  if (typeof path !== 'string') invalid('tile path is not a string');
  const match = TILE_PATH.exec(path);
  if (match === null) {
    invalid(`not a tile path: ${JSON.stringify(path.slice(0, 100))}`);
  }
  const [, levelText, indexText, widthText] = match;
  const index = Number(indexText!.replaceAll('x', '').replaceAll('/', ''));
  const width = widthText === undefined ? TILE_WIDTH : Number(widthText);
  if (widthText !== undefined && width >= TILE_WIDTH) {
    invalid('partial tile width must be below 256');
  }
  const ref: TileRef =
    levelText === 'entries'
      ? { kind: 'entries', index, width }
      : { kind: 'hash', level: Number(levelText), index, width };
  // Re-formatting rejects every non-canonical spelling in one place.
  if (tileRefPath(ref) !== path) invalid(`non-canonical tile path: ${path}`);
  return ref;
}

/**
 * Lists the full nodes a hash tile holds: `width` nodes at tree height
 * `level * 8`, starting at node `index * 256`.
 */
export function tileNodeIds(
  level: number,
  index: number,
  width: number
): NodeId[] {
  checkLevel(level);
  checkIndexWidth(index, width);
  const first = index * TILE_WIDTH;
  if (!Number.isSafeInteger(first + width)) {
    invalid('tile index is out of range');
  }
  return Array.from({ length: width }, (_, i) => ({
    level: level * TILE_HEIGHT,
    index: first + i,
  }));
}

/** Reads the bytes of a hash tile from stored full nodes. */
export function readHashTile(
  tile: { level: number; index: number; width: number },
  reader: HashReader
): Uint8Array {
  return bytesConcat(
    ...readNodeHashes(reader, tileNodeIds(tile.level, tile.index, tile.width))
  );
}

/**
 * Lists every hash tile and entry bundle, full and partial, that describes
 * the tree of `size` leaves (tlog-tiles "Partial Tiles"), level by level.
 */
export function tilesForSize(size: number): TileRef[] {
  assertTreeSize(size);
  const refs: TileRef[] = [];
  const entries: TileRef[] = [];
  // `count` is the number of hashes at this tile level: floor(size / 256^level).
  for (
    let level = 0, count = size;
    count > 0;
    level++, count = Math.floor(count / TILE_WIDTH)
  ) {
    const full = Math.floor(count / TILE_WIDTH);
    const partial = count % TILE_WIDTH;
    for (let index = 0; index <= full; index++) {
      const width = index < full ? TILE_WIDTH : partial;
      if (width === 0) continue;
      refs.push({ kind: 'hash', level, index, width });
      if (level === 0) entries.push({ kind: 'entries', index, width });
    }
  }
  return [...refs, ...entries];
}
