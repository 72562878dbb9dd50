/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { evaluateAgreement } from '../engine/engine.js';
import type { EngineParamsInput } from '../engine/params.js';
import { parseAgreement } from './agreement.js';
import { TERMS } from './term-table.js';
import { TERM_KINDS } from './term.js';
import {
  BASE_AGREEMENT,
  eventOf,
  type EventSpec,
  gapOf,
  type GapSpec,
  withKmGeometry,
} from './vector-fixture.js';

type WantFinding = {
  rule: string;
  kind: string;
  party: string | null;
  sources: number[];
  time?: string;
  probabilityMin?: number;
  probabilityMax?: number;
  confidenceMin?: number;
  confidenceMax?: number;
};

/** One case of test-vectors/rules/terms: rules, inputs, the findings wanted. */
type TermVector = {
  desc: string;
  rules: unknown[];
  events: EventSpec[];
  gaps?: GapSpec[];
  params?: EngineParamsInput;
  want: WantFinding[];
  /** Compare as sets (by rule, then first source), not in output order. */
  sortWant?: boolean;
};

const files = import.meta.glob<TermVector>(
  '../../test-vectors/rules/terms/*.json',
  { eager: true, import: 'default' }
);
const vectors = Object.entries(files).map(
  ([path, v]) => [path.replace(/^.*\/|\.json$/g, ''), v] as const
);

const byRuleThenSource = (a: WantFinding, b: WantFinding) =>
  a.rule.localeCompare(b.rule) || a.sources[0]! - b.sources[0]!;

describe('term vectors', () => {
  it('cover every term kind', () => {
    const kinds = new Set(
      vectors.flatMap(([, v]) =>
        v.rules.map((r) => (r as { kind: string }).kind)
      )
    );
    expect([...kinds].sort()).toEqual([...TERM_KINDS].sort());
  });

  describe.each(vectors)('%s', (_name, v) => {
    it(v.desc, () => {
      const agreement = parseAgreement(
        withKmGeometry({ ...BASE_AGREEMENT, rules: v.rules })
      );
      const findings = evaluateAgreement({
        agreement,
        events: v.events.map(eventOf),
        gaps: (v.gaps ?? []).map(gapOf),
        ...(v.params === undefined ? {} : { params: v.params }),
      });
      const got: WantFinding[] = findings.map((f) => ({
        rule: f.properties.rule,
        kind: f.properties.kind,
        party: f.properties.attribution.party,
        sources: f.properties.sources,
      }));
      const want = v.want.map(({ rule, kind, party, sources }) => ({
        rule,
        kind,
        party,
        sources,
      }));
      if (v.sortWant) {
        got.sort(byRuleThenSource);
        want.sort(byRuleThenSource);
      }
      expect(got).toEqual(want);
      for (const w of v.want) {
        const f = findings.find(
          (x) =>
            x.properties.rule === w.rule &&
            x.properties.sources[0] === w.sources[0]
        )!.properties;
        if (w.time !== undefined) expect(f.time).toBe(w.time);
        const p = f.attribution.probability;
        expect(p).toBeGreaterThanOrEqual(w.probabilityMin ?? 0);
        expect(p).toBeLessThanOrEqual(w.probabilityMax ?? 1);
        expect(f.confidence).toBeGreaterThanOrEqual(w.confidenceMin ?? 0);
        expect(f.confidence).toBeLessThanOrEqual(w.confidenceMax ?? 1);
      }
    });
  });
});

describe('describe', () => {
  const agreement = parseAgreement({
    ...BASE_AGREEMENT,
    rules: [
      { id: 'r1', kind: 'no_fire' },
      { id: 'r2', kind: 'no_fire', weaponClasses: ['artillery', 'mlrs'] },
      {
        id: 'r3',
        kind: 'withdrawal',
        weaponClasses: ['tank', 'mortar'],
        minDistanceKm: 15,
      },
      { id: 'r4', kind: 'buffer_zone', zone: { withinKm: 10 } },
      {
        id: 'r5',
        kind: 'no_fly_zone',
        zone: { withinKm: 30 },
        weaponClasses: ['drone'],
        maxAltitudeM: 5000,
      },
      {
        id: 'r6',
        kind: 'no_fly_zone',
        zone: { withinKm: 30 },
        minAltitudeM: 100,
        maxAltitudeM: 5000,
      },
      {
        id: 'r7',
        kind: 'no_fly_zone',
        zone: { withinKm: 30 },
        minAltitudeM: 100,
      },
      { id: 'r8', kind: 'denial_of_monitoring', maxGapMinutes: 30 },
      {
        id: 'r9',
        kind: 'denial_of_monitoring',
        maxGapMinutes: 60,
        reasons: ['jamming'],
      },
    ],
  });
  const want = [
    'No party fires any weapon from 2026-12-01T00:00:00Z on.',
    'No party fires artillery of 100 mm and over and MLRS from 2026-12-01T00:00:00Z on.',
    'Each party keeps tanks and mortars at least 15 km from the contact line.',
    'No weapons and no fire within 10 km of either side of the contact line.',
    'No drones fly within 30 km of either side of the contact line below 5000 m.',
    'No aircraft fly within 30 km of either side of the contact line between 100 m and 5000 m.',
    'No aircraft fly within 30 km of either side of the contact line above 100 m.',
    'No monitoring sensor is silenced, jammed or tampered with for more than 30 minutes.',
    'No monitoring sensor is jammed for more than 60 minutes.',
  ];
  it.each(agreement.rules.map((r, i) => [r.id, r, want[i]] as const))(
    'renders %s as one sentence',
    (_id, rule, sentence) => {
      const def = TERMS[rule.kind] as {
        describe: (t: typeof rule, a: typeof agreement) => string;
      };
      expect(def.describe(rule, agreement)).toBe(sentence);
    }
  );
});
