import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KielRecord } from '@truce/core';
import { coalitionResponseSchema } from '@truce/protocol';
import { REPO_ROOT, SHARED_DIR } from '@truce/testing';
import { buildApp } from '../src/app.js';
import {
  kielOption,
  logCoalitionFile,
} from '../src/coalition/coalition-startup.js';
import { readKielRecord } from '../src/coalition/kiel-files.js';
import { createInlineVerifier } from '../src/ingest/verify-pool.js';
import type { Services } from '../src/services.js';
import { createServices } from '../src/services.js';
import { keyPairFromSeed } from '../src/signing/key-file.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import { LOG_ORIGIN, NOW_MS, seedFrom } from './helpers.js';

const KIEL_DIR = join(SHARED_DIR, 'data/pledges');
const DEMO = join(REPO_ROOT, 'data/coalition-demo.json');
const quiet = { info: () => {} };

describe('the Kiel record at start', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'truce-kiel-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is read from ../shared/data/pledges when no folder is given', () => {
    const { kiel } = kielOption(undefined);
    expect(kiel?.donors).toHaveLength(42);
    expect(kiel?.source.release).toBe('29');
  });

  describe('when a given folder lacks the files', () => {
    it('refuses to start', () => {
      expect(() => kielOption(join(dir, 'none'))).toThrow(Error);
    });
  });

  describe('when a row is malformed', () => {
    it('refuses to start, naming the file, line and code of each row', () => {
      for (const name of ['weapons.csv', 'release_info.csv']) {
        writeFileSync(join(dir, name), readKielText(name), 'utf8');
      }
      const lines = readKielText('data_explorer.csv').split('\n');
      lines[2] = lines[2]!.replace(/,0\.\d+,/, ',zero,');
      lines[5] = '"Australia","AUS",2022';
      writeFileSync(join(dir, 'data_explorer.csv'), lines.join('\n'));
      expect(() => readKielRecord(dir)).toThrow(
        /data_explorer\.csv:3: KIEL_NUMBER_INVALID[^]*data_explorer\.csv:6: CSV_FIELD_COUNT/
      );
    });
  });
});

function readKielText(name: string): string {
  return readFileSync(join(KIEL_DIR, name), 'utf8');
}

describe('the demo coalition beside the Kiel record', () => {
  let services: Services;
  let kiel: KielRecord;
  let closeAll: () => Promise<void>;

  beforeAll(async () => {
    kiel = readKielRecord(KIEL_DIR);
    const store = createSqliteStore({ path: ':memory:' });
    const verifier = createInlineVerifier();
    services = await createServices({
      store,
      logKey: keyPairFromSeed(LOG_ORIGIN, seedFrom('log key')),
      verifier,
      clock: () => NOW_MS,
      config: {
        maxFutureSeconds: 300,
        integrateIntervalMs: 50,
        sensorRatePerSecond: 1000,
        sensorBurst: 1000,
      },
      kiel,
    });
    closeAll = async () => {
      await services.stop();
      await verifier.close();
      await store.close();
    };
  });
  afterAll(() => closeAll());

  it('logs every member and pledge of the file once', async () => {
    const first = await logCoalitionFile(services, DEMO, quiet);
    expect(first).toBe(32 + 66);
    expect(await logCoalitionFile(services, DEMO, quiet)).toBe(0);
    expect(services.coalition.pledgesWithState()).toHaveLength(66);
  });

  it("serves each member's delivered support and the citation", async () => {
    const app = await buildApp({
      ...services,
      clock: () => NOW_MS,
      bodyLimitBytes: 1024 * 1024,
      clientRatePerMinute: 100_000,
      logger: false,
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/v1/coalition' });
      const body = coalitionResponseSchema.parse(res.json());
      const members = new Set(body.members.map((m) => m.iso3));
      // Every member the tracker lists, and no donor that is not a member.
      const tracked = kiel.donors.filter((d) => members.has(d.iso3));
      expect(body.delivered.map((d) => d.iso3)).toEqual(
        tracked.map((d) => d.iso3)
      );
      expect(body.delivered.some((d) => d.iso3 === 'USA')).toBe(false);
      const germany = body.delivered.find((d) => d.iso3 === 'DEU')!;
      const kielGermany = kiel.donors.find((d) => d.iso3 === 'DEU')!;
      expect(germany.allocatedEurBn).toBe(kielGermany.allocatedEurBn);
      expect(germany.weapons).toHaveLength(5);
      expect(body.source).toBe(
        'Kiel Institute for the World Economy, Ukraine Support Tracker (release 29)'
      );
      expect(body.sourceRelease).toEqual(kiel.source);
    } finally {
      await app.close();
    }
  });

  it('gives the planner GDP for members the tracker knows', () => {
    const gdp = services.coalition.gdp();
    expect(gdp.DEU).toBe(kiel.donors.find((d) => d.iso3 === 'DEU')!.gdpEurBn);
    expect(gdp.USA).toBeUndefined();
  });
});
