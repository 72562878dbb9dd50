import { setFlagsFromString } from 'node:v8';

/**
 * Caps how far V8 lets the old generation grow past the live heap before
 * the next full GC, as (1 + percent / 100) times it; 0 keeps V8's own
 * factor, which grows up to 4x under a steady allocation rate. Ingest
 * promotes every in-flight batch to the old generation, so with V8's factor
 * the server's RSS swung between ~250 and ~350 MB under load. V8 reads this
 * flag each time it sizes the heap after a full GC, so setting it at start
 * takes effect from the first one.
 */
export function limitHeapGrowth(
  percent: number,
  setFlags: (flags: string) => void = setFlagsFromString
): void {
  if (percent > 0) setFlags(`--heap-growing-percent=${percent}`);
}
