import type { OutputStream } from './io.js';

/** A progress bar on a terminal; a no-op elsewhere. */
export type Progress = {
  update(done: number, total: number): void;
  /** Draws the final state and ends the line. */
  finish(): void;
};

const WIDTH = 30;
const INTERVAL_MS = 100;

/**
 * A one-line progress bar redrawn in place with `\r`, at most ten times a
 * second. Drawn only when `stream` is a terminal or `force` is set, so
 * pipes, logs and tests stay clean.
 */
export function createProgress(
  stream: OutputStream,
  options: { label: string; force?: boolean; now?: () => number }
): Progress {
  if (options.force !== true && stream.isTTY !== true) {
    return { update() {}, finish() {} };
  }
  const now = options.now ?? (() => performance.now());
  let last = -Infinity;
  let state: [number, number] | undefined;
  const draw = () => {
    if (state === undefined) return;
    const [done, total] = state;
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(ratio * WIDTH);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}`;
    const percent = String(Math.floor(ratio * 100)).padStart(3);
    stream.write(`\r${options.label} [${bar}] ${percent}% ${done}/${total}`);
  };
  return {
    update(done, total) {
      state = [done, total];
      const t = now();
      if (t - last < INTERVAL_MS && done < total) return;
      last = t;
      draw();
    },
    finish() {
      if (state === undefined) return;
      draw();
      stream.write('\n');
      state = undefined;
    },
  };
}
