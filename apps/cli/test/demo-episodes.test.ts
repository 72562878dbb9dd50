import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIM_DEMO_AGREEMENT, parseSimAgreement } from '@truce/core';
import { createToken } from '@truce/server';
import type { FeedCounts } from '../src/demo/demo-episodes.js';
import {
  DEMO_FIRST_SEED,
  nextSeedOf,
  playEpisodes,
} from '../src/demo/demo-episodes.js';
import { demoPaths, registerDemoSensors } from '../src/demo/demo-setup.js';
import { CliError } from '../src/errors.js';
import { clientFor } from '../src/http-client.js';
import type { CliIo } from '../src/io.js';
import type { TestServer } from './helpers.js';
import { Capture, startTestServer, tempDir } from './helpers.js';

let server: TestServer;
let dir: ReturnType<typeof tempDir>;
beforeEach(async () => {
  server = await startTestServer();
  dir = tempDir();
});
afterEach(async () => {
  await server.close();
  dir.cleanup();
});

function io(): CliIo {
  return {
    stdout: new Capture(),
    stderr: new Capture(),
    env: {},
    shutdownSignal: () => new AbortController().signal,
    now: () => Date.now(),
  };
}

describe('nextSeedOf', () => {
  it('starts a fresh folder at DEMO_FIRST_SEED', () => {
    expect(nextSeedOf(dir.path)).toBe(DEMO_FIRST_SEED);
  });
});

describe('registerDemoSensors', () => {
  const record = {
    id: 's9-acoustic-001',
    kind: 'acoustic' as const,
    publicKey: '',
    position: [37.5, 48.3, 100] as [number, number, number],
    operator: 'monitor',
    timingSigmaS: 0.001,
  };

  it('registers once and reuses the key it made on the next start', async () => {
    const { secret } = await createToken(server.running.services.store, {
      role: 'admin',
      label: 'demo test',
      nowMs: Date.now(),
    });
    const client = clientFor(io(), server.url, secret);
    const first = await registerDemoSensors(dir.path, [record], client);
    const again = await registerDemoSensors(dir.path, [record], client);
    expect(again.get(record.id)).toEqual(first.get(record.id));
    expect((await client.listSensors()).map((s) => s.id)).toEqual([record.id]);
  });

  it('refuses with FAILED a sensor the registry holds under another key', async () => {
    const { secret } = await createToken(server.running.services.store, {
      role: 'admin',
      label: 'demo test',
      nowMs: Date.now(),
    });
    const client = clientFor(io(), server.url, secret);
    await registerDemoSensors(dir.path, [record], client);
    const elsewhere = tempDir();
    await expect(
      registerDemoSensors(elsewhere.path, [record], client)
    ).toThrowWithCode(CliError, 'FAILED');
    elsewhere.cleanup();
  });
});

describe('playEpisodes', () => {
  it('plays one seed after another, each with its own registered sensors, until stopped', async () => {
    const { secret } = await createToken(server.running.services.store, {
      role: 'admin',
      label: 'demo test',
      nowMs: Date.now(),
    });
    const client = clientFor(io(), server.url, secret);
    const stop = new AbortController();
    const counts: FeedCounts = {
      seed: 3,
      sent: 0,
      accepted: 0,
      rejected: new Map(),
    };
    const seeds: number[] = [];
    await playEpisodes({
      io: io(),
      dataDir: dir.path,
      client,
      agreement: parseSimAgreement(SIM_DEMO_AGREEMENT),
      // About a minute of scenario each: quiet time, played in milliseconds.
      params: { difficulty: 'easy', hours: 0.02, acousticSensors: 3 },
      speed: 100_000,
      firstSeed: 3,
      signal: stop.signal,
      counts,
      onEpisode: (seed) => {
        seeds.push(seed);
        if (seed === 5) stop.abort();
      },
    });
    expect(seeds).toEqual([3, 4, 5]);
    expect(counts.seed).toBe(5);
    expect(counts.sent).toBeGreaterThan(0);
    expect(counts.accepted).toBe(counts.sent);
    expect(counts.rejected.size).toBe(0);
    // Each episode's network replaces the last one's in the registry.
    const sensors = await client.listSensors();
    const revoked = (id: string) => sensors.find((s) => s.id === id)?.revoked;
    expect(revoked('s3-acoustic-001')).toBe(true);
    expect(revoked('s4-radar-01')).toBe(true);
    expect(revoked('s5-acoustic-001')).toBe(false);
    expect(
      sensors.filter((s) => !s.revoked).every((s) => s.id.startsWith('s5-'))
    ).toBe(true);
    // A restart on this folder goes on with the seed after the last one.
    expect(nextSeedOf(dir.path)).toBe(6);
    expect(JSON.parse(readFileSync(demoPaths(dir.path).state, 'utf8'))).toEqual(
      { nextSeed: 6 }
    );
  });
});
