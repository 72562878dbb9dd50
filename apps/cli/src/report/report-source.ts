import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  IndexedEntry,
  ObservationSpan,
  RawEntry,
  ReportInputs,
} from '@truce/core';
import {
  CoreError,
  TILE_WIDTH,
  decodeEntryBundle,
  decodeLogEntry,
  entryBundlePath,
  mergeObservationSpans,
  reportInputsFromEntries,
  selectReportEntries,
} from '@truce/core';
import { withDataStore } from '../data-store.js';
import { CliError } from '../errors.js';

const CHUNK = 4096;

function unusable(message: string, cause?: unknown): never {
  throw new CliError('INPUT_UNUSABLE', message, { cause });
}

function decodeAll(
  entries: readonly { index: number; bytes: Uint8Array }[],
  where: string
): IndexedEntry[] {
  return entries.map(({ index, bytes }) => {
    try {
      return { index, entry: decodeLogEntry(bytes) };
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      return unusable(`${where}: entry ${index}: ${error.message}`, error);
    }
  });
}

/** The size a C2SP checkpoint's second line gives (c2sp.org/tlog-checkpoint). */
function checkpointSize(path: string): number {
  const lines = readFileSync(path, 'utf8').split('\n');
  const size = Number(lines[1]);
  if (
    !/^(0|[1-9][0-9]*)$/.test(lines[1] ?? '') ||
    !Number.isSafeInteger(size)
  ) {
    unusable(`${path} is not a checkpoint: no tree size on its second line`);
  }
  return size;
}

/**
 * Every entry of a static log written by `truce replay` (C2SP tlog-tiles
 * entry bundles under DIR/log/tile/entries). The checkpoint is not
 * verified here: `truce verify log` does that.
 */
function readTileLog(dir: string): { index: number; bytes: Uint8Array }[] {
  const size = checkpointSize(join(dir, 'log', 'checkpoint'));
  const out: { index: number; bytes: Uint8Array }[] = [];
  for (let n = 0; n * TILE_WIDTH < size; n++) {
    const width = Math.min(TILE_WIDTH, size - n * TILE_WIDTH);
    const path = join(dir, 'log', entryBundlePath(n, width));
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      unusable(`cannot read ${path}: ${code}`, error);
    }
    let bundle: Uint8Array[];
    try {
      bundle = decodeEntryBundle(bytes, width);
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      unusable(`${path}: ${error.message}`, error);
    }
    bundle.forEach((entry, i) =>
      out.push({ index: n * TILE_WIDTH + i, bytes: entry })
    );
  }
  return out;
}

/** Whether DIR holds a log as `truce replay` writes it. */
export function isReplayDir(dir: string): boolean {
  return existsSync(join(dir, 'log', 'checkpoint'));
}

/**
 * The report's inputs from a data folder: a server's (its SQLite log) or
 * the output folder of `truce replay` (its tiles).
 */
export async function reportInputsFromDir(
  dir: string,
  date: string
): Promise<ReportInputs> {
  if (isReplayDir(dir)) {
    const { entries, span } = selectReportEntries(readTileLog(dir), date);
    return reportInputsFromEntries(decodeAll(entries, dir), date, span);
  }
  return withDataStore(dir, async (store) => {
    // Observations are stored untyped: scan the log in chunks.
    const size = await store.sequencedSize();
    const kept: RawEntry[] = [];
    let span: ObservationSpan | undefined;
    for (let start = 0; start < size; start += CHUNK) {
      const bytes = await store.readEntries(
        start,
        Math.min(size, start + CHUNK)
      );
      const chunk = selectReportEntries(
        bytes.map((b, i) => ({ index: start + i, bytes: b })),
        date
      );
      kept.push(...chunk.entries);
      span = mergeObservationSpans(span, chunk.span);
    }
    return reportInputsFromEntries(decodeAll(kept, dir), date, span);
  });
}
