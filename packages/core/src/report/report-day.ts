import { CoreError } from '../errors.js';

const DAY_MICROS = 86_400_000_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** One UTC day as a half-open interval of Unix microseconds. */
export type ReportDay = {
  /** YYYY-MM-DD. */
  date: string;
  fromMicros: number;
  toMicros: number;
};

function dayAt(fromMicros: number): ReportDay {
  const date = new Date(fromMicros / 1000).toISOString().slice(0, 10);
  return { date, fromMicros, toMicros: fromMicros + DAY_MICROS };
}

/**
 * The UTC day a `YYYY-MM-DD` date names (RFC 3339 full-date). Throws
 * REPORT_DATE_INVALID for anything else, 2026-02-30 included.
 */
export function parseReportDay(date: string): ReportDay {
  const m = DATE_PATTERN.exec(date);
  const ms = m === null ? NaN : Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!);
  if (
    m === null ||
    !Number.isFinite(ms) ||
    new Date(ms).toISOString().slice(0, 10) !== date
  ) {
    throw new CoreError(
      'REPORT_DATE_INVALID',
      `${JSON.stringify(date)} is not a date as YYYY-MM-DD`
    );
  }
  return dayAt(ms * 1000);
}

/** The day before `day`. */
export function previousReportDay(day: ReportDay): ReportDay {
  return dayAt(day.fromMicros - DAY_MICROS);
}
