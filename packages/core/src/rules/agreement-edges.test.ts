import { describe, expect, it } from 'vitest';
import { buildLineIndex } from '../geo/line-index.js';
import { validateAgreement } from './agreement.js';
import { attributeSides, sideProbabilities } from './attribution.js';
import { BASE_AGREEMENT } from './vector-fixture.js';

const issuesOf = (patch: Record<string, unknown>) => {
  const result = validateAgreement({ ...BASE_AGREEMENT, ...patch });
  return result.ok ? [] : result.issues.map((i) => [i.code, i.path]);
};

describe('validateAgreement', () => {
  it.each([
    [
      'a party with no id: the path keeps the index a number',
      { parties: [{ name: 'A' }, { id: 'B', name: 'B' }] },
      [['AGREEMENT_MALFORMED', ['parties', 0, 'id']]],
    ],
    [
      'unparseable parties: no count of them as well',
      { parties: 'A and B' },
      [['AGREEMENT_MALFORMED', ['parties']]],
    ],
    [
      'a rule that is not an object',
      { rules: [42] },
      [['RULE_KIND_UNKNOWN', ['rules', 0, 'kind']]],
    ],
    [
      'a rule field of the wrong type: its key a string',
      { rules: [{ id: 'r', kind: 'no_fire', weaponClasses: 'all' }] },
      [['RULE_FIELD_INVALID', ['rules', 0, 'weaponClasses']]],
    ],
    [
      'a contact line that is no geometry: no geometry check as well',
      { contactLine: 'north-south' },
      [['AGREEMENT_MALFORMED', ['contactLine']]],
    ],
    [
      'an unknown weapon class: the path ends at its index',
      { rules: [{ id: 'r', kind: 'no_fire', weaponClasses: ['laser'] }] },
      [['RULE_FIELD_INVALID', ['rules', 0, 'weaponClasses', 0]]],
    ],
    [
      'rules that are not a list: no rule parsed',
      { rules: {} },
      [['AGREEMENT_MALFORMED', ['rules']]],
    ],
  ])('reports %s', (_name, patch, want) => {
    expect(issuesOf(patch)).toEqual(want);
  });

  it('reports missing rules as required', () => {
    const { rules: _rules, ...rest } = BASE_AGREEMENT;
    const result = validateAgreement(rest);
    expect(result.ok ? [] : result.issues.map((i) => [i.code, i.path])).toEqual(
      [['AGREEMENT_MALFORMED', ['rules']]]
    );
  });
});

describe('sideProbabilities with no spread across the line', () => {
  // A line up the prime meridian, symmetric about the equator, seen from
  // the equator: it projects exactly north-south, so an error only north
  // to south has σ exactly 0 across it and the side is certain. Drawn
  // northward, its left is west.
  const line = buildLineIndex([
    [
      [0, -10],
      [0, 10],
    ],
  ]);
  const northOnly = [0, 0, 100 * 100] as const;
  it.each([
    ['11 m west of it: left', [-0.0001, 0] as const, 1],
    ['11 m east of it: right', [0.0001, 0] as const, 0],
    ['on it: even', [0, 0] as const, 0.5],
  ])('%s', (_name, p, left) => {
    expect(sideProbabilities(line, p, northOnly)).toEqual({
      left,
      right: 1 - left,
    });
  });
});

describe('attributeSides with one party', () => {
  const parties = { leftParty: 'A', parties: [{ id: 'A' }] };
  it('names nobody for the right side, which no party holds', () => {
    expect(attributeSides({ left: 0.01, right: 0.99 }, parties, 0.9)).toEqual({
      party: null,
      probability: 0.99,
    });
    expect(attributeSides({ left: 0.99, right: 0.01 }, parties, 0.9)).toEqual({
      party: 'A',
      probability: 0.99,
    });
  });
});
