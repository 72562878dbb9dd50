import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@truce/server';
import { parseServerConfig, startServer } from '@truce/server';
import {
  acousticPayload,
  makeSensor,
  signPayload,
} from '../../server/test/helpers.js';
import type { TestServer } from './helpers.js';
import { runCli, startTestServer, tempDir, unreachableUrl } from './helpers.js';

const sensor = makeSensor('acoustic-501');
const PAST_MS = -180 * 24 * 3600 * 1000;

/** Registers the sensor and logs `count` of its observations. */
async function populate(running: RunningServer, count: number): Promise<void> {
  await running.services.registry.change(
    { type: 'sensor_registered', sensor: sensor.record },
    'test'
  );
  const envelopes = Array.from({ length: count }, (_, i) =>
    signPayload(acousticPayload(sensor.record.id, i, PAST_MS), sensor.seed)
  );
  const outcome = await running.services.ingest.submit(envelopes);
  expect(outcome.results.every((r) => r.status === 'accepted')).toBe(true);
  await running.services.sequencer.integrate();
}

let files: ReturnType<typeof tempDir>;
beforeAll(() => {
  files = tempDir();
});
afterAll(() => files.cleanup());

describe('truce evidence get', () => {
  describe('from a log without a witness policy', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
      await populate(server.running, 3);
    });
    afterAll(() => server.close());

    it('writes a file that truce verify evidence accepts', async () => {
      const out = join(files.path, 'entry-2.json');
      const got = await runCli([
        'evidence',
        'get',
        server.url,
        '2',
        '--out',
        out,
      ]);
      expect(got.code).toBe(0);
      expect(got.stdout).toContain(`entry 2 (checkpoint size 4) to ${out}`);
      const checked = await runCli([
        'verify',
        'evidence',
        out,
        '--trust',
        server.running.services.verifierKey,
      ]);
      expect(checked.code).toBe(0);
    });

    it('exits 1 for an entry the log does not hold', async () => {
      const run = await runCli([
        'evidence',
        'get',
        server.url,
        '99',
        '--out',
        join(files.path, 'none.json'),
      ]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/the server said NOT_FOUND/);
    });

    // Each row: arguments that cannot be used, which exit 2.
    const unusable: [string, (url: string) => Promise<string[]>][] = [
      ['an index that is not one', async (url) => [url, '01']],
      ['a negative index', async (url) => [url, '-1']],
      ['a URL that is not http', async () => ['ftp://x', '1']],
      [
        'a server that does not answer',
        async () => [await unreachableUrl(), '1'],
      ],
    ];

    describe.each(unusable)('with %s', (_desc, args) => {
      it('exits 2', async () => {
        const argv = await args(server.url);
        const run = await runCli([
          'evidence',
          'get',
          ...argv,
          '--out',
          join(files.path, 'x.json'),
        ]);
        expect(run.code).toBe(2);
      });
    });
  });

  describe('from a log whose quorum is not met', () => {
    let running: RunningServer;
    beforeAll(async () => {
      const dataDir = join(files.path, 'no-quorum');
      const made = await runCli([
        'keygen',
        '--log',
        'no-quorum.test/log',
        '--out',
        join(files.path, 'no-quorum.key'),
      ]);
      const vkey = /^verifier key: (\S+)$/m.exec(made.stdout)![1]!;
      const witness = await runCli([
        'keygen',
        '--witness',
        'witness.down.test',
        '--out',
        join(files.path, 'down.key'),
      ]);
      const witnessVkey = /^verifier key: (\S+)$/m.exec(witness.stdout)![1]!;
      const policy = join(files.path, 'no-quorum.policy');
      writeFileSync(
        policy,
        `log ${vkey}\nwitness down ${witnessVkey} ${await unreachableUrl()}\nquorum down\n`
      );
      mkdirSync(dataDir);
      copyFileSync(join(files.path, 'no-quorum.key'), join(dataDir, 'log.key'));
      running = await startServer(
        parseServerConfig({
          dataDir,
          port: 0,
          logLevel: 'silent',
          verifyWorkers: 0,
          integrateIntervalMs: 20,
          policyFile: policy,
          sensorRatePerSecond: 100_000,
          sensorBurst: 100_000,
        })
      );
      await populate(running, 1);
    });
    afterAll(() => running.close());

    it('exits 1 once --wait has passed, having asked again', async () => {
      const started = Date.now();
      const run = await runCli([
        'evidence',
        'get',
        running.url,
        '1',
        '--out',
        join(files.path, 'never.json'),
        '--wait',
        '1',
      ]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/cosigned to the log's witness quorum yet/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    });
  });
});
