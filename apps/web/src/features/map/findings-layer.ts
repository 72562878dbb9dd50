import L from 'leaflet';
import type { StatusStyle } from './colors.js';
import type { DrawableFindings } from './drawable.js';
import { DotRaster, pixelOf } from './dot-raster.js';

/** Equatorial circumference of the EPSG:3857 sphere, metres. */
const EARTH_CIRCUMFERENCE_M = 40_075_016.686;
/** Below this many pixels an ellipse is drawn as a dot. */
const MIN_ELLIPSE_PX = 3;
const DOT_PX = 7;
const HIT_PX = 10;

export type LayerStats = {
  total: number;
  drawn: number;
  /** Of those drawn, how many as a 95 % ellipse rather than a dot. */
  ellipses: number;
  draws: number;
  drawMs: number;
};

/**
 * All findings on one canvas. Panning moves the canvas with the map pane
 * (a CSS transform, no redraw); the canvas is redrawn once per move end,
 * with dots at small scales and 95 % ellipses once they are a few pixels
 * wide. A click picks the nearest finding within a few pixels.
 */
export class FindingsLayer extends L.Layer {
  private canvas: HTMLCanvasElement | undefined;
  private data: DrawableFindings | undefined;
  private drawnIndexes = new Int32Array(0);
  private drawnX = new Float32Array(0);
  private drawnY = new Float32Array(0);
  private drawnCount = 0;
  private raster: DotRaster | undefined;
  readonly stats: LayerStats = {
    total: 0,
    drawn: 0,
    ellipses: 0,
    draws: 0,
    drawMs: 0,
  };
  private ellipseCount = 0;

  private readonly onPick: (id: string) => void;
  private readonly onDraw: (stats: LayerStats) => void;

  constructor(
    onPick: (id: string) => void,
    onDraw: (stats: LayerStats) => void
  ) {
    super();
    this.onPick = onPick;
    this.onDraw = onDraw;
  }

  setData(data: DrawableFindings): void {
    this.data = data;
    this.stats.total = data.count;
    if (this.drawnIndexes.length < data.count) {
      this.drawnIndexes = new Int32Array(data.count);
      this.drawnX = new Float32Array(data.count);
      this.drawnY = new Float32Array(data.count);
    }
    this.redraw();
  }

  override onAdd(map: L.Map): this {
    const pane = map.getPane('findingsPane') ?? map.createPane('findingsPane');
    pane.style.zIndex = '450';
    pane.style.pointerEvents = 'none';
    this.canvas = L.DomUtil.create('canvas', 'findings-canvas', pane);
    this.canvas.setAttribute('aria-hidden', 'true');
    map.on('moveend resize', this.redraw, this);
    map.on('zoomstart', this.hide, this);
    map.on('click', this.pick, this);
    this.redraw();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('moveend resize', this.redraw, this);
    map.off('zoomstart', this.hide, this);
    map.off('click', this.pick, this);
    this.canvas?.remove();
    this.canvas = undefined;
    return this;
  }

  private hide(): void {
    if (this.canvas !== undefined) this.canvas.style.visibility = 'hidden';
  }

