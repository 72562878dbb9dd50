import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64Encode, ed25519PublicKey } from '@truce/core';
import { makeSensor, seedFrom } from '../../server/test/helpers.js';
import type { TestServer } from './helpers.js';
import { runCli, startTestServer, tempDir, unreachableUrl } from './helpers.js';

let server: TestServer;
let files: ReturnType<typeof tempDir>;

beforeAll(async () => {
  server = await startTestServer();
  files = tempDir();
});
afterAll(async () => {
  await server.close();
  files.cleanup();
});

async function createToken(role: string): Promise<string> {
  const run = await runCli([
    'token',
    'create',
    '--data',
    server.dataDir,
    '--role',
    role,
    '--label',
    `${role} test`,
  ]);
  expect(run.code).toBe(0);
  return run.stdout.trim();
}

function sensorsFile(name: string, records: unknown): string {
  const path = join(files.path, name);
  writeFileSync(path, JSON.stringify(records));
  return path;
}

describe('truce token create', () => {
  it('prints only the secret on stdout, and it authorizes sensor register', async () => {
    const secret = await createToken('admin');
    expect(secret).toMatch(/^truce_[A-Za-z0-9_-]+$/);
    const file = sensorsFile('one.json', makeSensor('acoustic-101').record);
    const run = await runCli([
      'sensor',
      'register',
      '--url',
      server.url,
      '--token',
      secret,
      file,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/acoustic-101 at log index \d+/);
  });

  describe('when the data folder holds no log', () => {
    it('exits 2 and creates nothing', async () => {
      const run = await runCli([
        'token',
        'create',
        '--data',
        join(files.path, 'nowhere'),
        '--role',
        'admin',
      ]);
      expect(run.code).toBe(2);
    });
  });
});

describe('truce token list and revoke', () => {
  it('lists a token, and once revoked it no longer authorizes', async () => {
    const secret = await createToken('admin');
    const id = /^truce_([A-Za-z0-9_-]{8})_/.exec(secret)![1]!;
    const listed = await runCli(['token', 'list', '--data', server.dataDir]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      new RegExp(`^${id}\\s+admin\\s.*active`, 'm')
    );
    expect(listed.stdout).not.toContain(secret);

    expect(
      (await runCli(['token', 'revoke', '--data', server.dataDir, id])).code
    ).toBe(0);
    const after = await runCli(['token', 'list', '--data', server.dataDir]);
    expect(after.stdout).toMatch(new RegExp(`^${id}\\s.*revoked`, 'm'));
    const file = sensorsFile('two.json', makeSensor('acoustic-102').record);
    const run = await runCli([
      'sensor',
      'register',
      '--url',
      server.url,
      '--token',
      secret,
      file,
    ]);
    expect(run.code).toBe(1);
  });

  it.each([
    ['nosuchid', ['nosuchid']],
    // An id that looks like a flag goes after '--'.
    ['-nosuchi, after --', ['--', '-nosuchi']],
  ])('exits 1 for a token that does not exist: %s', async (_, ids) => {
    const run = await runCli([
      'token',
      'revoke',
      '--data',
      server.dataDir,
      ...ids,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no token ${ids.at(-1)}`);
  });
});

describe('truce sensor', () => {
  let admin: string;
  beforeAll(async () => {
    admin = await createToken('admin');
  });

  it('registers an array of records with the token from TRUCE_TOKEN', async () => {
    const file = sensorsFile('array.json', [
      makeSensor('acoustic-201').record,
      makeSensor('acoustic-202').record,
    ]);
    const run = await runCli(
      ['sensor', 'register', '--url', server.url, file],
      { env: { TRUCE_TOKEN: admin } }
    );
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('exits 1 when any record is refused, after registering the others', async () => {
    const file = sensorsFile('mixed.json', [
      makeSensor('acoustic-201').record,
      { id: 'bad', kind: 'acoustic' },
      makeSensor('acoustic-203').record,
    ]);
    const run = await runCli([
      'sensor',
      'register',
      '--url',
      server.url,
      '--token',
      admin,
      file,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('CONFLICT');
    expect(run.stderr).toContain('BODY_SCHEMA');
    expect(run.stdout).toContain('acoustic-203');
  });

  it('exits 1 with a token whose role may not write sensors', async () => {
    const analyst = await createToken('analyst');
    const file = sensorsFile('analyst.json', makeSensor('acoustic-204').record);
    const run = await runCli([
      'sensor',
      'register',
      '--url',
      server.url,
      '--token',
      analyst,
      file,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('FORBIDDEN');
  });

  it('exits 2 without a token', async () => {
    const file = sensorsFile('none.json', makeSensor('acoustic-205').record);
    expect(
      (await runCli(['sensor', 'register', '--url', server.url, file])).code
    ).toBe(2);
  });

  it('exits 2 for a file that is not JSON', async () => {
    const path = join(files.path, 'broken.json');
    writeFileSync(path, '{"id": ');
    expect(
      (
        await runCli([
          'sensor',
          'register',
          '--url',
          server.url,
          '--token',
          admin,
          path,
        ])
      ).code
    ).toBe(2);
  });

  it('rotates a key and revokes a sensor, which sensor list shows', async () => {
    const newKey = base64Encode(ed25519PublicKey(seedFrom('rotated 201')));
    const rotate = await runCli([
      'sensor',
      'rotate',
      '--url',
      server.url,
      '--token',
      admin,
      'acoustic-201',
      '--public-key',
      newKey,
    ]);
    expect(rotate.code).toBe(0);
    const revoke = await runCli([
      'sensor',
      'revoke',
      '--url',
      server.url,
      '--token',
      admin,
      'acoustic-202',
      '--reason',
      'stolen',
    ]);
    expect(revoke.code).toBe(0);

    const list = await runCli([
      'sensor',
      'list',
      '--url',
      server.url,
      '--json',
    ]);
    expect(list.code).toBe(0);
    const { sensors } = JSON.parse(list.stdout);
    const byId = new Map(sensors.map((s: { id: string }) => [s.id, s]));
    expect(byId.get('acoustic-201')).toMatchObject({
      revoked: false,
      keys: [{}, { publicKey: newKey }],
    });
    expect(byId.get('acoustic-202')).toMatchObject({ revoked: true });

    const table = await runCli(['sensor', 'list', '--url', server.url]);
    expect(table.stdout).toMatch(
      /^acoustic-202\s+acoustic\s+monitor\s+revoked/m
    );
  });

  it('exits 1 when revoking a sensor that does not exist', async () => {
    const run = await runCli([
      'sensor',
      'revoke',
      '--url',
      server.url,
      '--token',
      admin,
      'nosuch',
      '--reason',
      'x',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('NOT_FOUND');
  });

  it('exits 2 when the server cannot be reached', async () => {
    const run = await runCli([
      'sensor',
      'list',
      '--url',
      await unreachableUrl(),
    ]);
    expect(run.code).toBe(2);
  });
});
