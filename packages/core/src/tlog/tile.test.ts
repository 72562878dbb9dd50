import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import {
  TILE_HEIGHT,
  TILE_WIDTH,
  entryBundlePath,
  parseTilePath,
  tileNodeIds,
  tilePath,
  tileRefPath,
  tilesForSize,
} from './tile.js';
import type { TileRef } from './tile.js';

describe('tilePath', () => {
  it.each([
    [{ level: 0, index: 0, width: 256 }, 'tile/0/000'],
    [{ level: 0, index: 1, width: 44 }, 'tile/0/001.p/44'],
    [{ level: 1, index: 0, width: 1 }, 'tile/1/000.p/1'],
    [{ level: 2, index: 1000, width: 256 }, 'tile/2/x001/000'],
    [{ level: 0, index: 1234067, width: 256 }, 'tile/0/x001/x234/067'],
    [{ level: 63, index: 999, width: 255 }, 'tile/63/999.p/255'],
    [
      { level: 0, index: Number.MAX_SAFE_INTEGER, width: 256 },
      'tile/0/x009/x007/x199/x254/x740/991',
    ],
  ])('formats %o as %s', (tile, path) => {
    expect(tilePath(tile)).toBe(path);
  });

  describe.each([
    ['a negative level', { level: -1, index: 0, width: 256 }],
    ['level 64', { level: 64, index: 0, width: 256 }],
    ['a negative index', { level: 0, index: -1, width: 256 }],
    ['an unsafe index', { level: 0, index: 2 ** 53, width: 256 }],
    ['width 0', { level: 0, index: 0, width: 0 }],
    ['width 257', { level: 0, index: 0, width: 257 }],
    ['a fractional width', { level: 0, index: 0, width: 1.5 }],
  ])('when given %s', (_desc, tile) => {
    it('throws TLOG_TILE_INVALID', () => {
      expect(() => tilePath(tile)).toThrowWithCode(
        CoreError,
        'TLOG_TILE_INVALID'
      );
    });
  });
});

describe('entryBundlePath', () => {
  it('formats full and partial bundles', () => {
    expect(entryBundlePath(1234067, 256)).toBe('tile/entries/x001/x234/067');
    expect(entryBundlePath(1, 44)).toBe('tile/entries/001.p/44');
  });
});

describe('parseTilePath', () => {
  const valid: [string, TileRef][] = [
    ['tile/0/000', { kind: 'hash', level: 0, index: 0, width: 256 }],
    [
      'tile/0/x001/x234/067',
      { kind: 'hash', level: 0, index: 1234067, width: 256 },
    ],
    ['tile/1/000.p/1', { kind: 'hash', level: 1, index: 0, width: 1 }],
    ['tile/63/001.p/255', { kind: 'hash', level: 63, index: 1, width: 255 }],
    ['tile/entries/000', { kind: 'entries', index: 0, width: 256 }],
    ['tile/entries/x001/000.p/7', { kind: 'entries', index: 1000, width: 7 }],
  ];
  it.each(valid)('parses %s and formats it back', (path, ref) => {
    expect(parseTilePath(path)).toEqual(ref);
    expect(tileRefPath(ref)).toBe(path);
  });

  const invalid: [string, string][] = [
    ['an index without leading zeros', 'tile/0/1'],
    ['a 4-digit last element', 'tile/0/0001'],
    ['a leading x000 element', 'tile/0/x000/001'],
    ['a missing x prefix', 'tile/0/001/234'],
    ['an x on the last element', 'tile/0/x001'],
    ['a level with a leading zero', 'tile/01/000'],
    ['level 64', 'tile/64/000'],
    ['level 100', 'tile/100/000'],
    ['a negative level', 'tile/-1/000'],
    ['width 0', 'tile/0/000.p/0'],
    ['width 256 on a partial tile', 'tile/0/000.p/256'],
    ['a width with a leading zero', 'tile/0/000.p/044'],
    ['an empty width', 'tile/0/000.p/'],
    ['a trailing slash', 'tile/0/000/'],
    ['a leading slash', '/tile/0/000'],
    ['an absent prefix', '0/000'],
    ['an unknown kind', 'tile/data/000'],
    ['an index beyond 2^53', 'tile/0/x009/x007/x199/x254/x740/992'],
    ['too many index elements', 'tile/0/x001/x001/x001/x001/x001/x001/001'],
    ['whitespace', 'tile/0/000 '],
    ['a query string', 'tile/0/000?x'],
    ['an empty string', ''],
  ];
  describe.each(invalid)('when given %s', (_desc, path) => {
    it('throws TLOG_TILE_INVALID', () => {
      expect(() => parseTilePath(path)).toThrowWithCode(
        CoreError,
        'TLOG_TILE_INVALID'
      );
    });
  });

  describe('when given a non-string', () => {
    it('throws TLOG_TILE_INVALID', () => {
      expect(() => parseTilePath(42 as unknown as string)).toThrowWithCode(
        CoreError,
        'TLOG_TILE_INVALID'
      );
    });
  });
});

describe('tileNodeIds', () => {
  it('lists the nodes at tree height level * 8', () => {
    expect(TILE_HEIGHT * 2).toBe(16);
    expect(tileNodeIds(2, 3, 2)).toEqual([
      { level: 16, index: 768 },
      { level: 16, index: 769 },
    ]);
    expect(tileNodeIds(0, 1, TILE_WIDTH)).toHaveLength(256);
  });

  describe('when the nodes would pass 2^53', () => {
    it('throws TLOG_TILE_INVALID', () => {
      expect(() => tileNodeIds(0, 2 ** 46, 256)).toThrowWithCode(
        CoreError,
        'TLOG_TILE_INVALID'
      );
    });
  });
});

describe('tilesForSize', () => {
  const paths = (size: number) => tilesForSize(size).map(tileRefPath);

  it('is empty for the empty tree', () => {
    expect(tilesForSize(0)).toEqual([]);
  });

  it('lists the tiles of the 300-leaf Sunlight test log', () => {
    expect(paths(300)).toEqual([
      'tile/0/000',
      'tile/0/001.p/44',
      'tile/1/000.p/1',
      'tile/entries/000',
      'tile/entries/001.p/44',
    ]);
  });

  it('has a partial level-1 tile for size 256 (tlog-tiles example)', () => {
    expect(paths(256)).toEqual([
      'tile/0/000',
      'tile/1/000.p/1',
      'tile/entries/000',
    ]);
  });

  it('matches the tlog-tiles example for size 70,000', () => {
    const refs = tilesForSize(70000);
    const hash = refs.filter((r) => r.kind === 'hash');
    const count = (level: number, width: number) =>
      hash.filter((r) => r.level === level && r.width === width).length;
    expect(count(0, 256)).toBe(273);
    expect(count(0, 112)).toBe(1);
    expect(count(1, 256)).toBe(1);
    expect(count(1, 17)).toBe(1);
    expect(count(2, 1)).toBe(1);
    expect(hash).toHaveLength(277);
    expect(refs.filter((r) => r.kind === 'entries')).toHaveLength(274);
  });

  describe.each([-1, 0.5, 2 ** 53])('when the size is %s', (size) => {
    it('throws TLOG_SIZE_INVALID', () => {
      expect(() => tilesForSize(size)).toThrowWithCode(
        CoreError,
        'TLOG_SIZE_INVALID'
      );
    });
  });
});
