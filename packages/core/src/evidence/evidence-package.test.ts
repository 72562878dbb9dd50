import { describe, expect, it } from 'vitest';
import { base64Encode, utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import { inclusionProof } from '../tlog/inclusion-proof.js';
import {
  LOG_VKEY,
  cosignature,
  cosignedNote,
  policyText,
  standardLog,
} from './evidence-fixture.js';
import {
  EVIDENCE_FORMAT_V1,
  buildEntryEvidence,
  formatEntryEvidence,
  parseEntryEvidence,
  readEntryEvidence,
} from './evidence-package.js';
import type { EntryEvidenceInput } from './evidence-package.js';

const log = standardLog();
const logged = (index: number) => ({
  index,
  bytes: log.entries[index]!,
  proof: inclusionProof(index, log.entries.length, log.reader),
});
const input: EntryEvidenceInput = {
  logVkey: LOG_VKEY,
  checkpoint: cosignedNote(log, [cosignature(log, 0), cosignature(log, 1)]),
  policy: policyText(),
  entry: logged(5),
  registry: [logged(3), logged(0)],
};

describe('buildEntryEvidence', () => {
  const evidence = buildEntryEvidence(input);

  it('encodes the pieces, every proof at the checkpoint size', () => {
    expect(evidence).toMatchObject({
      format: EVIDENCE_FORMAT_V1,
      kind: 'entry',
      log: { vkey: LOG_VKEY, checkpoint: input.checkpoint },
      policy: input.policy,
      entry: {
        bytes: base64Encode(log.entries[5]!),
        proof: { index: 5, size: 7 },
      },
    });
    expect(evidence.entry.proof.hashes).toEqual(
      input.entry.proof.map((hash) => base64Encode(hash))
    );
  });

  it('lists registry entries by index', () => {
    expect(evidence.registry.map((e) => e.proof.index)).toEqual([0, 3]);
    expect(evidence.registry.map((e) => e.proof.size)).toEqual([7, 7]);
  });

  describe('when the checkpoint does not parse', () => {
    it('throws EVIDENCE_MALFORMED', () => {
      expect(() =>
        buildEntryEvidence({ ...input, checkpoint: 'no note\n' })
      ).toThrowWithCode(CoreError, 'EVIDENCE_MALFORMED');
    });
  });

  describe('when a piece is out of range', () => {
    it('throws EVIDENCE_MALFORMED', () => {
      expect(() =>
        buildEntryEvidence({ ...input, entry: { ...logged(5), index: -1 } })
      ).toThrowWithCode(CoreError, 'EVIDENCE_MALFORMED');
    });
  });
});

describe('formatEntryEvidence', () => {
  it('writes indented JSON with a final newline that parses back', () => {
    const evidence = buildEntryEvidence(input);
    const text = formatEntryEvidence(evidence);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "format": "truce-evidence/v1",\n');
    expect(parseEntryEvidence(text)).toEqual(evidence);
  });
});

describe('parseEntryEvidence', () => {
  const evidence = buildEntryEvidence(input);
  const text = formatEntryEvidence(evidence);

  it.each([
    ['text', text],
    ['UTF-8 bytes', utf8Encode(text)],
    ['parsed JSON', JSON.parse(text)],
  ] as [string, unknown][])('reads %s', (_d, value) => {
    expect(parseEntryEvidence(value)).toEqual(evidence);
  });

  describe('when the file is not v1 evidence', () => {
    const cases: [string, unknown, string][] = [
      ['truncated text', text.slice(0, 100), 'EVIDENCE_MALFORMED'],
      ['a duplicate name', `{"a":1,"a":2}`, 'EVIDENCE_MALFORMED'],
      ['an array', [], 'EVIDENCE_MALFORMED'],
      ['a hash of 33 bytes', patchHash(evidence, 33), 'EVIDENCE_MALFORMED'],
      [
        'too many proof hashes',
        {
          ...evidence,
          entry: {
            ...evidence.entry,
            proof: {
              ...evidence.entry.proof,
              hashes: Array(54).fill(evidence.entry.proof.hashes[0]),
            },
          },
        },
        'EVIDENCE_MALFORMED',
      ],
      [
        'a fractional size',
        patchProof(evidence, { size: 7.5 }),
        'EVIDENCE_MALFORMED',
      ],
      [
        'an unsafe index',
        patchProof(evidence, { index: 2 ** 53 }),
        'EVIDENCE_MALFORMED',
      ],
      [
        'another format',
        { ...evidence, format: 'truce-evidence/v2' },
        'EVIDENCE_FORMAT_UNSUPPORTED',
      ],
      [
        'another kind',
        { ...evidence, kind: 'finding' },
        'EVIDENCE_FORMAT_UNSUPPORTED',
      ],
    ];
    it.each(cases)('throws on %s with %s', (_d, value, code) => {
      expect(() => parseEntryEvidence(value)).toThrowWithCode(CoreError, code);
    });
  });
});

describe('readEntryEvidence', () => {
  describe('when a file is of another version and kind', () => {
    it('reports both as unsupported, with their paths', () => {
      const evidence = buildEntryEvidence(input);
      const result = readEntryEvidence({
        ...evidence,
        format: 'truce-evidence/v2',
        kind: 'finding',
      });
      expect(result).toEqual({
        ok: false,
        issues: [
          expect.objectContaining({
            code: 'EVIDENCE_FORMAT_UNSUPPORTED',
            path: ['format'],
          }),
          expect.objectContaining({
            code: 'EVIDENCE_FORMAT_UNSUPPORTED',
            path: ['kind'],
          }),
        ],
      });
    });
  });

  describe('when several fields are wrong', () => {
    it('reports each with its path', () => {
      const evidence = buildEntryEvidence(input);
      const result = readEntryEvidence({
        ...evidence,
        policy: 7,
        registry: [{ ...evidence.registry[0], bytes: '*' }],
      });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.issues.map((i) => [i.code, i.path])).toEqual([
        ['EVIDENCE_MALFORMED', ['policy']],
        ['EVIDENCE_MALFORMED', ['registry', 0, 'bytes']],
      ]);
    });
  });
});

type Evidence = ReturnType<typeof buildEntryEvidence>;

function patchProof(
  evidence: Evidence,
  proof: Partial<Evidence['entry']['proof']>
): unknown {
  return {
    ...evidence,
    entry: { ...evidence.entry, proof: { ...evidence.entry.proof, ...proof } },
  };
}

function patchHash(evidence: Evidence, bytes: number): unknown {
  const hashes = [base64Encode(new Uint8Array(bytes))];
  return patchProof(evidence, { hashes });
}
