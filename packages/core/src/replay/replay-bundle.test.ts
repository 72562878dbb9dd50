import { describe, expect, it } from 'vitest';
import { canonicalJsonBytes } from '../evidence/canonical-json.js';
import { acousticSceneBundle } from './replay-fixture.js';
import { CoreError } from '../errors.js';
import { decodeLogEntry } from '../log/entry.js';
import { replayBundle } from './replay-bundle.js';

const bundle = acousticSceneBundle();

describe('replayBundle', () => {
  describe('on a clean bundle', () => {
    const result = replayBundle(bundle);
    const types = result.entries.map((bytes) => decodeLogEntry(bytes).type);

    it('logs registrations, the agreement, observations, then findings', () => {
      const n = bundle.sensors.length;
      expect(types.slice(0, n)).toEqual(Array(n).fill('sensor_registered'));
      expect(result.layout).toEqual({
        agreementIndex: n,
        firstObservation: n + 1,
        observations: bundle.envelopes.length,
        firstFinding: n + 1 + bundle.envelopes.length,
      });
      expect(types[n]).toBe('agreement');
      expect(types.slice(result.layout.firstFinding)).toEqual(
        result.findings.map(() => 'finding')
      );
      expect(result.rejected).toEqual([]);
    });

    it('finds the shot from its eight pulses and the radar track', () => {
      const rules = result.findings.map(
        (f) => `${f.properties.rule} ${f.properties.sensorKinds.join()}`
      );
      expect(rules.sort()).toEqual([
        'no-fire acoustic',
        'no-fire radar',
        'withdraw-artillery radar',
      ]);
      expect(result.findings[0]!.properties.sources).toHaveLength(8);
      expect(result.geojson.features).toEqual(result.findings);
    });

    it('records the parameters in full, the frame origin pinned', () => {
      expect(result.engine.fusion.params.origin).toHaveLength(3);
      expect(result.engine.rules.version).toBe('truce-rules/1');
      expect(result.nowMicros).toBe(Date.parse('2026-08-23T01:01:00Z') * 1000);
    });

    it('gives the same bytes twice', () => {
      const again = replayBundle(bundle);
      expect(again.entries).toEqual(result.entries);
      expect(canonicalJsonBytes(again.geojson)).toEqual(
        canonicalJsonBytes(result.geojson)
      );
    });
  });

  describe('when envelopes are bad, forged or replayed', () => {
    const [first, second] = bundle.envelopes as Record<string, unknown>[];
    const forged = structuredClone(second!) as {
      signatures: { sig: string }[];
    };
    const sig = forged.signatures[0]!.sig;
    forged.signatures[0]!.sig = `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    const stranger = structuredClone(first!) as {
      signatures: { keyid: string }[];
    };
    stranger.signatures[0]!.keyid = 'mic-9';
    const envelopes = [
      ...bundle.envelopes,
      undefined,
      forged,
      first,
      { payloadType: 'text/plain' },
      stranger,
    ];
    const result = replayBundle({ ...bundle, envelopes });
    const n = bundle.envelopes.length;

    it('rejects each with its line and code, and logs none of them', () => {
      expect(result.rejected.map((r) => [r.line, r.code])).toEqual([
        [n + 1, 'ENVELOPE_MALFORMED'],
        [n + 2, 'SIGNATURE_INVALID'],
        [n + 3, 'SEQ_REPLAYED'],
        [n + 4, 'ENVELOPE_MALFORMED'],
        [n + 5, 'KEYID_MISMATCH'],
      ]);
      expect(result.layout.observations).toBe(n);
      expect(result.entries).toEqual(replayBundle(bundle).entries);
    });
  });

  describe('when the bundle itself is unusable', () => {
    const [sensor] = bundle.sensors;
    const cases: [string, Partial<typeof bundle>][] = [
      ['a sensor twice', { sensors: [sensor!, sensor!] }],
      [
        'a sensor record with an unknown field',
        { sensors: [{ ...sensor!, x: 1 } as never] },
      ],
      ['an agreement without rules', { agreement: { id: 'x' } }],
      ['sensors that are no array', { sensors: {} as never }],
    ];
    it.each(cases)('throws REPLAY_BUNDLE_INVALID for %s', (_d, patch) => {
      expect(() => replayBundle({ ...bundle, ...patch })).toThrowWithCode(
        CoreError,
        'REPLAY_BUNDLE_INVALID'
      );
    });
  });

  it('tells its progress, ending with done equal to total', () => {
    const calls: [number, number][] = [];
    replayBundle({ ...bundle, onProgress: (d, t) => calls.push([d, t]) });
    const total = bundle.envelopes.length + 2;
    expect(calls.at(-1)).toEqual([total, total]);
  });
});
