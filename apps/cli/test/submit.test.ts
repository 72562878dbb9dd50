import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSignerKey } from '@truce/core';
import { makeSensor, signPayload } from '../../server/test/helpers.js';
import type { TestServer } from './helpers.js';
import {
  heartbeat,
  jsonl,
  runCli,
  startTestServer,
  tempDir,
  unreachableUrl,
} from './helpers.js';

const alpha = makeSensor('acoustic-301');
const bravo = makeSensor('acoustic-302');
let server: TestServer;
let files: ReturnType<typeof tempDir>;
let alphaKey: string;

beforeAll(async () => {
  server = await startTestServer();
  files = tempDir();
  for (const sensor of [alpha, bravo]) {
    await server.running.services.registry.change(
      { type: 'sensor_registered', sensor: sensor.record },
      'test'
    );
  }
  alphaKey = join(files.path, 'alpha.key');
  writeFileSync(alphaKey, `${formatSignerKey(alpha.record.id, alpha.seed)}\n`);
});
afterAll(async () => {
  await server.close();
  files.cleanup();
});

function input(name: string, lines: readonly unknown[]): string {
  const path = join(files.path, name);
  writeFileSync(path, jsonl(lines));
  return path;
}

function results(path: string) {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

async function submit(file: string, ...flags: string[]) {
  const out = `${file}.results`;
  const run = await runCli([
    'submit',
    '--url',
    server.url,
    '--key',
    alphaKey,
    '--results',
    out,
    ...flags,
    file,
  ]);
  return { ...run, results: results(out) };
}

describe('truce submit', () => {
  it('signs each payload with the sensor key, sends it, and records each index', async () => {
    const before = await server.running.services.store.sequencedSize();
    const file = input('payloads.jsonl', [
      heartbeat(),
      heartbeat(),
      heartbeat(),
    ]);
    const run = await submit(file, '--start-seq', '0', '--batch', '2');
    expect(run.code).toBe(0);
    expect(run.results).toEqual([
      { line: 1, status: 'accepted', index: before },
      { line: 2, status: 'accepted', index: before + 1 },
      { line: 3, status: 'accepted', index: before + 2 },
    ]);
    const entries = await server.running.services.store.readEntries(
      before,
      before + 3
    );
    const seqs = entries.map((bytes) => {
      const entry = JSON.parse(new TextDecoder().decode(bytes));
      return JSON.parse(
        Buffer.from(entry.envelope.payload, 'base64').toString()
      ).seq;
    });
    expect(seqs).toEqual([0, 1, 2]);
  });

  it('sends lines that are already envelopes unchanged, whoever signed them', async () => {
    const signed = signPayload(
      { ...heartbeat(), sensor: bravo.record.id, seq: 0 },
      bravo.seed
    );
    const run = await submit(input('envelopes.jsonl', [signed]));
    expect(run.code).toBe(0);
    expect(run.results).toEqual([
      { line: 1, status: 'accepted', index: expect.any(Number) },
    ]);
  });

  it('exits 1 and records a code for each rejected line, in line order', async () => {
    const file = input('mixed.jsonl', [
      { ...heartbeat(), seq: 10 },
      'not an object',
      { ...heartbeat(), seq: 10 },
      { ...heartbeat(), seq: 11, sensor: 'acoustic-302' },
      heartbeat(),
      { ...heartbeat(), seq: 12, heartbeat: { status: 'asleep' } },
      { ...heartbeat(), seq: 13 },
    ]);
    writeFileSync(file, readFileSync(file, 'utf8') + '\n{broken\n');
    const run = await submit(file);
    expect(run.code).toBe(1);
    expect(run.results.map((r) => r.code ?? r.status)).toEqual([
      'accepted',
      'LINE_INVALID',
      'SEQ_REPLAYED',
      'SENSOR_MISMATCH',
      'SEQ_MISSING',
      'PAYLOAD_INVALID',
      'accepted',
      'LINE_INVALID',
    ]);
    // Line 9 is the blank line: skipped, not counted.
    expect(run.results.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 9]);
    expect(run.stdout).toMatch(/^ {2}SEQ_REPLAYED {2}1$/m);
  });

  // Each row: a submit that cannot start, which exits 2.
  const unusable: [string, () => string[]][] = [
    [
      'a missing input file',
      () => ['--key', alphaKey, join(files.path, 'none.jsonl')],
    ],
    [
      'a missing key file',
      () => [
        '--key',
        join(files.path, 'none.key'),
        input('a.jsonl', [heartbeat()]),
      ],
    ],
    [
      'a key file that is not a key',
      () => ['--key', input('bad.key', ['x']), input('b.jsonl', [heartbeat()])],
    ],
  ];

  describe.each(unusable)('with %s', (_desc, flags) => {
    it('exits 2', async () => {
      const run = await runCli(['submit', '--url', server.url, ...flags()]);
      expect(run.code).toBe(2);
    });
  });

  it('exits 2 when the server cannot be reached', async () => {
    const run = await runCli([
      'submit',
      '--url',
      await unreachableUrl(),
      '--key',
      alphaKey,
      input('c.jsonl', [{ ...heartbeat(), seq: 99 }]),
    ]);
    expect(run.code).toBe(2);
  });
});
