/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { canonicalJsonBytes } from '../evidence/canonical-json.js';
import { CoreError } from '../errors.js';
import { decodeLogEntry, encodeLogEntry } from '../log/entry.js';
import { parseAgreement } from '../rules/agreement.js';
import {
  BASE_AGREEMENT,
  eventOf,
  type EventSpec,
  gapOf,
  type GapSpec,
} from '../rules/vector-fixture.js';
import { evaluateAgreement } from './engine.js';
import { findingId, findingSchema, findingsToGeoJson } from './finding.js';
import { ENGINE_VERSION } from './params.js';

/** One case of test-vectors/rules/engine: a day of inputs, the findings wanted. */
type EngineVector = {
  desc: string;
  rules: unknown[];
  events: EventSpec[];
  gaps?: GapSpec[];
  want: {
    rule: string;
    kind: string;
    party: string | null;
    sources: number[];
  }[];
};

const files = import.meta.glob<EngineVector>(
  '../../test-vectors/rules/engine/*.json',
  { eager: true, import: 'default' }
);

function inputOf(v: EngineVector) {
  return {
    agreement: parseAgreement({ ...BASE_AGREEMENT, rules: v.rules }),
    events: v.events.map(eventOf),
    gaps: (v.gaps ?? []).map(gapOf),
  };
}

const json = (value: unknown) =>
  new TextDecoder().decode(canonicalJsonBytes(value));

describe('evaluateAgreement vectors', () => {
  describe.each(Object.entries(files))('%s', (_path, v) => {
    const input = inputOf(v);
    const findings = evaluateAgreement(input);

    it(v.desc, () => {
      const got = findings.map((f) => ({
        rule: f.properties.rule,
        kind: f.properties.kind,
        party: f.properties.attribution.party,
        sources: f.properties.sources,
      }));
      const key = (x: { rule: string; sources: number[] }) =>
        `${x.rule}/${x.sources[0]}`;
      expect(got.map(key).sort()).toEqual(v.want.map(key).sort());
      expect([...got].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
        [...v.want].sort((a, b) => key(a).localeCompare(key(b)))
      );
    });

    it('gives identical JSON for the same input twice', () => {
      expect(json(evaluateAgreement(input))).toBe(json(findings));
    });

    it('gives identical JSON whatever the order of events and gaps', () => {
      const reversed = {
        ...input,
        events: [...input.events].reverse(),
        gaps: [...input.gaps].reverse(),
      };
      expect(json(evaluateAgreement(reversed))).toBe(json(findings));
    });

    it('sorts by time, then id', () => {
      const keys = findings.map((f) =>
        [f.properties.time, f.properties.id].join(' ')
      );
      expect(keys).toEqual([...keys].sort());
    });

    it('makes findings that pass the finding schema and fit a log entry', () => {
      for (const finding of findings) {
        expect(findingSchema.parse(finding)).toEqual(finding);
        const entry = {
          v: 1 as const,
          type: 'finding' as const,
          time: '2026-12-03T00:00:00Z',
          actor: 'engine',
          finding,
        };
        expect(decodeLogEntry(encodeLogEntry(entry))).toEqual(entry);
      }
    });
  });
});

