import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../bytes.js';
import type { EvidenceErrorCode } from '../errors.js';
import { ed25519PublicKey, ed25519Verify } from '../observation/ed25519.js';
import {
  NOTE_KEY_TYPE_COSIGNATURE_V1,
  formatVerifierKey,
} from '../tlog/note-key.js';
import {
  GOLDEN_SPEC,
  LOG_ORIGIN,
  LOG_VKEY,
  OTHER_SENSOR,
  SENSOR,
  WITNESSES,
  buildTestLog,
  evidenceFor,
  observed,
  registered,
  seedOf,
  standardLog,
} from './evidence-fixture.js';
import type { EvidenceReport } from './evidence-issue.js';
import { formatEntryEvidence } from './evidence-package.js';
import { verifyEvidence } from './verify-evidence.js';

const log = standardLog();
const golden = evidenceFor(log, GOLDEN_SPEC);
const goldenText = formatEntryEvidence(golden);

function codesOf(report: EvidenceReport): EvidenceErrorCode[] {
  return report.ok ? [] : report.issues.map((issue) => issue.code);
}

describe('verifyEvidence', () => {
  describe('when the file is valid', () => {
    it('summarises what it proves', () => {
      const report = verifyEvidence(goldenText);
      expect(report.ok).toBe(true);
      if (!report.ok) return;
      const { summary } = report;
      expect(summary).toMatchObject({
        kind: 'entry',
        log: { origin: LOG_ORIGIN, vkey: LOG_VKEY, size: 7 },
        cosigners: ['party-a', 'party-b'],
        quorum: 'witnesses',
        trusted: { logKey: false, policy: false },
        entry: { index: 5, value: { type: 'observation' } },
        sensor: { id: SENSOR, registryIndexes: [0, 3] },
      });
      expect(summary.entry.observation).toMatchObject({
        sensor: SENSOR,
        seq: 1,
        kind: 'acoustic',
      });
    });

    it('says which inputs the caller pinned', () => {
      const report = verifyEvidence(goldenText, {
        trust: [LOG_VKEY],
        policy: golden.policy,
      });
      expect(report).toMatchObject({
        ok: true,
        summary: { trusted: { logKey: true, policy: true } },
      });
    });

    const inputs: [string, unknown][] = [
      ['text', goldenText],
      ['UTF-8 bytes', utf8Encode(goldenText)],
      ['parsed JSON', JSON.parse(goldenText)],
    ];
    it.each(inputs)('accepts it as %s', (_d, input) => {
      expect(verifyEvidence(input).ok).toBe(true);
    });

    it('uses the Ed25519 verification it is given', () => {
      let calls = 0;
      const report = verifyEvidence(goldenText, {
        verify: (key, message, sig) => {
          calls++;
          return ed25519Verify(key, message, sig);
        },
      });
      expect(report.ok).toBe(true);
      // The log signature, two cosignatures and the observation.
      expect(calls).toBe(4);
    });
  });

  describe('when the Ed25519 verification it is given throws', () => {
    it('counts each signature as failed and still reports', () => {
      const report = verifyEvidence(goldenText, {
        verify: () => {
          throw new Error('boom');
        },
      });
      expect(codesOf(report)).toEqual([
        'CHECKPOINT_SIGNATURE_INVALID',
        'COSIGNATURE_INVALID',
        'COSIGNATURE_INVALID',
        'QUORUM_NOT_MET',
        'OBSERVATION_SIGNATURE_INVALID',
      ]);
    });
  });

  describe('when some of the three witnesses cosign a 2-of-3 policy', () => {
    const cases: [number[], EvidenceErrorCode[]][] = [
      [[], ['QUORUM_NOT_MET']],
      [[0], ['QUORUM_NOT_MET']],
      [[1], ['QUORUM_NOT_MET']],
      [[2], ['QUORUM_NOT_MET']],
      [[0, 1], []],
      [[0, 2], []],
      [[1, 2], []],
      [[0, 1, 2], []],
    ];
    it.each(cases)('cosigners %j → %j', (cosigners, want) => {
      const evidence = evidenceFor(log, { ...GOLDEN_SPEC, cosigners });
      expect(codesOf(verifyEvidence(evidence))).toEqual(want);
    });
  });

  describe('when a signature line is by a key the policy does not list', () => {
    it('ignores it (c2sp.org/signed-note) and counts the others', () => {
      const stranger = formatVerifierKey(
        WITNESSES[2]!.keyName,
        ed25519PublicKey(seedOf('stranger')),
        NOTE_KEY_TYPE_COSIGNATURE_V1
      );
      const policy = golden.policy.replace(WITNESSES[2]!.vkey, stranger);
      const evidence = evidenceFor(log, {
        ...GOLDEN_SPEC,
        cosigners: [0, 1, 2],
        policy,
      });
      const report = verifyEvidence(evidence);
      expect(report).toMatchObject({
        ok: true,
        summary: { cosigners: ['party-a', 'party-b'] },
      });
    });
  });

  describe('when the input is not an evidence file', () => {
    const cases: [string, unknown][] = [
      ['undefined', undefined],
      ['null', null],
      ['a number', 7],
      ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d])],
      ['a JSON string', '"truce-evidence/v1"'],
    ];
    it.each(cases)('reports %s as unusable', (_d, input) => {
      const report = verifyEvidence(input);
      expect(report).toMatchObject({ ok: false, unusable: true });
      expect(codesOf(report)).toEqual(['EVIDENCE_MALFORMED']);
    });
  });

  describe('when several things are wrong', () => {
    // A log that admitted an observation by an unregistered sensor whose
    // keyid names another sensor, with one proof hash changed.
    const forged = buildTestLog([
      registered(OTHER_SENSOR, 'acoustic-018 key 1'),
      observed(SENSOR, 0, 'acoustic-017 key 1', { keyid: OTHER_SENSOR }),
    ]);
    const evidence = evidenceFor(forged, { index: 1, registry: [0] });
    evidence.entry.proof.hashes[0] = evidence.registry[0]!.proof.hashes[0]!;
    const report = verifyEvidence(evidence, { trust: [] });

    it('reports every one, ordered by code and then by place in the file', () => {
      expect(codesOf(report)).toEqual([
        'LOG_KEY_UNTRUSTED',
        'INCLUSION_PROOF_INVALID',
        'SENSOR_ENTRY_UNEXPECTED',
        'SENSOR_ENTRY_MISSING',
        'SENSOR_KEY_MISMATCH',
      ]);
    });

    it('reports the same issues every time', () => {
      expect(verifyEvidence(evidence, { trust: [] })).toEqual(report);
    });
  });
});
