import type { StatusStyle } from './colors.js';

/**
 * Dots written straight into pixels, then put on the canvas at once. A
 * path of 100,000 squares costs little to build but hundreds of
 * milliseconds to rasterise in software (headless Chromium, no GPU); pixel
 * writes cost a few. Later dots overwrite earlier ones, as painting would.
 */
export class DotRaster {
  readonly image: ImageData;
  private readonly pixels: Uint32Array;

  constructor(ctx: CanvasRenderingContext2D, width: number, height: number) {
    this.image = ctx.createImageData(width, height);
    this.pixels = new Uint32Array(this.image.data.buffer);
  }

  fits(width: number, height: number): boolean {
    return this.image.width === width && this.image.height === height;
  }

  clear(): void {
    this.pixels.fill(0);
  }

  /** A square `size` px wide centred on (x, y), device pixels. */
  square(
    x: number,
    y: number,
    size: number,
    rgba: number,
    style: StatusStyle
  ): void {
    const { width, height } = this.image;
    const x0 = Math.round(x - size / 2);
    const y0 = Math.round(y - size / 2);
    const x1 = Math.min(x0 + size, width);
    const y1 = Math.min(y0 + size, height);
    const edge = Math.max(1, Math.round(size / 5));
    for (let py = Math.max(y0, 0); py < y1; py++) {
      const row = py * width;
      const rimY = py - y0 < edge || y0 + size - 1 - py < edge;
      for (let px = Math.max(x0, 0); px < x1; px++) {
        // A ring (provisional) is the square's rim only.
        if (
          style === 'ring' &&
          !rimY &&
          px - x0 >= edge &&
          x0 + size - 1 - px >= edge
        )
          continue;
        this.pixels[row + px] = rgba;
      }
    }
  }
}

/**
 * A CSS hex colour as the pixel value ImageData holds on little-endian
 * machines (every browser platform): bytes R, G, B, A in memory order.
 * `faint` mixes it 65 % towards white, for rejected findings.
 */
export function pixelOf(hex: string, style: StatusStyle): number {
  const value = Number.parseInt(hex.slice(1), 16);
  let r = (value >> 16) & 255;
  let g = (value >> 8) & 255;
  let b = value & 255;
  if (style === 'faint') {
    r = Math.round(r + (255 - r) * 0.65);
    g = Math.round(g + (255 - g) * 0.65);
    b = Math.round(b + (255 - b) * 0.65);
  }
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
}
