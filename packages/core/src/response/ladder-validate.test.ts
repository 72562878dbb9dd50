import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, loadJsonVectors } from '@truce/testing';
import { describe, expect, it } from 'vitest';
import { validateLadder } from './ladder-validate.js';

type ValidateVector = {
  desc: string;
  ladder: unknown;
  ruleIds?: string[];
  want: { ok: true } | { issues: { code: string; path: unknown[] }[] };
};

describe('validateLadder test vectors', () => {
  const vectors = loadJsonVectors<ValidateVector>(
    join(import.meta.dirname, 'test-vectors', 'validate')
  );

  it('finds the vectors', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(15);
  });

  it.each(vectors)('$name', ({ data }) => {
    const result = validateLadder(
      data.ladder,
      data.ruleIds === undefined ? {} : { ruleIds: data.ruleIds }
    );
    if ('ok' in data.want) {
      expect(result).toMatchObject({ ok: true });
      return;
    }
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues.map(({ code, path }) => ({ code, path }))).toEqual(
      data.want.issues
    );
    for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
  });
});

describe('the Minsk II-style demo ladder (data/ladder-minsk2-demo.json)', () => {
  const read = (name: string): unknown =>
    JSON.parse(readFileSync(join(REPO_ROOT, 'data', name), 'utf8'));
  const agreement = read('agreement-minsk2-demo.json') as {
    rules: { id: string }[];
  };

  it('is valid against the demo agreement rule ids', () => {
    const result = validateLadder(read('ladder-minsk2-demo.json'), {
      ruleIds: agreement.rules.map((r) => r.id),
    });
    expect(result.ok ? [] : result.issues).toEqual([]);
  });
});
