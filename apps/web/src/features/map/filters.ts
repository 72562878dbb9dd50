import type { FindingFeature } from '../../api/types.js';

/** What the map, the list and the timeline show. Empty = no restriction. */
export type FindingFilter = {
  party: string;
  status: readonly string[];
  kind: string;
  rule: string;
  /** A brushed time window, ms since the epoch, end exclusive. */
  window: readonly [number, number] | null;
};

export const NO_FILTER: FindingFilter = {
  party: '',
  status: [],
  kind: '',
  rule: '',
  window: null,
};

/** `none` stands for findings with no attributed party. */
export const UNATTRIBUTED = 'none';

function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return value;
}

// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's
// days_from_civil), so no Date object is made per finding.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * A finding's time, ms since the epoch. RFC 3339 in UTC as the API writes
 * it (`YYYY-MM-DDTHH:MM:SS[.fraction]Z`, DESIGN 4.5) is read by hand: the
 * timeline reads 100,000 of them per update, several times faster than
 * Date.parse. Any other spelling goes to Date.parse.
 */
export function timeOf(f: FindingFeature): number {
  const t = f.properties.time;
  const n = t.length;
  const ok =
    n >= 20 &&
    t[4] === '-' &&
    t[7] === '-' &&
    t[10] === 'T' &&
    t[13] === ':' &&
    t[16] === ':' &&
    t[n - 1] === 'Z' &&
    (n === 20 || (t[19] === '.' && n > 21));
  if (!ok) return Date.parse(t);
  const fraction = n === 20 ? 0 : digitsAt(t, 20, Math.min(3, n - 21));
  const scale = n === 20 ? 1 : [100, 10, 1][Math.min(3, n - 21) - 1]!;
  const ms =
    daysFromCivil(digitsAt(t, 0, 4), digitsAt(t, 5, 2), digitsAt(t, 8, 2)) *
      86_400_000 +
    digitsAt(t, 11, 2) * 3_600_000 +
    digitsAt(t, 14, 2) * 60_000 +
    digitsAt(t, 17, 2) * 1000 +
    fraction * scale;
  return Number.isNaN(ms) ? Date.parse(t) : ms;
}

/** Whether a filter lets everything through (apart from, if asked, its window). */
export function isEmptyFilter(
  filter: FindingFilter,
  ignoreWindow = false
): boolean {
  return (
    filter.party === '' &&
    filter.status.length === 0 &&
    filter.kind === '' &&
    filter.rule === '' &&
    (ignoreWindow || filter.window === null)
  );
}

/** Whether a finding passes every filter except, if asked, the time window. */
export function matchesFilter(
  f: FindingFeature,
  filter: FindingFilter,
  ignoreWindow = false
): boolean {
  const p = f.properties;
  if (filter.party !== '') {
    const party = p.attribution.party ?? UNATTRIBUTED;
    if (party !== filter.party) return false;
  }
  if (filter.status.length > 0 && !filter.status.includes(p.status))
    return false;
  if (filter.kind !== '' && p.kind !== filter.kind) return false;
  if (filter.rule !== '' && p.rule !== filter.rule) return false;
  if (!ignoreWindow && filter.window !== null) {
    const t = timeOf(f);
    if (!(t >= filter.window[0] && t < filter.window[1])) return false;
  }
  return true;
}

/** The distinct values of a property, sorted, for the filter menus. */
export function distinctValues(
  findings: readonly FindingFeature[],
  pick: (f: FindingFeature) => string
): string[] {
  const seen = new Set<string>();
  for (const f of findings) seen.add(pick(f));
  return [...seen].sort();
}

/** The kinds, rules and parties ("none" for unattributed) present, in one pass. */
export function findingFacets(findings: readonly FindingFeature[]): {
  kinds: string[];
  rules: string[];
  parties: string[];
} {
  const kinds = new Set<string>();
  const rules = new Set<string>();
  const parties = new Set<string>();
  for (const { properties: p } of findings) {
    kinds.add(p.kind);
    rules.add(p.rule);
    parties.add(p.attribution.party ?? UNATTRIBUTED);
  }
  return {
    kinds: [...kinds].sort(),
    rules: [...rules].sort(),
    parties: [...parties].sort(),
  };
}
