import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { REPO_ROOT } from '@truce/testing';
import { ConfigError, parseWitnessConfig } from '../src/config.js';
import { readWitnessKeyFile, startWitness } from '../src/main.js';
import {
  LOG_VKEY,
  ORIGIN,
  WITNESS_NAME,
  WITNESS_SKEY,
  buildTree,
} from './helpers.js';

const A = buildTree({ branch: 'a', size: 8, shared: 8 });

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'truce-witness-main-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function configIn(dir: string) {
  const keyFile = join(dir, 'witness.key');
  writeFileSync(keyFile, `${WITNESS_SKEY}\n`, { mode: 0o600 });
  return parseWitnessConfig({
    dataDir: join(dir, 'data'),
    keyFile,
    logs: [{ origin: ORIGIN, vkey: LOG_VKEY }],
    port: 0,
    logLevel: 'silent',
  });
}

describe('startWitness', () => {
  it('listens, cosigns, and finds its state again after a restart', async () => {
    const config = configIn(tempDir());
    const first = await startWitness(config, { unixSeconds: () => 1234 });
    expect(first.identity.name).toBe(WITNESS_NAME);
    const res = await fetch(`${first.url}/add-checkpoint`, {
      method: 'POST',
      body: A.body(0, 6),
    });
    expect(res.status).toBe(200);
    await first.close();

    const second = await startWitness(config);
    try {
      const logs = (await (await fetch(`${second.url}/logs`)).json()) as {
        size: number;
        timestamp: number;
      }[];
      expect(logs[0]).toMatchObject({ size: 6, timestamp: 1234 });
    } finally {
      await second.close();
    }
  });

  it('fails with CONFIG_INVALID when the key file is missing or not a key', async () => {
    const dir = tempDir();
    const config = configIn(dir);
    await expect(
      startWitness({ ...config, keyFile: join(dir, 'nope') })
    ).toThrowWithCode(ConfigError, 'CONFIG_INVALID');
    writeFileSync(join(dir, 'bad.key'), 'PRIVATE+KEY+nope\n');
    expect(() => readWitnessKeyFile(join(dir, 'bad.key'))).toThrowWithCode(
      ConfigError,
      'CONFIG_INVALID'
    );
  });
});

describe('cli-entry', () => {
  it('exits 2 with the usage when a flag is missing', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--conditions=@truce/source',
        '--import',
        'tsx',
        'apps/witness/src/cli-entry.ts',
        '--log',
        LOG_VKEY,
      ],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 20_000 }
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage: cli-entry');
  });
});
