import { describe, expect, it } from 'vitest';
import {
  NOTE_KEY_TYPE_COSIGNATURE_V1,
  formatVerifierKey,
  publicKeyFromSeed,
} from '../tlog/note-key.js';
import { parseWitnessPolicy } from './policy.js';
import type { WitnessPolicy } from './policy.js';
import { evaluateQuorum } from './quorum.js';

const W = (n: number) =>
  formatVerifierKey(
    `w${n}`,
    publicKeyFromSeed(new Uint8Array(32).fill(n)),
    NOTE_KEY_TYPE_COSIGNATURE_V1
  );

// The mission, both parties and the guarantors each run witnesses; the
// quorum needs the mission, both parties, and two of three guarantors.
const policy = parseWitnessPolicy(`witness mission ${W(1)}
witness partyA-1 ${W(2)}
witness partyA-2 ${W(3)}
group partyA any partyA-1 partyA-2
witness partyB ${W(4)}
witness g1 ${W(5)}
witness g2 ${W(6)}
witness g3 ${W(7)}
group guarantors 2 g1 g2 g3
group parties all partyA partyB
group everyone all mission parties guarantors
quorum everyone
`);

describe('evaluateQuorum', () => {
  const cases: [string, string[], boolean][] = [
    ['nobody', [], false],
    ['everyone needed', ['mission', 'partyA-2', 'partyB', 'g1', 'g3'], true],
    ['every witness', policy.witnesses.map((w) => w.name), true],
    [
      'one guarantor short of two of three',
      ['mission', 'partyA-1', 'partyB', 'g2'],
      false,
    ],
    [
      'no witness of party A (nested any inside all)',
      ['mission', 'partyB', 'g1', 'g2', 'g3'],
      false,
    ],
    [
      'no mission witness',
      ['partyA-1', 'partyA-2', 'partyB', 'g1', 'g2'],
      false,
    ],
  ];
  describe.each(cases)('with %s', (_desc, names, met) => {
    it(`returns met: ${met}`, () => {
      expect(evaluateQuorum(policy, new Set(names)).met).toBe(met);
    });
  });

  it('lists satisfied witnesses and groups in policy order', () => {
    const result = evaluateQuorum(
      policy,
      new Set(['g3', 'mission', 'g1', 'partyA-1'])
    );
    expect(result.satisfied).toEqual([
      'mission',
      'partyA-1',
      'g1',
      'g3',
      'partyA',
      'guarantors',
    ]);
    expect(result.unknown).toEqual([]);
  });

  it('counts group names and strangers for nothing and reports them', () => {
    const result = evaluateQuorum(
      policy,
      new Set(['everyone', 'parties', 'mallory'])
    );
    expect(result.met).toBe(false);
    expect(result.satisfied).toEqual([]);
    expect(result.unknown).toEqual(['everyone', 'parties', 'mallory']);
  });

  it('is met without cosigners when the quorum is none', () => {
    const none = parseWitnessPolicy(`witness a ${W(1)}\nquorum none\n`);
    expect(evaluateQuorum(none, new Set()).met).toBe(true);
  });

  it('needs the one witness a single-witness quorum names', () => {
    const single = parseWitnessPolicy(
      `witness a ${W(1)}\nwitness b ${W(2)}\nquorum a\n`
    );
    expect(evaluateQuorum(single, new Set(['b'])).met).toBe(false);
    expect(evaluateQuorum(single, new Set(['a'])).met).toBe(true);
  });

  it('does not pass a hand-built group with k = 0 vacuously', () => {
    const handBuilt: WitnessPolicy = {
      logs: [],
      witnesses: [{ name: 'a', vkey: W(1) }],
      groups: [{ name: 'g', threshold: 0, members: ['a'] }],
      quorum: 'g',
    };
    expect(evaluateQuorum(handBuilt, new Set()).met).toBe(false);
    expect(evaluateQuorum(handBuilt, new Set(['a'])).met).toBe(true);
  });
});
