import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@truce/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WargameReport } from '@truce/core';
import type { CliRun } from './helpers.js';
import { runCli, tempDir } from './helpers.js';

let dir: ReturnType<typeof tempDir>;
const at = (...parts: string[]) => join(dir.path, ...parts);
const DATA = join(REPO_ROOT, 'data');
const COALITION = join(DATA, 'coalition-demo.json');
const LADDER = join(DATA, 'ladder-minsk2-demo.json');

const wargame = (...extra: string[]) =>
  runCli([
    'wargame',
    '--coalition',
    COALITION,
    '--ladder',
    LADDER,
    '--scenario',
    at('b'),
    ...extra,
  ]);

let run: CliRun;
let report: WargameReport;

beforeAll(async () => {
  dir = tempDir();
  // Two hours of the Minsk II demo line: mortar and artillery inside their
  // withdrawal distances, so the demo ladder climbs to tier 2.
  const sim = ['--seed', '2', '--hours', '2', '--difficulty', 'easy'];
  const agreement = join(DATA, 'agreement-minsk2-demo.json');
  const made = await runCli([
    'simulate',
    ...sim,
    '--agreement',
    agreement,
    '--out',
    at('b'),
  ]);
  expect(made.code).toBe(0);
  run = await wargame('--json', at('report.json'));
  report = JSON.parse(readFileSync(at('report.json'), 'utf8')) as WargameReport;
});
afterAll(() => dir.cleanup());

describe('truce wargame', () => {
  it('exits 0 and prints the header, the timeline and the gaps', () => {
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      `wargame: ladder minsk2-demo-ladder v1, ${report.findings} findings (taken as verified), from ${report.start}, ${report.hours} h`
    );
    expect(lines).toContain('timeline:');
    expect(lines).toContain('gaps:');
  });

  it('prints one timeline line per tier change, at its hour', () => {
    expect(report.changes.length).toBeGreaterThan(0);
    for (const c of report.changes) {
      expect(run.stdout).toContain(
        `${c.at}  ${c.from?.id ?? 'none'} -> ${c.to?.id ?? 'none'}`
      );
    }
  });

  it('climbs to tier 2 as heavy weapons appear inside withdrawal lines', () => {
    expect(report.changes[0]!.to?.id).toBe('t1-violation');
    expect(report.peak?.id).toBe('t2-heavy-weapons-or-repeated-fire');
    // The demo coalition's sanctions all wait for cabinet decisions.
    const t2 = report.changes.find((c) => c.to?.id === report.peak?.id)!;
    const sanctions = t2.plan.responses.find(
      (r) => r.type === 'sanctions_snapback'
    )!;
    expect(t2.readyInHours).toBe(sanctions.pledges[0]!.waitDays * 24);
    expect(t2.readyInHours).toBeGreaterThan(0);
    const hours = report.changes.map((c) => c.hour);
    expect(hours).toEqual([...hours].sort((a, b) => a - b));
  });

  it('has each called pledge act after its approval lead time', () => {
    expect(report.actions.length).toBeGreaterThan(0);
    for (const a of report.actions) {
      expect(a.effectiveHour).toBe(a.calledHour + 24 * a.waitDays);
    }
    const waiting = report.actions.filter((a) => a.waitDays > 0);
    for (const a of waiting) {
      expect(run.stdout).toContain(
        `${a.member} ${a.pledge} (${a.response}) waits ${a.waitDays} d`
      );
    }
  });

  it('writes the same report on a second run', async () => {
    expect((await wargame('--json', at('again.json'))).code).toBe(0);
    expect(readFileSync(at('again.json'))).toEqual(
      readFileSync(at('report.json'))
    );
  });

  it('steps past the last finding until the windows empty with --hours', async () => {
    const long = await wargame('--hours', '30', '--json', at('long.json'));
    expect(long.code).toBe(0);
    const r = JSON.parse(
      readFileSync(at('long.json'), 'utf8')
    ) as WargameReport;
    expect(r.changes.at(-1)?.to).toBeNull();
  });

  it('draws progress bars on stderr with --progress', async () => {
    const shown = await wargame('--progress');
    expect(shown.stderr).toContain('replay');
    expect(shown.stderr).toContain('wargame');
  });

  describe('when an input is unusable', () => {
    it('exits 2 for a ladder naming a rule the agreement lacks, writing nothing', async () => {
      const ladder = JSON.parse(readFileSync(LADDER, 'utf8')) as {
        tiers: { conditions: { anyOf: { rules?: string[] }[] } }[];
      };
      ladder.tiers[1]!.conditions.anyOf[0]!.rules = ['no-swim'];
      writeFileSync(at('bad-ladder.json'), JSON.stringify(ladder));
      const bad = await runCli([
        'wargame',
        '--coalition',
        COALITION,
        '--ladder',
        at('bad-ladder.json'),
        '--scenario',
        at('b'),
        '--json',
        at('bad.json'),
      ]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('LADDER_RULE_UNKNOWN');
      expect(existsSync(at('bad.json'))).toBe(false);
    });

    it('exits 2 for a coalition that is not one', async () => {
      writeFileSync(at('bad-coalition.json'), '{"members":[]}');
      const bad = await runCli([
        'wargame',
        '--coalition',
        at('bad-coalition.json'),
        '--ladder',
        LADDER,
        '--scenario',
        at('b'),
      ]);
      expect(bad.code).toBe(2);
    });

    it('exits 2 without --ladder', async () => {
      const bad = await runCli([
        'wargame',
        '--coalition',
        COALITION,
        '--scenario',
        at('b'),
      ]);
      expect(bad.code).toBe(2);
    });
  });
});
