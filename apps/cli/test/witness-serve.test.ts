import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  afterEach,
  beforeEach,
  describe,
  expect,
  it,
  onTestFinished,
} from 'vitest';
import {
  ed25519SignerFromSeed,
  formatAddCheckpointRequest,
  parseSignerKey,
  parseWitnessPolicy,
  verifyCosignedCheckpoint,
} from '@truce/core';
import {
  joinLogPairs,
  parseCommandConfig,
  serverConfigInput,
} from '../src/config.js';
import { CliError } from '../src/errors.js';
import type { CliProcess } from './helpers.js';
import { runCli, startCli, tempDir, waitFor } from './helpers.js';
import { listeningUrl, spawnTruce } from './processes.js';
import { madeUpLeaves, signedTree } from './trees.js';

const ORIGIN = 'witness-serve.test/log';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

const vkeyOf = (stdout: string) =>
  /^verifier key: (\S+)$/m.exec(stdout)?.[1] ?? '';

async function keygen(flag: string, name: string, file: string) {
  const run = await runCli([
    'keygen',
    flag,
    name,
    '--out',
    join(dir.path, file),
  ]);
  expect(run.code).toBe(0);
  return vkeyOf(run.stdout);
}

async function urlOf(cli: CliProcess): Promise<string> {
  let url: string | undefined;
  await waitFor(() => {
    url = /listening at (\S+)/.exec(cli.stdout.text)?.[1];
    return url !== undefined;
  });
  return url!;
}

function serve(...logFlags: string[]): CliProcess {
  return startCli([
    'witness',
    'serve',
    '--data',
    join(dir.path, 'data'),
    '--key',
    join(dir.path, 'w.key'),
    ...logFlags,
    '--port',
    '0',
    '--log-level',
    'silent',
  ]);
}

