import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatVerifierKey,
  publicKeyFromSeed,
  sha256,
  utf8Encode,
} from '@truce/core';
import { REPO_ROOT } from '@truce/testing';
import { runCli, tempDir } from './helpers.js';
import { runTruce } from './processes.js';

const DIR = join(REPO_ROOT, 'packages/core/test-vectors/evidence');
const GOLDEN = join(DIR, 'observation.evidence.json');

type Case = {
  desc: string;
  options?: { policy?: string; trust?: string[] };
  evidence?: unknown;
  evidenceText?: string;
  want:
    | { ok: true }
    | {
        ok: false;
        unusable: boolean;
        issues: { code: string; path: unknown[] }[];
      };
};

let files: ReturnType<typeof tempDir>;
beforeAll(() => {
  files = tempDir();
});
afterAll(() => files.cleanup());

/** The command line that checks a vector: its file and its options as flags. */
function argvOf(name: string, vector: Case): string[] {
  const file = join(files.path, name);
  writeFileSync(
    file,
    vector.evidenceText ?? `${JSON.stringify(vector.evidence, null, 2)}\n`
  );
  const argv = ['verify', 'evidence', file];
  if (vector.options?.policy !== undefined) {
    const policy = join(files.path, `${name}.policy`);
    writeFileSync(policy, vector.options.policy);
    argv.push('--policy', policy);
  }
  for (const vkey of vector.options?.trust ?? []) argv.push('--trust', vkey);
  return argv;
}

const vectors = readdirSync(DIR)
  .filter(
    (name) => name.endsWith('.json') && name !== 'observation.evidence.json'
  )
  .sort()
  .map((name): [string, Case] => [
    name,
    JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Case,
  ]);

describe('truce verify evidence', () => {
  // Every core vector through the CLI: exit 0 valid, 1 invalid, 2 unusable,
  // and the codes and paths core's verifier reports.
  describe.each(vectors)('on %s', (name, vector) => {
    const want = vector.want;
    const exit = want.ok ? 0 : want.unusable ? 2 : 1;
    it(`exits ${exit}${want.ok ? '' : ` with ${want.issues.map((i) => i.code).join(', ')}`}`, async () => {
      const run = await runCli([...argvOf(name, vector), '--json']);
      expect(run.code).toBe(exit);
      const report = JSON.parse(run.stdout);
      expect(report.ok).toBe(want.ok);
      if (!want.ok) {
        expect(
          report.issues.map((i: { code: string; path: unknown[] }) => ({
            code: i.code,
            path: i.path,
          }))
        ).toEqual(want.issues);
      }
    });
  });

  it('prints a summary of a valid file, and warns that nothing was pinned', async () => {
    const run = await runCli(['verify', 'evidence', GOLDEN]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^OK evidence for entry 5 of log log\.truce\.example$/m
    );
    expect(run.stdout).toMatch(
      /quorum witnesses met; cosigned by party-a, party-b/
    );
    expect(run.stderr).toMatch(/Pass --trust VKEY and --policy FILE/);
  });

  it('prints each issue as FAIL <CODE> <path>: <message>', async () => {
    const [name, vector] = vectors.find(
      ([n]) => n === 'entry-signature-changed.json'
    )!;
    const run = await runCli(argvOf(name, vector));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL INCLUSION_PROOF_INVALID entry: .+$/m);
    expect(run.stdout).toMatch(
      /^FAIL OBSERVATION_SIGNATURE_INVALID entry\/bytes: .+$/m
    );
    expect(run.stderr).toMatch(/failed verification \(2 issue\(s\)\)/);
  });

  it('exits 1 with LOG_KEY_UNTRUSTED for --trust with another key', async () => {
    const other = formatVerifierKey(
      'log.truce.example',
      publicKeyFromSeed(sha256(utf8Encode('not the log')))
    );
    const run = await runCli(['verify', 'evidence', GOLDEN, '--trust', other]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL LOG_KEY_UNTRUSTED log\/vkey: /m);
  });

  // Each row: a command line whose input cannot be used, which exits 2.
  const unusable: [string, () => string[]][] = [
    ['a file that does not exist', () => [join(files.path, 'absent.json')]],
    ['a folder', () => [files.path]],
    [
      'a --policy file that does not exist',
      () => [GOLDEN, '--policy', join(files.path, 'absent.policy')],
    ],
    ['a --trust that is not a key', () => [GOLDEN, '--trust', 'not-a-vkey']],
    ['no FILE', () => []],
  ];

  describe.each(unusable)('with %s', (_desc, argv) => {
    it('exits 2', async () => {
      const run = await runCli(['verify', 'evidence', ...argv()]);
      expect(run.code).toBe(2);
      expect(run.stderr.length).toBeGreaterThan(0);
    });
  });

  describe('as a process', () => {
    // Each row: a vector file and the process's exit status.
    const runs: [string, number][] = [
      ['valid-observation.json', 0],
      ['quorum-one-of-three.json', 1],
      ['unusable-not-json.json', 2],
      ['unusable-truncated.json', 2],
    ];

    it.each(runs)('exits as the table says for %s', async (name, exit) => {
      const vector = vectors.find(([n]) => n === name)![1];
      const run = await runTruce(argvOf(`process-${name}`, vector));
      expect(run.code).toBe(exit);
    });
  });
});
