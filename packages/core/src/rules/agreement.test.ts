/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { decodeLogEntry, encodeLogEntry } from '../log/entry.js';
import {
  AGREEMENT_ISSUE_CODES,
  parseAgreement,
  validateAgreement,
} from './agreement.js';
import {
  BASE_AGREEMENT,
  mergePatch,
  withKmGeometry,
} from './vector-fixture.js';

/**
 * One case of test-vectors/rules/agreement: the base agreement with a merge
 * `patch` and `rules`, or a whole raw `agreement`, and the issues wanted.
 */
type AgreementVector = {
  desc: string;
  agreement?: unknown;
  patch?: unknown;
  rules?: unknown[];
  wantIssues: { code: string; path: (string | number)[] }[];
};

const files = import.meta.glob<AgreementVector>(
  '../../test-vectors/rules/agreement/*.json',
  { eager: true, import: 'default' }
);
const vectors = Object.entries(files).map(
  ([path, v]) => [path.replace(/^.*\/|\.json$/g, ''), v] as const
);

function agreementOf(v: AgreementVector): unknown {
  if (v.agreement !== undefined) return v.agreement;
  const base = { ...BASE_AGREEMENT, rules: v.rules ?? BASE_AGREEMENT.rules };
  return withKmGeometry(mergePatch(base, v.patch ?? {}));
}

const byPath = (a: { code: string; path: unknown[] }, b: typeof a) =>
  JSON.stringify([a.path, a.code]).localeCompare(
    JSON.stringify([b.path, b.code])
  );

describe('validateAgreement vectors', () => {
  it('have a case for every issue code', () => {
    const codes = new Set(
      vectors.flatMap(([, v]) => v.wantIssues.map((i) => i.code))
    );
    expect([...codes].sort()).toEqual([...AGREEMENT_ISSUE_CODES].sort());
  });

  describe.each(vectors)('%s', (_name, v) => {
    it(v.desc, () => {
      const result = validateAgreement(agreementOf(v));
      const got = result.ok
        ? []
        : result.issues.map(({ code, path }) => ({ code, path }));
      expect(got.sort(byPath)).toEqual([...v.wantIssues].sort(byPath));
    });
  });
});

describe('parseAgreement', () => {
  it('returns the agreement with its rules parsed', () => {
    const agreement = parseAgreement({
      ...BASE_AGREEMENT,
      rules: [{ id: 'r', kind: 'no_fire' }],
    });
    expect(agreement.rules).toEqual([{ id: 'r', kind: 'no_fire' }]);
  });

  it('throws AGREEMENT_INVALID with every issue as cause', () => {
    const bad = { ...BASE_AGREEMENT, leftParty: 'C', version: 0 };
    expect(() => parseAgreement(bad)).toThrowWithCode(
      CoreError,
      'AGREEMENT_INVALID'
    );
    try {
      parseAgreement(bad);
    } catch (err) {
      expect(((err as CoreError).cause as unknown[]).length).toBe(2);
    }
  });

  it('throws AGREEMENT_INVALID for null', () => {
    expect(() => parseAgreement(null)).toThrowWithCode(
      CoreError,
      'AGREEMENT_INVALID'
    );
  });
});

describe('the agreement log entry', () => {
  const entry = {
    v: 1 as const,
    type: 'agreement' as const,
    time: '2026-11-30T12:00:00Z',
    actor: 'mission',
    agreement: parseAgreement({
      ...BASE_AGREEMENT,
      rules: [{ id: 'r', kind: 'no_fire' }],
    }),
  };

  it('round-trips byte for byte', () => {
    const bytes = encodeLogEntry(entry);
    expect(decodeLogEntry(bytes)).toEqual(entry);
  });

  it('refuses an agreement with issues, naming them', () => {
    const bad = { ...entry, agreement: { ...entry.agreement, leftParty: 'C' } };
    expect(() => encodeLogEntry(bad)).toThrowWithCode(
      CoreError,
      'ENTRY_MALFORMED'
    );
    expect(() => encodeLogEntry(bad)).toThrow(/LEFT_PARTY_UNKNOWN/);
  });
});
