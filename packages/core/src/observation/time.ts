import { z } from 'zod';
import { CoreError } from '../errors.js';

// RFC 3339 §5.6 date-time, profiled: UTC only ("Z"), upper-case "T" and "Z",
// 1 to 6 fractional digits. One instant then has few spellings, and every
// one of them maps to an exact integer number of microseconds.
const RFC3339_UTC =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?Z$/;

const MICROS_PER_SECOND = 1_000_000;
const SECONDS_PER_DAY = 86_400;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Days since 1970-01-01 in the proleptic Gregorian calendar, counted in
// 400-year eras of 146097 days (RFC 3339 §5.7 uses that calendar).
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 +
    Math.floor(yearOfEra / 4) -
    Math.floor(yearOfEra / 100) +
    dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365
  );
  const dayOfYear =
    dayOfEra -
    (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return [year, month, day];
}

function invalid(message: string): never {
  throw new CoreError('TIME_INVALID', message);
}

/**
 * Parses an RFC 3339 UTC timestamp ("Z", up to 6 fractional digits) into
 * microseconds since the Unix epoch, throwing TIME_INVALID otherwise.
 * Leap seconds (":60") are rejected: Unix time cannot represent them.
 * @example parseRfc3339Micros('1970-01-01T00:00:01.5Z') // 1500000
 */
export function parseRfc3339Micros(text: string): number {
  // Admission validates a time and then converts it: parse once.
  if (text === lastParsed.text) return lastParsed.micros;
  const micros = parseUncached(text);
  lastParsed = { text, micros };
  return micros;
}

// Seeded with a valid pair: an invalid text must never hit the cache.
let lastParsed = { text: '1970-01-01T00:00:00Z', micros: 0 };

function parseUncached(text: string): number {
  const m = RFC3339_UTC.exec(text);
  if (m === null) invalid('not an RFC 3339 UTC timestamp');
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12) invalid('month out of range');
  if (day < 1 || day > daysInMonth(year, month)) invalid('day out of range');
  if (hour > 23 || minute > 59 || second > 59) invalid('time out of range');
  const fraction = Number((m[7] ?? '').padEnd(6, '0'));
  const seconds =
    daysFromCivil(year, month, day) * SECONDS_PER_DAY +
    hour * 3600 +
    minute * 60 +
    second;
  const micros = seconds * MICROS_PER_SECOND + fraction;
  // Outside about 1685..2255 microseconds stop being exact in a double.
  if (!Number.isSafeInteger(micros)) invalid('timestamp out of range');
  return micros;
}

/**
 * Formats microseconds since the Unix epoch as RFC 3339 UTC, with the
 * shortest fraction that keeps every microsecond.
 * @example formatRfc3339Micros(1500000) // '1970-01-01T00:00:01.5Z'
 */
export function formatRfc3339Micros(micros: number): string {
  if (!Number.isSafeInteger(micros)) invalid('micros is not a safe integer');
  const seconds = Math.floor(micros / MICROS_PER_SECOND);
  const fraction = micros - seconds * MICROS_PER_SECOND;
  const days = Math.floor(seconds / SECONDS_PER_DAY);
  const secondOfDay = seconds - days * SECONDS_PER_DAY;
  const [year, month, day] = civilFromDays(days);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const hms = `${pad(Math.floor(secondOfDay / 3600))}:${pad(
    Math.floor((secondOfDay % 3600) / 60)
  )}:${pad(secondOfDay % 60)}`;
  const frac = fraction === 0 ? '' : `.${pad(fraction, 6).replace(/0+$/, '')}`;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${hms}${frac}Z`;
}

/** Whether `text` is a timestamp that parseRfc3339Micros accepts. */
export function isRfc3339Micros(text: string): boolean {
  try {
    parseRfc3339Micros(text);
    return true;
  } catch {
    return false;
  }
}

/** Zod schema for an RFC 3339 UTC timestamp string (see parseRfc3339Micros). */
export const rfc3339MicrosSchema = z
  .string()
  .refine(
    isRfc3339Micros,
    'must be an RFC 3339 UTC time with up to 6 fractional digits'
  );
