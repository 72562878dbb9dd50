import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  NOTE_KEY_TYPE_COSIGNATURE_V1,
  NOTE_KEY_TYPE_ED25519,
  base64Encode,
  parseSignerKey,
  parseVerifierKey,
  publicKeyFromSeed,
} from '@truce/core';
import { runCli, tempDir } from './helpers.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

const vkeyOf = (stdout: string) =>
  /^verifier key: (\S+)$/m.exec(stdout)?.[1] ?? '';

describe('truce keygen', () => {
  // Each row: the flag naming the key, its name, and the vkey type printed.
  const kinds: [string, string, number][] = [
    ['--log', 'truce.example/log', NOTE_KEY_TYPE_ED25519],
    ['--witness', 'witness.example/w1', NOTE_KEY_TYPE_COSIGNATURE_V1],
    ['--sensor', 'acoustic-017', NOTE_KEY_TYPE_ED25519],
  ];

  describe.each(kinds)('%s %s', (flag, name, type) => {
    it('writes a usable 0600 key file and prints its verifier key', async () => {
      const out = join(dir.path, 'k.key');
      const run = await runCli(['keygen', flag, name, '--out', out]);
      expect(run.code).toBe(0);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      const key = parseSignerKey(readFileSync(out, 'utf8').trim());
      expect(key.name).toBe(name);
      const vkey = parseVerifierKey(vkeyOf(run.stdout));
      expect(vkey).toMatchObject({ name, type });
      expect(vkey.publicKey).toEqual(publicKeyFromSeed(key.seed));
    });
  });

  describe('--sensor', () => {
    it('prints the base64 public key and a record skeleton with it', async () => {
      const out = join(dir.path, 's.key');
      const run = await runCli([
        'keygen',
        '--sensor',
        'radar-1',
        '--kind',
        'radar',
        '--out',
        out,
      ]);
      const key = parseSignerKey(readFileSync(out, 'utf8').trim());
      const publicKey = base64Encode(publicKeyFromSeed(key.seed));
      expect(run.stdout).toContain(`public key: ${publicKey}`);
      const record = JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
      expect(record).toMatchObject({ id: 'radar-1', kind: 'radar', publicKey });
    });
  });

  describe('when the key file exists', () => {
    it('refuses with exit 1 and leaves it alone', async () => {
      const out = join(dir.path, 'k.key');
      writeFileSync(out, 'precious\n');
      const run = await runCli(['keygen', '--log', 'l', '--out', out]);
      expect(run.code).toBe(1);
      expect(readFileSync(out, 'utf8')).toBe('precious\n');
    });

    it('replaces it with --force', async () => {
      const out = join(dir.path, 'k.key');
      writeFileSync(out, 'old\n');
      const run = await runCli([
        'keygen',
        '--log',
        'l',
        '--out',
        out,
        '--force',
      ]);
      expect(run.code).toBe(0);
      expect(parseSignerKey(readFileSync(out, 'utf8').trim()).name).toBe('l');
      expect(statSync(out).mode & 0o777).toBe(0o600);
    });
  });

  // Each row: keygen flags that cannot work (OUT is a fresh path): exit 2.
  const unusable: [string, string[]][] = [
    ['no key named', ['--out', 'OUT']],
    ['two keys named', ['--log', 'a', '--sensor', 'b', '--out', 'OUT']],
    ['a sensor id in upper case', ['--sensor', 'Acoustic-1', '--out', 'OUT']],
    ['a key name with a plus', ['--log', 'a+b', '--out', 'OUT']],
    ['no --out', ['--log', 'a']],
  ];

  describe.each(unusable)('with %s', (_desc, flags) => {
    it('exits 2 and writes nothing', async () => {
      const out = join(dir.path, 'x.key');
      const run = await runCli([
        'keygen',
        ...flags.map((f) => (f === 'OUT' ? out : f)),
      ]);
      expect(run.code).toBe(2);
      expect(existsSync(out)).toBe(false);
    });
  });

  describe('when the folder does not exist', () => {
    it('exits 2', async () => {
      const run = await runCli([
        'keygen',
        '--log',
        'a',
        '--out',
        join(dir.path, 'no', 'k.key'),
      ]);
      expect(run.code).toBe(2);
    });
  });
});