describe('truce witness serve', () => {
  it('serves with a keygen witness key, whose vkey works as a policy witness line', async () => {
    const witnessVkey = await keygen('--witness', 'witness.test/w1', 'w.key');
    const logVkey = await keygen('--log', ORIGIN, 'log.key');
    const cli = serve('--log', ORIGIN, logVkey);
    const url = await urlOf(cli);
    expect(cli.stdout.text).toContain(`vkey:        ${witnessVkey}`);
    const health = await (await fetch(`${url}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', vkey: witnessVkey });

    // The log's first checkpoint, cosigned; the cosigned note meets a
    // policy naming the witness by keygen's vkey.
    const key = parseSignerKey(
      readFileSync(join(dir.path, 'log.key'), 'utf8').trim()
    );
    const note = signedTree(
      madeUpLeaves('entries', 3),
      ed25519SignerFromSeed(key.name, key.seed)
    );
    const answer = await fetch(`${url}/add-checkpoint`, {
      method: 'POST',
      body: formatAddCheckpointRequest({ oldSize: 0, proof: [], note }),
    });
    expect(answer.status).toBe(200);
    const policy = parseWitnessPolicy(
      `log ${logVkey}\nwitness w1 ${witnessVkey} ${url}\nquorum w1\n`
    );
    const verified = verifyCosignedCheckpoint({
      note: note + (await answer.text()),
      policy,
    });
    expect(verified.quorumMet).toBe(true);
    expect(verified.cosigners.map((c) => c.name)).toEqual(['w1']);

    const run = await cli.stop();
    expect(run.code).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('as a process, stops cleanly on SIGTERM with exit 0', async () => {
    await keygen('--witness', 'witness.test/w1', 'w.key');
    const logVkey = await keygen('--log', ORIGIN, 'log.key');
    const witness = spawnTruce([
      'witness',
      'serve',
      '--data',
      join(dir.path, 'data'),
      '--key',
      join(dir.path, 'w.key'),
      '--log',
      ORIGIN,
      logVkey,
      '--port',
      '0',
      '--log-level',
      'silent',
    ]);
    onTestFinished(() => {
      witness.child.kill('SIGKILL');
    });
    const url = await listeningUrl(witness);
    expect((await fetch(`${url}/healthz`)).ok).toBe(true);
    witness.child.kill('SIGTERM');
    expect(await witness.exited).toBe(0);
    expect(witness.stderr()).toContain('stopping...');
  });

  it('takes --log VKEY alone, the origin being the key name', async () => {
    await keygen('--witness', 'witness.test/w1', 'w.key');
    const logVkey = await keygen('--log', ORIGIN, 'log.key');
    const cli = serve(`--log=${logVkey}`);
    const url = await urlOf(cli);
    const logs = (await (await fetch(`${url}/logs`)).json()) as {
      origin: string;
    }[];
    expect(logs.map((l) => l.origin)).toEqual([ORIGIN]);
    expect((await cli.stop()).code).toBe(0);
  });

  // Each row: a command line the witness cannot start from, which exits 2.
  const unusable: [string, (logVkey: string) => string[]][] = [
    ['no --log', () => []],
    [
      'a --log origin other than the key name',
      (v) => ['--log', 'other.test/log', v],
    ],
    ['a --log that is not a key', () => ['--log', 'not+a+key']],
    ['three words for one --log', (v) => ['--log', `${ORIGIN} ${v} x`]],
  ];

  describe.each(unusable)('with %s', (_desc, flags) => {
    it('exits 2', async () => {
      await keygen('--witness', 'witness.test/w1', 'w.key');
      const logVkey = await keygen('--log', ORIGIN, 'log.key');
      const run = await serve(...flags(logVkey)).done;
      expect(run.code).toBe(2);
      expect(run.stderr.length).toBeGreaterThan(0);
    });
  });

  describe('with a key file that does not exist', () => {
    it('exits 2', async () => {
      const logVkey = await keygen('--log', ORIGIN, 'log.key');
      const run = await serve('--log', logVkey).done;
      expect(run.code).toBe(2);
    });
  });
});

describe('joinLogPairs', () => {
  it('joins --log ORIGIN VKEY into one value and leaves --log VKEY alone', () => {
    expect(
      joinLogPairs([
        '--log',
        'a.test/log',
        'a.test/log+01+AB',
        '--log',
        'b.test/log+02+CD',
        '--log=c.test/log',
        'c.test/log+03+EF',
        '--port',
        '0',
      ])
    ).toEqual([
      '--log=a.test/log a.test/log+01+AB',
      '--log',
      'b.test/log+02+CD',
      '--log=c.test/log c.test/log+03+EF',
      '--port',
      '0',
    ]);
  });

  it('leaves everything after -- as it is', () => {
    expect(joinLogPairs(['--', '--log', 'o', 'o+1+A'])).toEqual([
      '--',
      '--log',
      'o',
      'o+1+A',
    ]);
  });
});

describe('truce serve --policy', () => {
  // Each row: a policy file the server cannot start with, which exits 2.
  const bad: [string, string | undefined][] = [
    ['that does not exist', undefined],
    ['that does not parse', 'witness w1\nquorum w1\n'],
  ];

  describe.each(bad)('with a policy file %s', (_desc, text) => {
    it('exits 2 before starting', async () => {
      const policy = join(dir.path, 'policy.txt');
      if (text !== undefined) writeFileSync(policy, text);
      const run = await runCli([
        'serve',
        '--data',
        join(dir.path, 'log'),
        '--port',
        '0',
        '--log-level',
        'silent',
        '--policy',
        policy,
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(policy);
    });
  });

  it('hands the policy file to the server config', () => {
    const config = parseCommandConfig(
      'serve',
      ['--data', 'd', '--policy', 'p.txt'],
      {}
    );
    expect(serverConfigInput(config)).toMatchObject({ policyFile: 'p.txt' });
    expect(() =>
      parseCommandConfig('serve', ['--data', 'd', '--policy', ''], {})
    ).toThrow(CliError);
  });
});
