import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from 'vitest';
import {
  base64Encode,
  formatVerifierKey,
  publicKeyFromSeed,
  sha256,
} from '@truce/core';
import {
  acousticPayload,
  makeSensor,
  seedFrom,
  signPayload,
} from '../../server/test/helpers.js';
import type { TestServer } from './helpers.js';
import { runCli, startTestServer, tempDir, unreachableUrl } from './helpers.js';

const sensor = makeSensor('acoustic-401');
const PAST_MS = -180 * 24 * 3600 * 1000;

/** Logs `count` more observations of `sensor` and waits for the checkpoint. */
async function addObservations(
  server: TestServer,
  fromSeq: number,
  count: number
) {
  const envelopes = Array.from({ length: count }, (_, i) =>
    signPayload(
      acousticPayload(sensor.record.id, fromSeq + i, PAST_MS),
      sensor.seed
    )
  );
  const outcome = await server.running.services.ingest.submit(envelopes);
  expect(outcome.results.every((r) => r.status === 'accepted')).toBe(true);
  await server.integrate();
}

/** A server holding 1 registry entry and 300 observations: 2 bundles, 3 hash tiles. */
async function populatedServer(): Promise<TestServer> {
  const server = await startTestServer();
  await server.running.services.registry.change(
    { type: 'sensor_registered', sensor: sensor.record },
    'test'
  );
  await addObservations(server, 0, 300);
  return server;
}

type Report = {
  ok: boolean;
  size?: number;
  previousSize?: number | null;
  keyFromServer?: boolean;
  issues?: { code: string; path: unknown[] }[];
};

async function verify(server: TestServer, ...flags: string[]) {
  const run = await runCli(['verify', 'log', server.url, '--json', ...flags]);
  const report: Report =
    run.stdout === '' ? { ok: false } : JSON.parse(run.stdout);
  const codes = [...new Set(report.issues?.map((i) => i.code) ?? [])];
  return { ...run, report, codes };
}

let files: ReturnType<typeof tempDir>;
beforeAll(() => {
  files = tempDir();
});
afterAll(() => files.cleanup());

