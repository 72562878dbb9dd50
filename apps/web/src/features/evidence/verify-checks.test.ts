import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyEvidence } from '@truce/core';
import type { EvidenceErrorCode, VerifyEvidenceOptions } from '@truce/core';
import { CHECK_IDS, checkOfCode, checksOf } from './verify-checks.js';

// Core's evidence vectors: one valid file and every way a file can fail.
const VECTORS = fileURLToPath(
  new URL(
    '../../../../../packages/core/test-vectors/evidence/',
    import.meta.url
  )
);

type Vector = {
  desc: string;
  evidence?: unknown;
  evidenceText?: string;
  options?: VerifyEvidenceOptions;
  want: {
    ok: boolean;
    unusable?: boolean;
    issues?: { code: EvidenceErrorCode }[];
  };
};

const vectors = readdirSync(VECTORS)
  .filter(
    (name) => name.endsWith('.json') && name !== 'observation.evidence.json'
  )
  .map((name) => ({
    name,
    vector: JSON.parse(readFileSync(VECTORS + name, 'utf8')) as Vector,
  }));

function viewOf(vector: Vector) {
  return checksOf(
    verifyEvidence(vector.evidenceText ?? vector.evidence, vector.options ?? {})
  );
}

function failing(vector: Vector): string[] {
  return viewOf(vector)
    .checks.filter((c) => c.result === 'fail')
    .map((c) => c.id);
}

const named = (name: string) =>
  vectors.find((v) => v.name === `${name}.json`)!.vector;

describe('checksOf', () => {
  it('reads every core evidence vector', () => {
    expect(vectors.length).toBeGreaterThan(40);
  });

  describe.each(vectors)('on $name', ({ vector }) => {
    it('gives the verdict the vector wants, one row per check', () => {
      const view = viewOf(vector);
      expect(view.verdict).toBe(
        vector.want.ok ? 'valid' : vector.want.unusable ? 'unusable' : 'invalid'
      );
      expect(view.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
    });

    it('fails exactly the checks its issues belong to', () => {
      const want = new Set(
        (vector.want.issues ?? []).map((issue) => checkOfCode(issue.code))
      );
      expect(new Set(failing(vector))).toEqual(want);
    });
  });

  describe('when the file is valid', () => {
    it('passes every check and says what each one proved', () => {
      const view = viewOf(named('valid-observation-all-witnesses'));
      expect(view.checks.every((c) => c.result === 'pass')).toBe(true);
      const quorum = view.checks.find((c) => c.id === 'quorum')!;
      expect(quorum.detail.join(' ')).toMatch(/^quorum \S+ met by .+/);
    });
  });

  describe('when one part is forged', () => {
    it.each([
      ['checkpoint-log-signature-changed', 'checkpoint'],
      ['quorum-one-of-three', 'quorum'],
      ['cosignature-forged', 'quorum'],
      ['entry-proof-hash-dropped', 'proofs'],
      ['forged-signature', 'signatures'],
      ['forged-old-key', 'signatures'],
    ])('%s fails the %s check', (name, check) => {
      expect(failing(named(name))).toContain(check);
      expect(viewOf(named(name)).verdict).toBe('invalid');
    });
  });

  describe('when the file is unusable', () => {
    it('fails the format check and marks the others not checked', () => {
      const view = viewOf(named('unusable-not-json'));
      expect(view.verdict).toBe('unusable');
      expect(view.checks.map((c) => c.result)).toEqual([
        'fail',
        'not-checked',
        'not-checked',
        'not-checked',
        'not-checked',
        'not-checked',
      ]);
    });
  });
});
