import { describe, expect, it } from 'vitest';
import { DotRaster, pixelOf } from './dot-raster.js';

// ImageData without a DOM: the raster only needs width, height and data.
function rasterOf(width: number, height: number): DotRaster {
  const ctx = {
    createImageData: (w: number, h: number) =>
      ({
        width: w,
        height: h,
        data: new Uint8ClampedArray(w * h * 4),
      }) as ImageData,
  } as CanvasRenderingContext2D;
  return new DotRaster(ctx, width, height);
}

function painted(r: DotRaster): string[] {
  const { width, height, data } = r.image;
  const rows: string[] = [];
  for (let y = 0; y < height; y++) {
    let row = '';
    for (let x = 0; x < width; x++)
      row += data[(y * width + x) * 4 + 3] === 0 ? '.' : '#';
    rows.push(row);
  }
  return rows;
}

describe('pixelOf', () => {
  it('lays out R, G, B, A in memory order on little-endian platforms', () => {
    const bytes = new Uint8Array(
      Uint32Array.of(pixelOf('#0072b2', 'filled')).buffer
    );
    expect(Array.from(bytes)).toEqual([0x00, 0x72, 0xb2, 255]);
  });

  it('mixes faint colours 65 % towards white', () => {
    const bytes = new Uint8Array(
      Uint32Array.of(pixelOf('#000000', 'faint')).buffer
    );
    expect(Array.from(bytes)).toEqual([166, 166, 166, 255]);
  });
});

describe('DotRaster', () => {
  it('fills a square for a filled dot and only its rim for a ring', () => {
    const r = rasterOf(12, 5);
    r.square(2.5, 2.5, 5, pixelOf('#ff0000', 'filled'), 'filled');
    r.square(8.5, 2.5, 5, pixelOf('#ff0000', 'ring'), 'ring');
    expect(painted(r)).toEqual([
      '#####.#####.',
      '#####.#...#.',
      '#####.#...#.',
      '#####.#...#.',
      '#####.#####.',
    ]);
  });

  it('clips dots at the edges instead of wrapping to the next row', () => {
    const r = rasterOf(4, 3);
    r.square(0, 0, 3, pixelOf('#ff0000', 'filled'), 'filled');
    r.square(4, 2, 3, pixelOf('#ff0000', 'filled'), 'filled');
    expect(painted(r)).toEqual(['##..', '##.#', '...#']);
    r.clear();
    expect(painted(r)).toEqual(['....', '....', '....']);
    expect(r.fits(4, 3)).toBe(true);
  });
});
