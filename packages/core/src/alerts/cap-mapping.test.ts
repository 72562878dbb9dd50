import { describe, expect, it } from 'vitest';
import { FINDING_KINDS } from '../rules/term.js';
import { capCertaintyOf, capSeverityOf, capUrgencyOf } from './cap-mapping.js';

describe('capUrgencyOf', () => {
  it.each([
    ['provisional', 'Expected'],
    ['verified', 'Immediate'],
    ['confirmed', 'Immediate'],
    ['rejected', 'Past'],
  ] as const)('%s is %s', (status, want) => {
    expect(capUrgencyOf(status)).toBe(want);
  });
});

describe('capSeverityOf', () => {
  it.each([
    ['fire', 'heavy_mlrs', 'Extreme'],
    ['fire', 'artillery', 'Extreme'],
    ['fire', 'tank', 'Severe'],
    ['fire', 'drone', 'Severe'],
    ['fire', 'small_arms', 'Moderate'],
    ['fire', undefined, 'Moderate'],
    ['weapons_in_zone', 'mlrs', 'Severe'],
    ['weapons_in_zone', 'mortar', 'Moderate'],
    ['weapons_in_zone', undefined, 'Moderate'],
    ['airspace', 'drone', 'Moderate'],
    ['denial_of_monitoring', undefined, 'Minor'],
  ] as const)('%s with %s is %s', (kind, weapon, want) => {
    expect(capSeverityOf(kind, weapon)).toBe(want);
  });

  it('maps every finding kind', () => {
    for (const kind of FINDING_KINDS) {
      expect(['Extreme', 'Severe', 'Moderate', 'Minor']).toContain(
        capSeverityOf(kind, undefined)
      );
    }
  });
});

describe('capCertaintyOf', () => {
  it.each([
    ['confirmed', 0.01, 'Observed'],
    ['rejected', 0.99, 'Unlikely'],
    ['verified', 0.51, 'Likely'],
    ['provisional', 0.5, 'Possible'],
    ['provisional', 0.05, 'Possible'],
    ['verified', 0.049, 'Unlikely'],
  ] as const)('%s at confidence %d is %s', (status, confidence, want) => {
    expect(capCertaintyOf(status, confidence)).toBe(want);
  });
});