describe('truce verify log', () => {
  describe('on an honest server', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await populatedServer();
    });
    afterAll(() => server.close());

    it('passes, trusting the served key only with a warning', async () => {
      const run = await verify(server);
      expect(run.code).toBe(0);
      expect(run.report).toMatchObject({
        ok: true,
        size: 301,
        keyFromServer: true,
      });
      expect(run.stderr).toContain(server.running.services.verifierKey);
    });

    it('passes with --vkey, and again with --state after more entries (consistency)', async () => {
      const state = join(files.path, 'honest.state.json');
      const vkey = server.running.services.verifierKey;
      const first = await verify(server, '--vkey', vkey, '--state', state);
      expect(first.code).toBe(0);
      expect(first.report).toMatchObject({
        keyFromServer: false,
        previousSize: null,
      });
      expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({
        origin: 'cli.test/log',
        vkey,
        size: 301,
      });

      await addObservations(server, 300, 20);
      const second = await verify(server, '--state', state);
      expect(second.code).toBe(0);
      expect(second.report).toMatchObject({
        ok: true,
        size: 321,
        previousSize: 301,
        keyFromServer: false,
      });
      expect(JSON.parse(readFileSync(state, 'utf8')).size).toBe(321);
    });

    // Each row: a state file from "a previous run" that this log contradicts.
    const contradictions: [string, (size: number) => object, string][] = [
      [
        'a different root at the same size',
        (size) => ({ size }),
        'CONSISTENCY_FAILED',
      ],
      [
        'a different root at an earlier size',
        () => ({ size: 100 }),
        'CONSISTENCY_FAILED',
      ],
      ['a larger size', (size) => ({ size: size + 1 }), 'SIZE_SHRANK'],
    ];

    describe.each(contradictions)(
      'when the state file holds %s',
      (_desc, make, code) => {
        it(`fails with ${code} and keeps the state file`, async () => {
          const size = (await verify(server)).report.size!;
          const state = join(files.path, `${code}-${size}.json`);
          const text = JSON.stringify({
            origin: 'cli.test/log',
            vkey: server.running.services.verifierKey,
            rootHash: base64Encode(sha256(new Uint8Array([7]))),
            ...make(size),
          });
          writeFileSync(state, text);
          const run = await verify(server, '--state', state);
          expect(run.code).toBe(1);
          expect(run.codes).toEqual([code]);
          expect(readFileSync(state, 'utf8')).toBe(text);
        });
      }
    );

    // Each row: a log key the checkpoint is not signed with.
    const wrongKeys: [string, string, string][] = [
      ['another key of the same name', 'cli.test/log', 'impostor'],
      ['the key of another log', 'other.example/log', 'other'],
    ];

    describe.each(wrongKeys)('with --vkey of %s', (_desc, name, seed) => {
      it('fails with SIGNATURE_INVALID', async () => {
        const vkey = formatVerifierKey(name, publicKeyFromSeed(seedFrom(seed)));
        const run = await verify(server, '--vkey', vkey);
        expect(run.code).toBe(1);
        expect(run.codes).toEqual(['SIGNATURE_INVALID']);
      });
    });

    // Each row: inputs the audit cannot start from, which exit 2.
    const unusable: [string, () => string[]][] = [
      ['a --vkey that is not a key', () => ['--vkey', 'not-a-key']],
      [
        'a --vkey the state file does not trust',
        () => {
          const state = join(files.path, 'other-key.json');
          const vkey = formatVerifierKey(
            'cli.test/log',
            publicKeyFromSeed(seedFrom('x'))
          );
          writeFileSync(
            state,
            JSON.stringify({
              origin: 'cli.test/log',
              vkey,
              size: 1,
              rootHash: base64Encode(new Uint8Array(32)),
            })
          );
          return [
            '--state',
            state,
            '--vkey',
            server.running.services.verifierKey,
          ];
        },
      ],
      [
        'a state file that is not JSON',
        () => {
          const state = join(files.path, 'broken.json');
          writeFileSync(state, '{');
          return ['--state', state];
        },
      ],
      [
        'a state file with a bad root hash',
        () => {
          const state = join(files.path, 'bad-root.json');
          writeFileSync(
            state,
            JSON.stringify({
              origin: 'o',
              vkey: 'v',
              size: 1,
              rootHash: 'AAAA',
            })
          );
          return ['--state', state];
        },
      ],
    ];

    describe.each(unusable)('with %s', (_desc, flags) => {
      it('exits 2', async () => {
        expect((await verify(server, ...flags())).code).toBe(2);
      });
    });
  });

  // The required tamper test: change one byte of a stored entry or hash in
  // the database under a running server; the audit must name what broke.
  describe('when the database was tampered with', () => {
    let server: TestServer;
    let db: Database.Database;
    beforeEach(async () => {
      server = await populatedServer();
      db = new Database(server.database);
    });
    afterEach(async () => {
      db.close();
      await server.close();
    });

    it('fails with ROOT_MISMATCH and TILE_MISMATCH after one byte of an entry changed', async () => {
      const row = db
        .prepare('SELECT bytes FROM entries WHERE idx = 5')
        .get() as { bytes: Buffer };
      const bytes = Buffer.from(row.bytes);
      bytes[100]! ^= 0x04;
      db.prepare('UPDATE entries SET bytes = ? WHERE idx = 5').run(bytes);
      const run = await verify(server);
      expect(run.code).toBe(1);
      expect(run.codes).toEqual(
        expect.arrayContaining(['ROOT_MISMATCH', 'TILE_MISMATCH'])
      );
      expect(run.report.issues).toContainEqual(
        expect.objectContaining({
          code: 'TILE_MISMATCH',
          path: ['tiles', 'tile/0/000'],
        })
      );
    });

    it('fails with TILE_MISMATCH after one byte of a stored leaf hash changed', async () => {
      const row = db
        .prepare('SELECT hash FROM nodes WHERE level = 0 AND idx = 270')
        .get() as { hash: Buffer };
      const hash = Buffer.from(row.hash);
      hash[0]! ^= 0x80;
      db.prepare('UPDATE nodes SET hash = ? WHERE level = 0 AND idx = 270').run(
        hash
      );
      const run = await verify(server);
      expect(run.code).toBe(1);
      expect(run.codes).toEqual(['TILE_MISMATCH']);
      expect(run.report.issues![0]!.path).toEqual(['tiles', 'tile/0/001.p/45']);
    });

    it('fails with TILE_MISMATCH after one byte of a stored level-8 hash changed', async () => {
      db.prepare('UPDATE nodes SET hash = ? WHERE level = 8 AND idx = 0').run(
        Buffer.alloc(32)
      );
      const run = await verify(server);
      expect(run.code).toBe(1);
      expect(run.codes).toEqual(['TILE_MISMATCH']);
      expect(run.report.issues![0]!.path).toEqual(['tiles', 'tile/1/000.p/1']);
    });
  });

  describe('when there is nothing to verify', () => {
    it('exits 2 for an unreachable URL', async () => {
      const run = await runCli(['verify', 'log', await unreachableUrl()]);
      expect(run.code).toBe(2);
    });

    it('exits 2 for a log without a checkpoint yet', async () => {
      const empty = await startTestServer();
      try {
        expect((await verify(empty)).code).toBe(2);
      } finally {
        await empty.close();
      }
    });
  });
});
