import type { TermDef, TermKind } from './term.js';
import { bufferZoneTerm } from './terms/buffer-zone.js';
import { denialOfMonitoringTerm } from './terms/denial-of-monitoring.js';
import { noFireTerm } from './terms/no-fire.js';
import { noFlyZoneTerm } from './terms/no-fly-zone.js';
import { withdrawalTerm } from './terms/withdrawal.js';

/**
 * The one table of term kinds (STYLE §2.6): a kind in TERM_KINDS without a
 * complete module here fails to compile.
 */
export const TERMS = {
  no_fire: noFireTerm,
  withdrawal: withdrawalTerm,
  buffer_zone: bufferZoneTerm,
  no_fly_zone: noFlyZoneTerm,
  denial_of_monitoring: denialOfMonitoringTerm,
} satisfies { [K in TermKind]: TermDef<{ kind: K; id: string }> };

/** The parsed rule of kind K. */
export type TermOf<K extends TermKind> = Parameters<
  (typeof TERMS)[K]['evaluate']
>[0];

/** Any parsed rule. */
export type Term = { [K in TermKind]: TermOf<K> }[TermKind];

/** The behaviour of a rule's kind, typed for that rule. */
export function termDefOf<T extends Term>(term: T): TermDef<T> {
  return TERMS[term.kind] as unknown as TermDef<T>;
}
