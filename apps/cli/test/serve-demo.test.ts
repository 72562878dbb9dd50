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

describe('truce demo', () => {
  it('registers simulated sensors, feeds them into a log that verifies, and exits 0', async () => {
    const data = join(dir.path, 'demo');
    const argv = ['demo', '--data', data, ...QUIET, '--interval-ms', '20'];
    const first = startCli(argv);
    const url = await urlOf(first);
    await waitFor(() => /sending observations/.test(first.stdout.text));
    await waitFor(async () => {
      const note = await (await fetch(`${url}/log/checkpoint`)).text();
      return Number(note.split('\n')[1]) > 12;
    });
    const verified = await runCli(['verify', 'log', url]);
    expect(verified.code).toBe(0);
    const run = await first.stop();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/admin token: truce_/);
    const accepted = /demo sent (\d+) observations, (\d+) accepted/.exec(
      run.stdout
    );
    expect(Number(accepted?.[2])).toBeGreaterThan(0);
    expect(accepted?.[2]).toBe(accepted?.[1]);

    // A second start reuses the token, keys and registrations.
    const second = startCli(argv);
    await waitFor(() => /sending observations/.test(second.stdout.text));
    const again = await second.stop();
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/admin token/);
  });
});
