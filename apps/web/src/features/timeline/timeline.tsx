import { useEffect, useRef, useState } from 'preact/hooks';
import type { Histogram } from './histogram.js';
import { snapWindow } from './histogram.js';

export type TimelineProps = {
  histogram: Histogram | undefined;
  window: readonly [number, number] | null;
  onWindow: (window: [number, number] | null) => void;
};

const HEIGHT = 64;

function label(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + 'Z';
}

/**
 * Findings per time bin; drag across it (mouse, pen or touch) to brush a
 * time window, which filters the map and the list. Keyboard users move
 * the window with the arrow keys (Shift widens it) and clear it with
 * Escape.
 */
export function Timeline({
  histogram,
  window: brushed,
  onWindow,
}: TimelineProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drag, setDrag] = useState<[number, number] | null>(null);

  const timeAt = (clientX: number): number => {
    const rect = canvas.current!.getBoundingClientRect();
    const h = histogram!;
    const f = Math.min(1, Math.max(0, (clientX - rect.left) / rect.width));
    return h.start + f * (h.end - h.start);
  };

  useEffect(() => {
    const c = canvas.current;
    if (c === null || histogram === undefined) return;
    const width = c.clientWidth;
    const ratio = globalThis.devicePixelRatio || 1;
    c.width = width * ratio;
    c.height = HEIGHT * ratio;
    const ctx = c.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, HEIGHT);
    const max = Math.max(1, ...histogram.counts);
    const n = histogram.counts.length;
    const bar = width / n;
    const shown = drag === null ? brushed : snapWindow(histogram, ...drag);
    histogram.counts.forEach((count, i) => {
      const t = histogram.start + i * histogram.binMs;
      const inside = shown === null || (t >= shown[0] && t < shown[1]);
      ctx.fillStyle = inside ? '#1f4e79' : '#b8c4d0';
      const h = (count / max) * (HEIGHT - 4);
      ctx.fillRect(i * bar + 0.5, HEIGHT - h, Math.max(bar - 1, 1), h);
    });
    if (shown !== null) {
      const x0 =
        ((shown[0] - histogram.start) / (histogram.end - histogram.start)) *
        width;
      const x1 =
        ((shown[1] - histogram.start) / (histogram.end - histogram.start)) *
        width;
      ctx.strokeStyle = '#000';
      ctx.lineWidth = 2;
      ctx.strokeRect(x0 + 1, 1, x1 - x0 - 2, HEIGHT - 2);
    }
  }, [histogram, brushed, drag]);

  if (histogram === undefined) {
    return (
      <p class="timeline-empty">No findings to put on the timeline yet.</p>
    );
  }

  const onKey = (e: KeyboardEvent) => {
    const step = histogram.binMs;
    const current = brushed ?? [histogram.start, histogram.start + step];
    let next: [number, number] | null = null;
    if (e.key === 'Escape') return onWindow(null);
    if (e.key === 'ArrowRight') {
      next = e.shiftKey
        ? [current[0], current[1] + step]
        : [current[0] + step, current[1] + step];
    } else if (e.key === 'ArrowLeft') {
      next = e.shiftKey
        ? [current[0], Math.max(current[0] + step, current[1] - step)]
        : [current[0] - step, current[1] - step];
    } else {
      return;
    }
    e.preventDefault();
    if (next[0] >= histogram.start && next[1] <= histogram.end) onWindow(next);
  };

  return (
    <div class="timeline">
      <canvas
        ref={canvas}
        class="timeline-canvas"
        tabIndex={0}
        role="slider"
        aria-label="Time window of the findings shown: drag to select; arrow keys move it, Shift+arrows widen it, Escape clears it"
        aria-valuemin={histogram.start}
        aria-valuemax={histogram.end}
        aria-valuenow={brushed?.[0] ?? histogram.start}
        aria-valuetext={
          brushed === null
            ? 'all times'
            : `${label(brushed[0])} to ${label(brushed[1])}`
        }
        data-bins={histogram.counts.length}
        data-window-from={brushed?.[0]}
        data-window-to={brushed?.[1]}
        onPointerDown={(e) => {
          (e.currentTarget as HTMLCanvasElement).setPointerCapture(e.pointerId);
          const t = timeAt(e.clientX);
          setDrag([t, t]);
        }}
        onPointerMove={(e) => {
          if (drag !== null) setDrag([drag[0], timeAt(e.clientX)]);
        }}
        onPointerUp={(e) => {
          if (drag === null) return;
          const end = timeAt(e.clientX);
          setDrag(null);
          onWindow(snapWindow(histogram, drag[0], end));
        }}
        onKeyDown={onKey}
      />
      <div class="timeline-labels">
        <span>{label(histogram.start)}</span>
        <span aria-live="polite">
          {brushed === null
            ? 'All times'
            : `${label(brushed[0])} – ${label(brushed[1])}`}
          {brushed !== null && (
            <button
              type="button"
              class="link-button"
              onClick={() => onWindow(null)}
            >
              Clear time window
            </button>
          )}
        </span>
        <span>{label(histogram.end)}</span>
      </div>
    </div>
  );
}
