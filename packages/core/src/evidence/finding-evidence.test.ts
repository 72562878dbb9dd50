import { describe, expect, it } from 'vitest';
import { base64Decode, base64Encode, utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import type { EvidenceErrorCode } from '../errors.js';
import {
  acousticSceneBundle,
  simulatedBundle,
} from '../replay/replay-fixture.js';
import { LOG_VKEY, policyText } from './evidence-fixture.js';
import type { EvidenceReport } from './evidence-issue.js';
import {
  buildFindingEvidence,
  formatFindingEvidence,
} from './finding-evidence.js';
import type { FindingEvidence } from './finding-evidence.js';
import { findingEvidenceFor, findingLogOf } from './finding-fixture.js';
import type { FindingLog } from './finding-fixture.js';
import { selectFindingEvidence } from './finding-select.js';
import { verifyEvidence } from './verify-evidence.js';

const scene = findingLogOf(acousticSceneBundle());
const indexOf = (log: FindingLog, rule: string, kind: string) =>
  log.replay.layout.firstFinding +
  log.replay.findings.findIndex(
    (f) => f.properties.rule === rule && f.properties.sensorKinds.includes(kind)
  );
const SHOT = indexOf(scene, 'no-fire', 'acoustic');
const RADAR = indexOf(scene, 'no-fire', 'radar');
const shot = findingEvidenceFor(scene, SHOT);

function codesOf(report: EvidenceReport): EvidenceErrorCode[] {
  return report.ok ? [] : [...new Set(report.issues.map((i) => i.code))];
}

function edit(f: (e: FindingEvidence) => void): FindingEvidence {
  const copy = structuredClone(shot);
  f(copy);
  return copy;
}

function flip(text: string, at = 40): string {
  const bytes = base64Decode(text);
  bytes[at] = bytes[at]! ^ 0x01;
  return base64Encode(bytes);
}

describe('finding evidence', () => {
  describe('selectFindingEvidence', () => {
    it('takes the sources, the weather report, the sensors and the agreement', () => {
      const pick = selectFindingEvidence({
        entries: scene.decoded,
        findingIndex: SHOT,
        fusion: scene.replay.engine.fusion.params,
      });
      // 0-7 microphones, 8 the weather station, 9 the radar, 10 the agreement.
      expect(pick).toEqual({
        finding: SHOT,
        agreement: 10,
        sources: [12, 13, 14, 15, 16, 17, 18, 19],
        context: [11],
        registry: [0, 1, 2, 3, 4, 5, 6, 7, 8],
      });
    });

    it.each([
      ['an entry that is no finding', 3, 'FINDING_ENTRY_INVALID'],
      [
        'a finding whose agreement is not logged',
        SHOT,
        'AGREEMENT_ENTRY_INVALID',
      ],
    ] as const)('throws for %s', (_d, index, code) => {
      const entries = scene.decoded.filter((e) => e.entry.type !== 'agreement');
      expect(() =>
        selectFindingEvidence({
          entries,
          findingIndex: index,
          fusion: scene.replay.engine.fusion.params,
        })
      ).toThrowWithCode(CoreError, code);
    });

    it('throws SOURCE_ENTRY_MISSING when a source is not given', () => {
      expect(() =>
        selectFindingEvidence({
          entries: scene.decoded.filter((e) => e.index !== 12),
          findingIndex: SHOT,
          fusion: scene.replay.engine.fusion.params,
        })
      ).toThrowWithCode(CoreError, 'SOURCE_ENTRY_MISSING');
    });
  });

  describe('when the file is valid', () => {
    it('recomputes the shot where it was logged, from its eight pulses', () => {
      const report = verifyEvidence(formatFindingEvidence(shot));
      expect(report).toMatchObject({
        ok: true,
        summary: {
          kind: 'finding',
          entry: { index: SHOT, value: { type: 'finding' } },
          trusted: { logKey: false, policy: false },
          finding: {
            rule: 'no-fire',
            kind: 'fire',
            party: 'A',
            agreement: { index: 10, id: 'sim-demo-2026', version: 1 },
            engine: { rules: 'truce-rules/1' },
            context: [11],
            recomputed: { distanceM: 0, ellipseFraction: 0, party: 'A' },
          },
        },
      });
    });

    it('accepts it as UTF-8 bytes, with the log key and policy pinned', () => {
      const report = verifyEvidence(utf8Encode(formatFindingEvidence(shot)), {
        trust: [LOG_VKEY],
        policy: policyText(),
      });
      expect(report).toMatchObject({
        ok: true,
        summary: { trusted: { logKey: true, policy: true } },
      });
    });

    it('holds for every finding of two hours of a simulated scenario', () => {
      const sim = findingLogOf(simulatedBundle(2));
      const { firstFinding } = sim.replay.layout;
      const reports = sim.replay.findings.map((_f, i) =>
        verifyEvidence(findingEvidenceFor(sim, firstFinding + i))
      );
      expect(reports.length).toBeGreaterThan(5);
      expect(reports.map(codesOf)).toEqual(reports.map(() => []));
      const kinds = new Set(
        sim.replay.findings.flatMap((f) => f.properties.sensorKinds)
      );
      expect([...kinds].sort()).toEqual([
        'acoustic',
        'imagery',
        'patrol',
        'radar',
      ]);
    });
  });

  describe('when a part of the file was changed', () => {
    const engine = shot.engine;
    const cases: [
      string,
      FindingEvidence,
      EvidenceErrorCode,
      (string | number)[],
    ][] = [
      [
        'a source entry byte',
        edit((e) => {
          e.sources[2]!.bytes = flip(e.sources[2]!.bytes);
        }),
        'INCLUSION_PROOF_INVALID',
        ['sources', 2],
      ],
      [
        'an agreement byte',
        edit((e) => {
          e.agreement.bytes = flip(e.agreement.bytes, 200);
        }),
        'INCLUSION_PROOF_INVALID',
        ['agreement'],
      ],
      [
        'the agreement swapped for another logged entry',
        edit((e) => {
          e.agreement = e.registry[0]!;
          e.registry.shift();
        }),
        'AGREEMENT_ENTRY_INVALID',
        ['agreement', 'bytes'],
      ],
      [
        'a rules parameter',
        edit((e) => {
          e.engine.rules.params.attributionThreshold = 0.95;
        }),
        'ENGINE_PARAMS_MISMATCH',
        ['engine', 'rules', 'params'],
      ],
      [
        'a fusion parameter',
        edit((e) => {
          e.engine.fusion.params.acoustic.minDetections = 9;
        }),
        'FINDING_NOT_REPRODUCED',
        ['finding'],
      ],
      [
        'a source left out',
        edit((e) => {
          e.sources.pop();
        }),
        'SOURCE_ENTRY_MISSING',
        ['sources'],
      ],
      [
        'a context entry passed off as a source',
        edit((e) => {
          e.sources.push(e.context.pop()!);
        }),
        'SOURCE_ENTRY_UNEXPECTED',
        ['sources', 8],
      ],
      [
        'a sensor registration left out',
        edit((e) => {
          e.registry.splice(1, 1);
        }),
        'SENSOR_ENTRY_MISSING',
        ['registry'],
      ],
      [
        'a registry entry of no source',
        edit((e) => {
          e.context = [];
        }),
        'SENSOR_ENTRY_UNEXPECTED',
        ['registry', 8],
      ],
    ];
    it.each(cases)('%s fails with %s', (_d, evidence, code, path) => {
      const report = verifyEvidence(evidence);
      expect(report.ok).toBe(false);
      if (report.ok) return;
      expect(report.unusable).toBe(false);
      expect(report.issues).toContainEqual(
        expect.objectContaining({ code, path })
      );
      expect(engine).toEqual(shot.engine);
    });

    it('is unusable when made by an engine version this verifier cannot rerun', () => {
      const report = verifyEvidence(
        edit((e) => {
          e.engine.fusion.version = 'truce-fusion/9';
        })
      );
      expect(report).toMatchObject({ ok: false, unusable: true });
      expect(codesOf(report)).toEqual(['ENGINE_VERSION_UNSUPPORTED']);
    });

    it('is unusable when the fusion parameters are not complete', () => {
      const report = verifyEvidence(
        edit((e) => {
          delete (e.engine.fusion.params as { pairing?: unknown }).pairing;
        })
      );
      expect(report).toMatchObject({ ok: false, unusable: true });
      expect(codesOf(report)).toEqual(['EVIDENCE_MALFORMED']);
    });
  });

  describe('buildFindingEvidence', () => {
    it('refuses parameters that do not resolve', () => {
      const input = {
        logVkey: LOG_VKEY,
        checkpoint: shot.log.checkpoint,
        policy: shot.policy,
        finding: { index: RADAR, bytes: scene.log.entries[RADAR]!, proof: [] },
        agreement: { index: 10, bytes: scene.log.entries[10]!, proof: [] },
        sources: [],
        context: [],
        registry: [],
        engine: {
          ...shot.engine,
          rules: { version: 'x', params: {} as never },
        },
      };
      expect(() => buildFindingEvidence(input)).toThrowWithCode(
        CoreError,
        'EVIDENCE_MALFORMED'
      );
    });
  });
});
