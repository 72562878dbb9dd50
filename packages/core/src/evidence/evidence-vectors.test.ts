/// <reference types="node" />
// Node types for reading and (with REGEN=1) writing the vector files.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@truce/testing';
import { describe, expect, it } from 'vitest';
import { evidenceCases } from './evidence-cases.js';
import type { EvidenceCase } from './evidence-cases.js';
import { GOLDEN_SPEC, evidenceFor, standardLog } from './evidence-fixture.js';
import { formatEntryEvidence } from './evidence-package.js';
import { verifyEvidence } from './verify-evidence.js';

// STYLE §7.27: our own vectors are generated; `REGEN=1 npx vitest run
// packages/core/src/evidence` rewrites them, and otherwise this test fails
// when the generator and the files disagree.
const DIR = join(REPO_ROOT, 'packages/core/test-vectors/evidence');
const GOLDEN_FILE = 'observation.evidence.json';
const REGEN = process.env.REGEN === '1';

function generated(): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    GOLDEN_FILE,
    formatEntryEvidence(evidenceFor(standardLog(), GOLDEN_SPEC))
  );
  for (const [name, vector] of Object.entries(evidenceCases())) {
    files.set(`${name}.json`, `${JSON.stringify(vector, null, 2)}\n`);
  }
  return files;
}

const files = generated();
if (REGEN) {
  for (const [name, text] of files) writeFileSync(join(DIR, name), text);
}

const stored = readdirSync(DIR)
  .filter((name) => name.endsWith('.json'))
  .sort();

describe('test-vectors/evidence', () => {
  it('holds exactly the generated files, byte for byte', () => {
    expect(stored).toEqual([...files.keys()].sort());
    for (const name of stored) {
      expect(readFileSync(join(DIR, name), 'utf8'), name).toBe(files.get(name));
    }
  });
});

describe('verifyEvidence on the stored vectors', () => {
  const vectors = stored
    .filter((name) => name !== GOLDEN_FILE)
    .map((name): [string, EvidenceCase] => [
      name,
      JSON.parse(readFileSync(join(DIR, name), 'utf8')) as EvidenceCase,
    ]);

  it.each(vectors)('%s', (_name, vector) => {
    const text =
      vector.evidenceText ?? `${JSON.stringify(vector.evidence, null, 2)}\n`;
    const report = verifyEvidence(text, vector.options ?? {});
    const got = report.ok
      ? { ok: true }
      : {
          ok: false,
          unusable: report.unusable,
          issues: report.issues.map(({ code, path }) => ({ code, path })),
        };
    expect(got).toEqual(vector.want);
  });

  it('accepts the golden file as it is on disk', () => {
    const text = readFileSync(join(DIR, GOLDEN_FILE));
    expect(verifyEvidence(new Uint8Array(text))).toMatchObject({ ok: true });
  });
});
