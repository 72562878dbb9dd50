import { describe, expect, it } from 'vitest';
import { base64Decode, base64Encode } from '../bytes.js';
import type { EvidenceErrorCode } from '../errors.js';
import { GOLDEN_SPEC, evidenceFor, standardLog } from './evidence-fixture.js';
import type { EntryEvidence } from './evidence-package.js';
import { verifyEvidence } from './verify-evidence.js';

// The issue's tamper table, made exhaustive: every leaf of the golden file
// is changed in turn (a flipped byte inside each base64 value, +1 on each
// number, each character of every other string replaced), and each change
// must make the file fail with the reason that field stands for.

type Path = (string | number)[];
type Mutation = {
  desc: string;
  path: Path;
  /** The character changed, for strings. */
  at?: number;
  apply: (e: EntryEvidence) => void;
};

const golden = evidenceFor(standardLog(), GOLDEN_SPEC);

function leaves(value: unknown, path: Path = []): [Path, unknown][] {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => leaves(v, [...path, i]));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  return [[path, value]];
}

function setAt(root: unknown, path: Path, value: unknown): void {
  const parent = path
    .slice(0, -1)
    .reduce<unknown>(
      (node, key) => (node as Record<string, unknown>)[key],
      root
    );
  (parent as Record<string | number, unknown>)[path[path.length - 1]!] = value;
}

// Base64 fields are entry bytes and proof hashes: a flipped bit keeps
// them valid base64, so the change reaches the checks behind the schema.
function isBase64Field(path: Path): boolean {
  const last = path[path.length - 1];
  return last === 'bytes' || path[path.length - 2] === 'hashes';
}

// '0' for any other character ('1' for '0'): never whitespace, and never a
// change of case, which in a hex key ID names the same key.
function replaceChar(text: string, at: number): string {
  const c = text[at] === '0' ? '1' : '0';
  return text.slice(0, at) + c + text.slice(at + 1);
}

function mutations(): Mutation[] {
  const out: Mutation[] = [];
  for (const [path, value] of leaves(golden)) {
    const name = path.join('.');
    if (typeof value === 'number') {
      out.push({
        desc: `${name} + 1`,
        path,
        apply: (e) => setAt(e, path, value + 1),
      });
    } else if (typeof value === 'string' && isBase64Field(path)) {
      const length = base64Decode(value).length;
      for (const at of new Set([0, length >> 1, length - 1])) {
        out.push({
          desc: `${name} byte ${at} flipped`,
          path,
          apply: (e) => {
            const bytes = base64Decode(value);
            bytes[at] = bytes[at]! ^ 0x01;
            setAt(e, path, base64Encode(bytes));
          },
        });
      }
    } else if (typeof value === 'string') {
      for (let at = 0; at < value.length; at++) {
        out.push({
          desc: `${name} char ${at} replaced`,
          path,
          at,
          apply: (e) => setAt(e, path, replaceChar(value, at)),
        });
      }
    }
  }
  return out;
}

// Note lines 0 to 3 are the checkpoint body and the blank line, line 4
// the log's signature, lines 5 and 6 the two cosignatures.
function noteLine(at: number): number {
  return golden.log.checkpoint.slice(0, at).split('\n').length - 1;
}

// The reason each field stands for: at least one of these must be given.
function wanted({ path, at }: Mutation): EvidenceErrorCode[] {
  const [top, second] = path;
  if (top === 'format' || top === 'kind') {
    return ['EVIDENCE_FORMAT_UNSUPPORTED'];
  }
  if (top === 'log' && second === 'vkey') return ['LOG_KEY_INVALID'];
  if (top === 'log') {
    return noteLine(at!) <= 4
      ? ['CHECKPOINT_MALFORMED', 'CHECKPOINT_SIGNATURE_INVALID']
      : ['CHECKPOINT_MALFORMED', 'COSIGNATURE_INVALID', 'QUORUM_NOT_MET'];
  }
  if (top === 'policy') {
    return ['POLICY_INVALID', 'POLICY_LOG_MISMATCH', 'QUORUM_NOT_MET'];
  }
  if (top === 'entry') return ['INCLUSION_PROOF_INVALID'];
  return ['SENSOR_PROOF_INVALID'];
}

describe('verifyEvidence on the golden file with one field changed', () => {
  const all = mutations();

  it('changes every leaf of the file', () => {
    const paths = new Set(all.map((m) => m.path.join('.')));
    expect(paths.size).toBe(leaves(golden).length);
    expect(all.length).toBeGreaterThan(1000);
  });

  it.each(all.map((m): [string, Mutation] => [m.desc, m]))(
    '%s',
    (_desc, mutation) => {
      const evidence = structuredClone(golden);
      mutation.apply(evidence);
      const report = verifyEvidence(evidence);
      expect(report.ok).toBe(false);
      if (report.ok) return;
      const codes = report.issues.map((issue) => issue.code);
      expect(codes).toEqual(
        expect.arrayContaining([
          expect.toSatisfy((c: EvidenceErrorCode) =>
            wanted(mutation).includes(c)
          ),
        ])
      );
      expect(report.unusable).toBe(
        codes.includes('EVIDENCE_FORMAT_UNSUPPORTED')
      );
    }
  );
});

describe('verifyEvidence on the golden file with a part removed', () => {
  const cases: [string, (e: EntryEvidence) => void, EvidenceErrorCode][] = [
    [
      'the last proof hash',
      (e) => e.entry.proof.hashes.pop(),
      'INCLUSION_PROOF_INVALID',
    ],
    [
      'the first proof hash',
      (e) => e.entry.proof.hashes.shift(),
      'INCLUSION_PROOF_INVALID',
    ],
    [
      'a registry proof hash',
      (e) => e.registry[1]!.proof.hashes.pop(),
      'SENSOR_PROOF_INVALID',
    ],
    ['the registration', (e) => e.registry.shift(), 'SENSOR_ENTRY_MISSING'],
    ['the rotation', (e) => e.registry.pop(), 'OBSERVATION_SIGNATURE_INVALID'],
    [
      'every registry entry',
      (e) => e.registry.splice(0),
      'SENSOR_ENTRY_MISSING',
    ],
    ['the policy', (e) => (e.policy = ''), 'POLICY_INVALID'],
  ];
  it.each(cases)('%s → %s', (_d, change, code) => {
    const evidence = structuredClone(golden);
    change(evidence);
    const report = verifyEvidence(evidence);
    expect(report.ok ? [] : report.issues.map((i) => i.code)).toContain(code);
  });
});
