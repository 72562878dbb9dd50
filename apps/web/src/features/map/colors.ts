/**
 * Colours by attributed party, chosen to stay apart for the common colour
 * vision deficiencies (Okabe–Ito palette) and to reach 3:1 against the
 * light basemap (WCAG 2.2 SC 1.4.11, non-text contrast).
 */
export const PARTY_COLORS: readonly string[] = [
  '#0072b2',
  '#d55e00',
  '#cc79a7',
  '#009e73',
];
export const UNATTRIBUTED_COLOR = '#555555';

/** Party ids in a stable order, so a party keeps its colour. */
export function partyColor(
  parties: readonly string[],
  party: string | null
): string {
  if (party === null) return UNATTRIBUTED_COLOR;
  const i = parties.indexOf(party);
  return i < 0 ? UNATTRIBUTED_COLOR : PARTY_COLORS[i % PARTY_COLORS.length]!;
}

/** How a status is drawn: filled (verified, confirmed), ring (provisional), faint (rejected). */
export type StatusStyle = 'filled' | 'ring' | 'faint';

export function statusStyle(status: string): StatusStyle {
  if (status === 'provisional') return 'ring';
  if (status === 'rejected') return 'faint';
  return 'filled';
}

export const LINE_COLORS = {
  contact: '#000000',
  withdrawal: '#6a3d9a',
} as const;
