import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OBSERVATION_PAYLOAD_TYPE,
  SIM_DEMO_AGREEMENT,
  base64Decode,
  decodeEnvelope,
  parseObservationPayload,
  parseRfc3339Micros,
  parseSensorRecord,
  verifyEnvelope,
} from '@truce/core';
import { BUNDLE_FILES } from '../src/commands/simulate.js';
import { createNodeEd25519Verify } from '../src/node-ed25519.js';
import { runCli, tempDir } from './helpers.js';

let dir: ReturnType<typeof tempDir>;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.cleanup());

const read = (bundle: string, file: string) => readFileSync(join(bundle, file));
const simulate = (out: string, ...flags: string[]) =>
  runCli(['simulate', '--out', join(dir.path, out), ...flags]);

describe('truce simulate', () => {
  describe('a default (medium, 6 h) scenario', () => {
    let first: Awaited<ReturnType<typeof simulate>>;
    beforeAll(async () => {
      first = await simulate('a', '--seed', '7');
    });

    it('writes the four bundle files and says what is in them', () => {
      expect(first.code).toBe(0);
      expect(first.stderr).toBe('');
      expect(first.stdout).toMatch(
        /^wrote .*: 33 sensors, \d+ observations \(/
      );
      for (const file of BUNDLE_FILES) {
        expect(read(join(dir.path, 'a'), file).length).toBeGreaterThan(100);
      }
    });

    it('writes the same bytes for the same seed, others for another', async () => {
      expect((await simulate('b', '--seed', '7')).code).toBe(0);
      expect((await simulate('c', '--seed', '8', '--hours', '1')).code).toBe(0);
      for (const file of BUNDLE_FILES) {
        const a = read(join(dir.path, 'a'), file);
        expect(read(join(dir.path, 'b'), file).equals(a), file).toBe(true);
        if (file !== 'agreement.json') {
          expect(read(join(dir.path, 'c'), file).equals(a), file).toBe(false);
        }
      }
    });

    it('registers sensors that parse, and signs every line with their keys', () => {
      const bundle = join(dir.path, 'a');
      const records = (
        JSON.parse(read(bundle, 'sensors.json').toString()) as unknown[]
      ).map(parseSensorRecord);
      const keys = new Map(
        records.map((r) => [r.id, base64Decode(r.publicKey)])
      );
      const verify = createNodeEd25519Verify();
      const next = new Map<string, number>();
      const lines = read(bundle, 'observations.jsonl')
        .toString()
        .trimEnd()
        .split('\n');
      let last = -Infinity;
      for (const line of lines) {
        const json: unknown = JSON.parse(line);
        const { envelope, payload, signatures } = decodeEnvelope(json);
        expect(envelope.payloadType).toBe(OBSERVATION_PAYLOAD_TYPE);
        const sensor = signatures[0]!.keyid;
        const publicKey = keys.get(sensor)!;
        expect(
          verifyEnvelope(json, { keys: [{ keyid: sensor, publicKey }], verify })
        ).toBe(true);
        const observation = parseObservationPayload(payload);
        expect(observation.sensor).toBe(sensor);
        expect(observation.seq).toBe(next.get(sensor) ?? 0);
        next.set(sensor, observation.seq + 1);
        const t = parseRfc3339Micros(observation.time);
        expect(t).toBeGreaterThanOrEqual(last);
        last = t;
      }
      const truth = JSON.parse(read(bundle, 'truth.json').toString()) as {
        format: string;
        counts: { observations: number };
      };
      expect(truth.format).toBe('truce-sim-truth/v1');
      expect(truth.counts.observations).toBe(lines.length);
      expect(JSON.parse(read(bundle, 'agreement.json').toString())).toEqual(
        SIM_DEMO_AGREEMENT
      );
    });
  });

  it('copies the agreement it is given and starts at --start', async () => {
    const file = join(dir.path, 'agreement.json');
    const text = `${JSON.stringify({ ...SIM_DEMO_AGREEMENT, id: 'other' })}\n`;
    writeFileSync(file, text);
    const run = await simulate(
      'd',
      '--seed',
      '1',
      '--hours',
      '0.5',
      '--difficulty',
      'hard',
      '--sensors',
      '6',
      '--agreement',
      file,
      '--start',
      '2027-03-01T06:00:00Z'
    );
    expect(run.code).toBe(0);
    const bundle = join(dir.path, 'd');
    expect(read(bundle, 'agreement.json').toString()).toBe(text);
    const truth = JSON.parse(read(bundle, 'truth.json').toString()) as {
      start: string;
      agreement: string;
      params: { difficulty: string; acousticSensors: number };
    };
    expect(truth).toMatchObject({
      start: '2027-03-01T06:00:00Z',
      agreement: 'other',
      params: { difficulty: 'hard', acousticSensors: 6 },
    });
  });

  it('draws a progress bar on stderr when asked', async () => {
    const run = await simulate(
      'e',
      '--seed',
      '2',
      '--hours',
      '1',
      '--progress'
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/simulate \[#+\] 100%/);
  });

  it('refuses to replace a bundle without --force', async () => {
    expect((await simulate('f', '--seed', '3', '--hours', '0.2')).code).toBe(0);
    const again = await simulate('f', '--seed', '3', '--hours', '0.2');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/--force/);
    expect(
      (await simulate('f', '--seed', '4', '--hours', '0.2', '--force')).code
    ).toBe(0);
  });

  const unusable: [string, string[]][] = [
    ['no --seed', []],
    ['a negative seed', ['--seed', '-1']],
    ['hours out of range', ['--seed', '1', '--hours', '200']],
    ['hours that are not a number', ['--seed', '1', '--hours', 'six']],
    ['a bad start', ['--seed', '1', '--start', 'tomorrow']],
    ['an unknown difficulty', ['--seed', '1', '--difficulty', 'brutal']],
    ['too few sensors', ['--seed', '1', '--sensors', '2']],
    [
      'a missing agreement file',
      ['--seed', '1', '--agreement', '/nonexistent.json'],
    ],
  ];
  it.each(unusable)('exits 2 for %s', async (_, flags) => {
    const run = await simulate('g', ...flags);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^truce simulate: /);
  });

  it('exits 2 for an agreement the rules would refuse', async () => {
    const file = join(dir.path, 'bad-agreement.json');
    writeFileSync(
      file,
      JSON.stringify({ ...SIM_DEMO_AGREEMENT, leftParty: 'C' })
    );
    const run = await simulate('h', '--seed', '1', '--agreement', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/AGREEMENT|leftParty|LEFT_PARTY/);
  });

  it('prints its flags with --help, and truce --help lists it', async () => {
    const help = await runCli(['simulate', '--help']);
    expect(help.code).toBe(0);
    for (const flag of [
      '--seed N',
      '--out DIR',
      '--agreement FILE',
      '--difficulty',
      '--hours H',
      '--sensors N',
      '--start TIME',
    ]) {
      expect(help.stdout).toContain(flag);
    }
    expect((await runCli(['--help'])).stdout).toMatch(
      /^ {2}simulate +Write a simulated/m
    );
  });
});
