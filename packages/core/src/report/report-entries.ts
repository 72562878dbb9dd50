import { base64Decode, utf8Decode } from '../bytes.js';
import { isRfc3339Micros, parseRfc3339Micros } from '../observation/time.js';
import { parseReportDay, previousReportDay } from './report-day.js';

/** An entry as a store or a tile hands it over, not yet decoded. */
export type RawEntry = { index: number; bytes: Uint8Array };

/** The first and last observation time of a whole log, in µs. */
export type ObservationSpan = { firstMicros: number; lastMicros: number };

// Entries are RFC 8785 canonical JSON, and an observation payload has one
// top-level "time" and no nested object with one (DESIGN 4.1).
const PAYLOAD = /"payload":"([A-Za-z0-9+/=]*)"/;
const TIME = /"time":"([^"\\]{1,64})"/;

/**
 * An observation entry's time read without validating the entry, or
 * undefined where it cannot be read so (then decode it in full): a cheap
 * pre-filter, never a judgement on the entry.
 */
export function observationTimeHint(bytes: Uint8Array): number | undefined {
  const text = utf8Decode(bytes);
  if (!text.includes('"type":"observation"')) return undefined;
  const payload = PAYLOAD.exec(text)?.[1];
  if (payload === undefined || payload.length % 4 !== 0) return undefined;
  let json: string;
  try {
    json = utf8Decode(base64Decode(payload));
  } catch {
    return undefined;
  }
  const time = TIME.exec(json)?.[1];
  return time !== undefined && isRfc3339Micros(time)
    ? parseRfc3339Micros(time)
    : undefined;
}

/**
 * The entries a day's report must decode, and the span of the whole log's
 * observations: observations of other days are skipped on their time
 * hint, so a report over a long log decodes about two days of it.
 * Observations whose time cannot be read cheaply are kept.
 */
export function selectReportEntries(
  entries: readonly RawEntry[],
  date: string
): { entries: RawEntry[]; span: ObservationSpan | undefined } {
  const day = parseReportDay(date);
  const from = previousReportDay(day).fromMicros;
  let first = Infinity;
  let last = -Infinity;
  const kept = entries.filter(({ bytes }) => {
    const t = observationTimeHint(bytes);
    if (t === undefined) return true;
    if (t < first) first = t;
    if (t > last) last = t;
    return t >= from && t < day.toMicros;
  });
  return {
    entries: kept,
    span:
      first === Infinity ? undefined : { firstMicros: first, lastMicros: last },
  };
}

/** The span covering both (either may be undefined). */
export function mergeObservationSpans(
  a: ObservationSpan | undefined,
  b: ObservationSpan | undefined
): ObservationSpan | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return {
    firstMicros: Math.min(a.firstMicros, b.firstMicros),
    lastMicros: Math.max(a.lastMicros, b.lastMicros),
  };
}
