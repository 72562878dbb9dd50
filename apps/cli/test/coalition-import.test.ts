import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@truce/testing';
import type { TestServer } from './helpers.js';
import { runCli, startTestServer, tempDir } from './helpers.js';

const DEMO = join(REPO_ROOT, 'data/coalition-demo.json');

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

async function createToken(role: string, member?: string): Promise<string> {
  const run = await runCli([
    'token',
    'create',
    '--data',
    server.dataDir,
    '--role',
    role,
    ...(member === undefined ? [] : ['--member', member]),
  ]);
  expect(run.code).toBe(0);
  return run.stdout.trim();
}

function docFile(name: string, doc: unknown): string {
  const path = join(files.path, name);
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

const demo = JSON.parse(readFileSync(DEMO, 'utf8')) as {
  members: { iso3: string }[];
  pledges: { id: string; member: string }[];
};

const size = () => server.running.services.store.sequencedSize();

describe('truce coalition import', () => {
  describe('without --url', () => {
    it('checks the file and says what it holds', async () => {
      const run = await runCli(['coalition', 'import', '--file', DEMO]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(
        `${DEMO}: 32 members, 66 pledges (66 illustrative); valid\n`
      );
    });
  });

  describe('when the file is not a coalition document', () => {
    it('exits 2 and names each problem with its path', async () => {
      const file = docFile('bad.json', {
        ...demo,
        pledges: [{ ...demo.pledges[0], member: 'HUN' }, demo.pledges[0]],
      });
      const before = await size();
      const run = await runCli([
        'coalition',
        'import',
        '--file',
        file,
        '--url',
        server.url,
        '--token',
        await createToken('admin'),
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        'pledges.0.member: COALITION_MEMBER_UNKNOWN'
      );
      expect(run.stderr).toContain('pledges.1.id: COALITION_PLEDGE_EXISTS');
      expect(await size()).toBe(before);
    });
  });

  describe('with --url but no token', () => {
    it('exits 2 before sending anything', async () => {
      const run = await runCli([
        'coalition',
        'import',
        '--file',
        DEMO,
        '--url',
        server.url,
      ]);
      expect(run.code).toBe(2);
    });
  });

  describe('with a guarantor token', () => {
    it('has the members refused (admin only) and so their pledges, and exits 1', async () => {
      const file = docFile('one.json', {
        version: 'test',
        members: [{ iso3: 'XKX', name: 'Test member', role: 'observer' }],
        pledges: [{ ...demo.pledges[0], id: 'xkx-1', member: 'XKX' }],
      });
      const before = await size();
      const run = await runCli([
        'coalition',
        'import',
        '--file',
        file,
        '--url',
        server.url,
        '--token',
        await createToken('guarantor', 'XKX'),
      ]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('XKX: FORBIDDEN');
      expect(run.stderr).toContain('xkx-1: CONFLICT');
      expect(run.stderr).toContain('2 of 2 refused');
      expect(await size()).toBe(before);
    });
  });

  describe('with an admin token', () => {
    it('logs every member and pledge, then nothing on a second run', async () => {
      const token = await createToken('admin');
      const argv = [
        'coalition',
        'import',
        '--file',
        DEMO,
        '--url',
        server.url,
        '--token',
        token,
      ];
      const before = await size();
      const first = await runCli(argv);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain(
        'logged 98 of 98 new entries (32 members, 66 pledges; 0 already there)'
      );
      expect(await size()).toBe(before + 98);
      const view = server.running.services.coalition.state;
      expect(view.members.map((m) => m.iso3).sort()).toEqual(
        demo.members.map((m) => m.iso3).sort()
      );
      expect(view.pledges.map((p) => p.id)).toEqual(
        demo.pledges.map((p) => p.id)
      );

      const second = await runCli(argv);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain(
        'logged 0 of 0 new entries (0 members, 0 pledges; 98 already there)'
      );
      expect(await size()).toBe(before + 98);
    });

    it('draws a progress bar with --progress', async () => {
      const file = docFile('two.json', {
        version: 'test',
        members: [
          { iso3: 'XKY', name: 'Second test member', role: 'observer' },
        ],
        pledges: [{ ...demo.pledges[0], id: 'xky-1', member: 'XKY' }],
      });
      const run = await runCli([
        'coalition',
        'import',
        '--file',
        file,
        '--url',
        server.url,
        '--token',
        await createToken('admin'),
        '--progress',
      ]);
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/importing \[#+\] 100% 2\/2\n$/);
    });
  });
});
