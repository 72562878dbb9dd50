import { createPrivateKey, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { SimAgreement, SimScenario } from '@truce/core';
import {
  CoreError,
  OBSERVATION_PAYLOAD_TYPE,
  SIM_DEMO_AGREEMENT,
  canonicalJsonBytes,
  parseRfc3339Micros,
  parseSimAgreement,
  signEnvelope,
  simulateScenario,
} from '@truce/core';
import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { CliError, EXIT_OK, usageError } from '../errors.js';
import { println } from '../io.js';
import { createProgress } from '../progress.js';

/** The files of a scenario bundle (DESIGN 4.4). */
export const BUNDLE_FILES = [
  'agreement.json',
  'sensors.json',
  'observations.jsonl',
  'truth.json',
] as const;

// RFC 8410 §7: the PKCS #8 DER prefix of an Ed25519 private key (the seed follows).
const PKCS8_ED25519_PREFIX = Buffer.from(
  '302e020100300506032b657004220420',
  'hex'
);
const LINES_PER_WRITE = 2000;

function privateKeyOf(seed: Uint8Array): KeyObject {
  return createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
}

function readAgreement(path: string | undefined): {
  text: string;
  agreement: SimAgreement;
} {
  if (path === undefined) {
    return {
      text: `${JSON.stringify(SIM_DEMO_AGREEMENT, null, 2)}\n`,
      agreement: parseSimAgreement(SIM_DEMO_AGREEMENT),
    };
  }
  let text: string;
  let json: unknown;
  try {
    text = readFileSync(path, 'utf8');
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(
      'INPUT_UNUSABLE',
      `cannot read ${path} as JSON: ${(error as Error).message}`,
      { cause: error }
    );
  }
  try {
    return { text, agreement: parseSimAgreement(json) };
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    throw new CliError('INPUT_UNUSABLE', `${path}: ${error.message}`, {
      cause: error,
    });
  }
}

function parseHours(raw: string): number {
  const hours = Number(raw);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(raw) || hours < 0.01 || hours > 168) {
    usageError('--hours must be a number from 0.01 to 168');
  }
  return hours;
}

/**
 * truth.json laid out for people and diffs: top-level fields indented,
 * each element of a list of objects on one line.
 */
export function formatTruth(truth: object): string {
  const fields = Object.entries(truth).map(([key, value]) => {
    const name = JSON.stringify(key);
    if (Array.isArray(value) && value.some((v) => typeof v === 'object')) {
      if (value.length === 0) return `  ${name}: []`;
      const rows = value.map((v) => `    ${JSON.stringify(v)}`);
      return `  ${name}: [\n${rows.join(',\n')}\n  ]`;
    }
    return `  ${name}: ${JSON.stringify(value)}`;
  });
  return `{\n${fields.join(',\n')}\n}\n`;
}

/** Signs every observation with its sensor's key and writes one envelope per line. */
function writeObservations(
  path: string,
  scenario: SimScenario,
  onProgress: (done: number) => void
): void {
  const keys = new Map<string, KeyObject>();
  for (const [id, seed] of scenario.sensorSeeds)
    keys.set(id, privateKeyOf(seed));
  const fd = openSync(path, 'w');
  try {
    let chunk: string[] = [];
    scenario.observations.forEach(({ sensorId, payload }, i) => {
      const key = keys.get(sensorId)!;
      const envelope = signEnvelope({
        payloadType: OBSERVATION_PAYLOAD_TYPE,
        payload: canonicalJsonBytes(payload),
        keyid: sensorId,
        sign: (message) => new Uint8Array(sign(null, message, key)),
      });
      chunk.push(`${JSON.stringify(envelope)}\n`);
      if (chunk.length === LINES_PER_WRITE) {
        writeSync(fd, chunk.join(''));
        chunk = [];
        onProgress(i + 1);
      }
    });
    writeSync(fd, chunk.join(''));
  } finally {
    closeSync(fd);
  }
}

/** `truce simulate`: a seeded scenario bundle with its ground truth. */
export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Write a simulated scenario bundle (signed observations and truth)',
  usage: usageOf(
    'simulate',
    'truce simulate --seed N --out DIR [--agreement FILE] [--difficulty easy|medium|hard]\n       [--hours H] [--sensors N] [--start TIME] [--force]',
    "Simulates a stretch of the agreement's contact line: acoustic arrays on both\nsides, weather stations, weapon-locating radars, drones and patrols; fire with\nlaunches and impacts, salvos, weapons moved into withdrawal zones, clutter,\nechoes and outages. Writes the bundle of DESIGN 4.4 to DIR: agreement.json,\nsensors.json, observations.jsonl (DSSE envelopes signed with per-sensor keys\nderived from the seed) and truth.json. The same seed writes the same bytes.\nWithout --agreement, a built-in demo agreement on a real 100 km stretch of\nthe 2026-08-22 line (DeepStateMap via cyterat/deepstate-map-data) is used."
  ),
  async run(argv, io) {
    const config = parseCommandConfig('simulate', argv, io.env);
    const hours = parseHours(config.hours);
    let startMicros: number | undefined;
    if (config.start !== undefined) {
      try {
        startMicros = parseRfc3339Micros(config.start);
      } catch {
        usageError(
          '--start must be an RFC 3339 UTC time, e.g. 2026-09-01T00:00:00Z'
        );
      }
    }
    const { text, agreement } = readAgreement(config.agreement);
    const existing = BUNDLE_FILES.filter((f) =>
      existsSync(join(config.out, f))
    );
    if (existing.length > 0 && !config.force) {
      throw new CliError(
        'FAILED',
        `${config.out} already holds ${existing.join(', ')}; pass --force to replace them`
      );
    }
    let scenario: SimScenario;
    try {
      scenario = simulateScenario({
        seed: config.seed,
        agreement,
        params: {
          difficulty: config.difficulty,
          hours,
          acousticSensors: config.sensors,
          ...(startMicros === undefined ? {} : { startMicros }),
        },
      });
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      throw new CliError('INPUT_UNUSABLE', error.message, { cause: error });
    }
    const progress = createProgress(io.stderr, {
      label: 'simulate',
      force: config.progress,
    });
    const total = scenario.observations.length;
    try {
      mkdirSync(config.out, { recursive: true });
      writeFileSync(join(config.out, 'agreement.json'), text);
      writeFileSync(
        join(config.out, 'sensors.json'),
        `${JSON.stringify(scenario.sensors, null, 2)}\n`
      );
      writeObservations(
        join(config.out, 'observations.jsonl'),
        scenario,
        (done) => progress.update(done, total)
      );
      writeFileSync(
        join(config.out, 'truth.json'),
        formatTruth(scenario.truth)
      );
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new CliError(
        'INPUT_UNUSABLE',
        `cannot write to ${config.out}: ${code}`,
        {
          cause: error,
        }
      );
    }
    progress.update(total, total);
    progress.finish();
    const { truth } = scenario;
    const kinds = Object.entries(truth.counts.byKind)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    const inZone = truth.weapons.filter((w) => w.insideZone).length;
    println(
      io.stdout,
      `wrote ${config.out}: ${scenario.sensors.length} sensors, ${total} observations (${kinds})`
    );
    println(
      io.stdout,
      `truth: ${truth.engagements.length} engagements, ${truth.fires.length} fires, ${truth.impacts.length} impacts, ${inZone} weapons inside withdrawal zones, ${truth.outages.length} outages, from ${truth.start} to ${truth.end}`
    );
    return EXIT_OK;
  },
};