  redraw(): void {
    const map = this._map as L.Map | undefined;
    const canvas = this.canvas;
    if (map === undefined || canvas === undefined) return;
    const started = performance.now();
    const size = map.getSize();
    // Before layout (or when hidden) the map has no size: nothing to draw.
    if (size.x === 0 || size.y === 0) return;
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== size.x * ratio || canvas.height !== size.y * ratio) {
      canvas.width = size.x * ratio;
      canvas.height = size.y * ratio;
      canvas.style.width = `${size.x}px`;
      canvas.style.height = `${size.y}px`;
    }
    L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
    canvas.style.visibility = 'visible';
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size.x, size.y);
    this.drawnCount = 0;
    this.ellipseCount = 0;
    if (this.data !== undefined) {
      this.drawAll(ctx, map, size, ratio, this.data);
    }
    this.stats.drawn = this.drawnCount;
    this.stats.ellipses = this.ellipseCount;
    this.stats.draws++;
    this.stats.drawMs = performance.now() - started;
    this.onDraw(this.stats);
  }

  private drawAll(
    ctx: CanvasRenderingContext2D,
    map: L.Map,
    size: L.Point,
    ratio: number,
    d: DrawableFindings
  ): void {
    const zoom = map.getZoom();
    const scale = 2 ** zoom;
    const origin = map.getPixelBounds().min!;
    const pxPerMetreAtEquator = (256 * scale) / EARTH_CIRCUMFERENCE_M;
    const margin = 50;
    const { width, height } = ctx.canvas;
    // One pixel buffer, reused while the canvas keeps its size.
    if (this.raster?.fits(width, height) !== true) {
      this.raster = new DotRaster(ctx, width, height);
    }
    const raster = this.raster;
    raster.clear();
    const dot = Math.round(DOT_PX * ratio);
    const ellipses: { path: Path2D; color: string; style: StatusStyle }[] = [];
    for (const bucket of d.buckets) {
      const pixel = pixelOf(bucket.color, bucket.style);
      let path: Path2D | undefined;
      for (const i of bucket.members) {
        const x = d.x[i]! * scale - origin.x;
        const y = d.y[i]! * scale - origin.y;
        if (
          x < -margin ||
          y < -margin ||
          x > size.x + margin ||
          y > size.y + margin
        )
          continue;
        this.drawnIndexes[this.drawnCount] = i;
        this.drawnX[this.drawnCount] = x;
        this.drawnY[this.drawnCount] = y;
        this.drawnCount++;
        // Web Mercator stretches by 1/cos(latitude) in both axes.
        const k = pxPerMetreAtEquator / Math.cos((d.lat[i]! * Math.PI) / 180);
        const a = d.semiMajorM[i]! * k;
        if (a < MIN_ELLIPSE_PX) {
          raster.square(x * ratio, y * ratio, dot, pixel, bucket.style);
          continue;
        }
        path ??= new Path2D();
        this.ellipseCount++;
        const b = Math.max(d.semiMinorM[i]! * k, 1);
        // Azimuth is clockwise from north; canvas angles are clockwise from +x.
        const rotation = ((d.azimuthDeg[i]! - 90) * Math.PI) / 180;
        path.moveTo(x + a * Math.cos(rotation), y + a * Math.sin(rotation));
        path.ellipse(x, y, a, b, rotation, 0, 2 * Math.PI);
      }
      if (path !== undefined) {
        ellipses.push({ path, color: bucket.color, style: bucket.style });
      }
    }
    ctx.putImageData(raster.image, 0, 0);
    for (const e of ellipses) paint(ctx, e.path, e.color, e.style);
  }

  private pick(event: L.LeafletMouseEvent): void {
    const { x, y } = event.containerPoint;
    let best = -1;
    let bestD2 = HIT_PX * HIT_PX;
    for (let j = 0; j < this.drawnCount; j++) {
      const dx = this.drawnX[j]! - x;
      const dy = this.drawnY[j]! - y;
      const d2 = dx * dx + dy * dy;
      if (d2 <= bestD2) {
        bestD2 = d2;
        best = this.drawnIndexes[j]!;
      }
    }
    if (best >= 0 && this.data !== undefined) this.onPick(this.data.ids[best]!);
  }
}

function paint(
  ctx: CanvasRenderingContext2D,
  path: Path2D,
  color: string,
  style: StatusStyle
): void {
  if (style === 'ring') {
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = color;
    ctx.stroke(path);
    return;
  }
  ctx.globalAlpha = style === 'faint' ? 0.3 : 0.55;
  ctx.fillStyle = color;
  ctx.fill(path);
  ctx.globalAlpha = 1;
  ctx.lineWidth = 1;
  ctx.strokeStyle = color;
  if (style !== 'faint') ctx.stroke(path);
}
