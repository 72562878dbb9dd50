import { readFileSync } from 'node:fs';

/** The q-quantile (0..1) of unsorted samples, nearest rank. */
export function quantile(samples: Float64Array, q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, rank)]!;
}

export type Histogram = {
  buckets: { le: number; count: number }[];
  sum: number;
  count: number;
};

/** Reads one histogram out of Prometheus text exposition. */
export function parseHistogram(text: string, name: string): Histogram {
  const buckets: { le: number; count: number }[] = [];
  let sum = 0;
  let count = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const [key, value] = line.split(' ') as [string, string];
    if (key.startsWith(`${name}_bucket`)) {
      const le = /le="([^"]+)"/.exec(key)?.[1] ?? '+Inf';
      buckets.push({ le: Number(le), count: Number(value) });
    } else if (key === `${name}_sum`) sum = Number(value);
    else if (key === `${name}_count`) count = Number(value);
  }
  return { buckets: buckets.sort((a, b) => a.le - b.le), sum, count };
}

/** Quantile estimate as Prometheus's histogram_quantile computes it. */
export function histogramQuantile(h: Histogram, q: number): number {
  if (h.count === 0) return Number.NaN;
  const target = q * h.count;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of h.buckets) {
    if (b.count >= target) {
      if (!Number.isFinite(b.le)) return prevLe;
      const inBucket = b.count - prevCount;
      const frac = inBucket === 0 ? 0 : (target - prevCount) / inBucket;
      return prevLe + (b.le - prevLe) * frac;
    }
    prevLe = b.le;
    prevCount = b.count;
  }
  return prevLe;
}

/** A gauge's value out of Prometheus text exposition. */
export function parseGauge(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? Number.NaN : Number(line.split(' ')[1]);
}

/** User + system CPU seconds this process has used so far. */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** User + system CPU seconds a process has used so far (Linux). */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}

/** Busy CPU seconds of the whole machine so far, all cores (Linux). */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [, user, nice, system, , , irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .map(Number) as number[];
  return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
}

/** A flag's value as a positive integer; exits 2 with a clear message otherwise. */
export function positiveIntegerFlag(
  name: string,
  text: string | undefined
): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer, got ${text}`);
    process.exit(2);
  }
  return n;
}

export const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
export const fmtMs = (ms: number) => `${ms.toFixed(1)} ms`;
export const fmtMb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/** A one-line progress bar on stderr, redrawn in place on a terminal. */
export function progressBar(label: string, total: number) {
  const tty = process.stderr.isTTY === true;
  const t0 = performance.now();
  let lastLine = 0;
  let current = 0;
  const render = (final: boolean) => {
    const now = performance.now();
    if (!final && now - lastLine < (tty ? 200 : 5000)) return;
    lastLine = now;
    const frac = total === 0 ? 1 : Math.min(1, current / total);
    const width = 30;
    const filled = Math.round(frac * width);
    const rate = current / Math.max(0.001, (now - t0) / 1000);
    const line =
      `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ` +
      `${(frac * 100).toFixed(0).padStart(3)}% ${fmtInt(current)}/${fmtInt(total)} ` +
      `${fmtInt(rate)}/s`;
    process.stderr.write(
      tty ? `\r${line}\x1b[K${final ? '\n' : ''}` : `${line}\n`
    );
  };
  return {
    update(value: number) {
      current = value;
      render(false);
    },
    done() {
      render(true);
    },
  };
}
