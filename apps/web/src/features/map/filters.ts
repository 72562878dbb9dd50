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

export function timeOf(f: FindingFeature): number {
  return Date.parse(f.properties.time);
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
