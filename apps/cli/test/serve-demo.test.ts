import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliProcess } from './helpers.js';
import { runCli, startCli, tempDir, waitFor } from './helpers.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

const QUIET = ['--port', '0', '--log-level', 'silent', '--verify-workers', '0'];

/** Waits for the server's URL in a command's output. */
async function urlOf(cli: CliProcess): Promise<string> {
  let url: string | undefined;
  await waitFor(() => {
    url = /listening at (\S+)/.exec(cli.stdout.text)?.[1];
    return url !== undefined;
  });
  return url!;
}

describe('truce serve', () => {
  it('prints its URLs and vkey, serves, and exits 0 on shutdown', async () => {
    const cli = startCli([
      'serve',
      '--data',
      join(dir.path, 'log'),
      ...QUIET,
      '--origin',
      'serve.test/log',
    ]);
    const url = await urlOf(cli);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(cli.stdout.text).toContain(`${url}/docs`);
    expect(cli.stdout.text).toContain(`${url}/log/checkpoint`);
    const vkey = (await (await fetch(`${url}/log/vkey`)).text()).trim();
    expect(cli.stdout.text).toContain(`vkey:        ${vkey}`);
    expect(vkey).toMatch(/^serve\.test\/log\+/);
    const run = await cli.stop();
    expect(run.code).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('exits 2 when the findings engine is asked to run anywhere but a worker or inline', async () => {
    const run = await runCli([
      'serve',
      '--data',
      dir.path,
      '--findings-thread',
      'gpu',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /--findings-thread must be one of worker, inline/
    );
  });

  it.each([
    [
      'not JSON',
      '{"acoustic":',
      /fusion parameters file .*fusion\.json: .*JSON/,
    ],
    [
      'a level model without its fading',
      JSON.stringify({ acoustic: { levels: { thresholdDb: 10 } } }),
      /fusion parameters file .*fusion\.json: .*acoustic\.levels/,
    ],
  ])(
    'exits 2 naming the file when --fusion-params holds %s',
    async (_, text, message) => {
      const file = join(dir.path, 'fusion.json');
      writeFileSync(file, text);
      const run = await runCli([
        'serve',
        '--data',
        join(dir.path, 'log'),
        ...QUIET,
        '--fusion-params',
        file,
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  );

  it('exits 2 for a server flag the server refuses', async () => {
    const run = await runCli([
      'serve',
      '--data',
      dir.path,
      '--origin',
      'has space',
    ]);
    expect(run.code).toBe(2);
  });
});