describe('evaluateAgreement', () => {
  const agreement = parseAgreement({
    ...BASE_AGREEMENT,
    rules: [{ id: 'no-fire', kind: 'no_fire' }],
  });
  const fire = eventOf({
    kind: 'fire',
    at: [-5, 0],
    sources: [4, 2] as number[],
  });

  it('ids a finding by rule, sorted sources and engine version', () => {
    const [finding] = evaluateAgreement({
      agreement,
      events: [{ ...fire, sources: [2, 4] }],
    });
    expect(finding!.properties.id).toBe(
      findingId('no-fire', [4, 2], ENGINE_VERSION)
    );
    expect(finding!.properties.id).not.toBe(
      findingId('no-fire', [4, 2], 'truce-rules/2')
    );
  });

  it('records the agreement version, engine version and params digest', () => {
    const [a] = evaluateAgreement({
      agreement,
      events: [{ ...fire, sources: [2, 4] }],
    });
    const [b] = evaluateAgreement({
      agreement,
      events: [{ ...fire, sources: [2, 4] }],
      params: { attributionThreshold: 0.95 },
    });
    expect(a!.properties.agreement).toEqual({
      id: 'test-ceasefire',
      version: 1,
    });
    expect(a!.properties.engineVersion).toBe(ENGINE_VERSION);
    expect(a!.properties.paramsDigest).not.toBe(b!.properties.paramsDigest);
  });

  it('keeps one finding when two events rest on the same sources', () => {
    const e = { ...fire, sources: [2, 4] };
    const twice = evaluateAgreement({
      agreement,
      events: [e, { ...e, confidence: 0.5 }],
    });
    expect(twice).toHaveLength(1);
    expect(twice[0]!.properties.confidence).toBe(0.9);
  });

  it('judges by what it was given each time, parsed forms kept or not', () => {
    const params = { attributionThreshold: 0.95 };
    const e = { ...fire, sources: [2, 4] };
    const once = evaluateAgreement({ agreement, events: [e], params });
    const again = evaluateAgreement({ agreement, events: [e], params });
    const copies = evaluateAgreement({
      agreement: structuredClone(agreement),
      events: [e],
      params: { ...params },
    });
    expect(json(again)).toBe(json(once));
    expect(json(copies)).toBe(json(once));
    // Other parameters with the same agreement: another digest.
    const other = evaluateAgreement({ agreement, events: [e] });
    expect(other[0]!.properties.paramsDigest).not.toBe(
      once[0]!.properties.paramsDigest
    );
    // Parameters that are not an object are the defaults, as ever.
    const odd = evaluateAgreement({
      agreement,
      events: [e],
      params: 5 as never,
    });
    expect(json(odd)).toBe(json(other));
    // An invalid agreement fails every time, not only the first.
    const bad = { ...agreement, leftParty: 'C' };
    for (const a of [bad, bad, 'minsk', null])
      expect(() =>
        evaluateAgreement({ agreement: a as never, events: [] })
      ).toThrowWithCode(CoreError, 'AGREEMENT_INVALID');
  });

  const badInputs: [string, () => unknown, string][] = [
    [
      'an invalid agreement',
      () =>
        evaluateAgreement({
          agreement: { ...agreement, leftParty: 'C' },
          events: [],
        }),
      'AGREEMENT_INVALID',
    ],
    [
      'a latitude of 91',
      () =>
        evaluateAgreement({
          agreement,
          events: [{ ...fire, sources: [1], position: [37, 91] }],
        }),
      'ENGINE_INPUT_INVALID',
    ],
    [
      'a covariance that is not positive semi-definite',
      () =>
        evaluateAgreement({
          agreement,
          events: [{ ...fire, sources: [1], covariance: [1, 5, 1] }],
        }),
      'ENGINE_INPUT_INVALID',
    ],
    [
      'unsorted sources',
      () =>
        evaluateAgreement({
          agreement,
          events: [{ ...fire, sources: [4, 2] }],
        }),
      'ENGINE_INPUT_INVALID',
    ],
    [
      'a gap that ends before it starts',
      () =>
        evaluateAgreement({
          agreement,
          events: [],
          gaps: [
            {
              ...gapOf(
                {
                  reason: 'silence',
                  from: '2026-12-02T01:00:00Z',
                  to: '2026-12-02T00:00:00Z',
                  at: [0, 0],
                  sources: [1],
                },
                0
              ),
            },
          ],
        }),
      'ENGINE_INPUT_INVALID',
    ],
    [
      'events that are not an array',
      () => evaluateAgreement({ agreement, events: {} as never }),
      'ENGINE_INPUT_INVALID',
    ],
    [
      'a threshold under 0.5',
      () =>
        evaluateAgreement({
          agreement,
          events: [],
          params: { attributionThreshold: 0.4 },
        }),
      'ENGINE_PARAMS_INVALID',
    ],
  ];
  it.each(badInputs)('throws for %s', (_d, call, code) => {
    expect(call).toThrowWithCode(CoreError, code);
  });
});

describe('findingsToGeoJson', () => {
  it('wraps findings in an RFC 7946 FeatureCollection', () => {
    const agreement = parseAgreement({
      ...BASE_AGREEMENT,
      rules: [{ id: 'no-fire', kind: 'no_fire' }],
    });
    const findings = evaluateAgreement({
      agreement,
      events: [eventOf({ kind: 'fire', at: [-5, 0], sources: [1] })],
    });
    const collection = findingsToGeoJson(findings);
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features).toEqual(findings);
    expect(collection.features[0]!.geometry.type).toBe('Point');
  });
});
