/** Counts per time bin, for the timeline. */
export type Histogram = {
  start: number;
  end: number;
  binMs: number;
  counts: Uint32Array;
};

/** Nice bin widths: 1 min to 1 day. */
const BIN_STEPS_MS = [
  60e3,
  5 * 60e3,
  15 * 60e3,
  3600e3,
  3 * 3600e3,
  6 * 3600e3,
  86_400e3,
];

/**
 * Bins times (ms) into at most `maxBins` bins of a round width, aligned to
 * that width, so bin edges fall on whole minutes or hours.
 */
export function buildHistogram(
  times: ArrayLike<number>,
  maxBins = 96
): Histogram | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (!Number.isFinite(t)) continue;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  if (lo === Infinity) return undefined;
  const span = Math.max(hi - lo, 1);
  const binMs =
    BIN_STEPS_MS.find((w) => span / w <= maxBins) ??
    Math.ceil(span / maxBins / 86_400e3) * 86_400e3;
  const start = Math.floor(lo / binMs) * binMs;
  const bins = Math.floor((hi - start) / binMs) + 1;
  const counts = new Uint32Array(bins);
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (Number.isFinite(t)) counts[Math.floor((t - start) / binMs)]!++;
  }
  return { start, end: start + bins * binMs, binMs, counts };
}

/** A brushed window snapped outward to whole bins, end exclusive. */
export function snapWindow(
  h: Histogram,
  a: number,
  b: number
): [number, number] {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const from = h.start + Math.floor((lo - h.start) / h.binMs) * h.binMs;
  const to = h.start + (Math.floor((hi - h.start) / h.binMs) + 1) * h.binMs;
  return [Math.max(from, h.start), Math.min(to, h.end)];
}
