import type { FindingKind } from '../rules/term.js';
import type { FindingStatus } from '../engine/finding.js';
import type { WeaponClass } from '../observation/weapon-class.js';

export type CapUrgency = 'Immediate' | 'Expected' | 'Future' | 'Past';
export type CapSeverity = 'Extreme' | 'Severe' | 'Moderate' | 'Minor';
export type CapCertainty = 'Observed' | 'Likely' | 'Possible' | 'Unlikely';

/**
 * CAP 1.2 §3.2.2 <urgency>: how soon responsive action should follow.
 * The act is over, but the ladder's response to it is not: a finding that
 * is witnessed or confirmed calls for action now, a provisional one soon,
 * and a rejected one for none.
 */
export function capUrgencyOf(status: FindingStatus): CapUrgency {
  if (status === 'rejected') return 'Past';
  if (status === 'provisional') return 'Expected';
  return 'Immediate';
}

const HEAVY: readonly WeaponClass[] = [
  'artillery',
  'mlrs',
  'heavy_mlrs',
  'missile',
];
const MEDIUM: readonly WeaponClass[] = ['tank', 'mortar', 'drone'];

/**
 * CAP 1.2 §3.2.2 <severity>, by what was done: fire from heavy weapons
 * (the Minsk II withdrawal classes, 100 mm and over) is Extreme, from
 * tanks, mortars and drones Severe, other fire Moderate; heavy weapons in a
 * zone they were withdrawn from Severe, other weapons and airspace
 * breaches Moderate; denial of monitoring Minor.
 */
export function capSeverityOf(
  kind: FindingKind,
  weaponClass: WeaponClass | undefined
): CapSeverity {
  const heavy = weaponClass !== undefined && HEAVY.includes(weaponClass);
  const medium = weaponClass !== undefined && MEDIUM.includes(weaponClass);
  switch (kind) {
    case 'fire':
      return heavy ? 'Extreme' : medium ? 'Severe' : 'Moderate';
    case 'weapons_in_zone':
      return heavy ? 'Severe' : 'Moderate';
    case 'denial_of_monitoring':
      return 'Minor';
    default:
      return 'Moderate';
  }
}

/**
 * CAP 1.2 §3.2.2 <certainty>: a confirmed finding is Observed and a
 * rejected one Unlikely; otherwise the engine's confidence decides, with
 * CAP's own thresholds (Likely: p > ~50 %; Possible: p <= ~50 %; Unlikely:
 * p ~ 0, taken as below 5 %).
 */
export function capCertaintyOf(
  status: FindingStatus,
  confidence: number
): CapCertainty {
  if (status === 'confirmed') return 'Observed';
  if (status === 'rejected') return 'Unlikely';
  if (confidence > 0.5) return 'Likely';
  if (confidence >= 0.05) return 'Possible';
  return 'Unlikely';
}
