/** A party as the agreement names it (DESIGN 4.3). */
export type ReportParty = { id: string; name: string };

export type PartyStyle = {
  colour: string;
  shape: 'circle' | 'square' | 'diamond';
  label: string;
};

export type PartyStyles = readonly ReportParty[];

// Colour-blind-safe pair (Okabe-Ito blue and vermilion) plus grey, and a
// shape per party so the map also reads in black and white.
const STYLES: readonly Omit<PartyStyle, 'label'>[] = [
  { colour: '#0072B2', shape: 'circle' },
  { colour: '#D55E00', shape: 'square' },
];
const NONE: Omit<PartyStyle, 'label'> = { colour: '#6b6b6b', shape: 'diamond' };

/** How a party's findings are drawn; null is "no party attributed". */
export function partyStyle(
  parties: PartyStyles,
  party: string | null
): PartyStyle {
  if (party === null) return { ...NONE, label: 'no party attributed' };
  const i = parties.findIndex((p) => p.id === party);
  const name = i < 0 ? party : `${parties[i]!.name} (${party})`;
  return { ...(STYLES[i] ?? NONE), label: `attributed to ${name}` };
}

/** A party's display name: "Name (ID)", the id alone, or "none". */
export function partyName(parties: PartyStyles, party: string | null): string {
  if (party === null || party === 'unattributed') return 'none attributed';
  const p = parties.find((x) => x.id === party);
  return p === undefined ? party : `${p.name} (${party})`;
}
