import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type {
  ReplayResult,
  ScoreTruthFire,
  ScoreTruthWeapon,
} from '@truce/core';
import {
  CoreError,
  SIM_TRUTH_FORMAT,
  buildStaticLog,
  bundleDigest,
  canonicalJson,
  replayBundle,
  replayLogKey,
} from '@truce/core';
import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { CliError, EXIT_OK } from '../errors.js';
import { println } from '../io.js';
import { createNodeEd25519Verify } from '../node-ed25519.js';
import { createProgress } from '../progress.js';
import { replaySummary } from './replay-summary.js';

/** What `truce replay` writes into DIR. */
export const REPLAY_OUTPUTS = [
  'findings.geojson',
  'rejected.json',
  'engine.json',
  'log',
] as const;

const INPUTS = [
  'agreement.json',
  'sensors.json',
  'observations.jsonl',
] as const;

function readInput(bundle: string, name: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(join(bundle, name)));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliError(
      'INPUT_UNUSABLE',
      `cannot read ${join(bundle, name)}: ${code}`,
      { cause: error }
    );
  }
}

function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
  } catch (error) {
    throw new CliError(
      'INPUT_UNUSABLE',
      `${what} is not JSON: ${(error as Error).message}`,
      { cause: error }
    );
  }
}

/** One value per line; a line that is not JSON becomes undefined (ENVELOPE_MALFORMED). */
function parseLines(bytes: Uint8Array): unknown[] {
  const text = Buffer.from(bytes).toString('utf8');
  const lines = text.endsWith('\n')
    ? text.slice(0, -1).split('\n')
    : text === ''
      ? []
      : text.split('\n');
  return lines.map((line) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      return undefined;
    }
  });
}

export type ReplayTruth = {
  fires: ScoreTruthFire[];
  weapons: ScoreTruthWeapon[];
};

/** truth.json's fires and weapons, if the bundle has a truth file of ours. */
function readTruth(bundle: string): ReplayTruth | undefined | 'unreadable' {
  const path = join(bundle, 'truth.json');
  if (!existsSync(path)) return undefined;
  try {
    const truth = JSON.parse(
      readFileSync(path, 'utf8')
    ) as Partial<ReplayTruth> & { format?: unknown };
    if (
      truth.format !== SIM_TRUTH_FORMAT ||
      !Array.isArray(truth.fires) ||
      !Array.isArray(truth.weapons)
    ) {
      return 'unreadable';
    }
    return { fires: truth.fires, weapons: truth.weapons };
  } catch {
    return 'unreadable';
  }
}

/** Canonical JSON (RFC 8785 member order), two-space indented, final newline. */
function prettyCanonical(value: unknown): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(value)), null, 2)}\n`;
}

/** One rejection per line, in line order. */
function formatRejected(rejected: ReplayResult['rejected']): string {
  if (rejected.length === 0) return '[]\n';
  return `[\n${rejected.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n]\n`;
}

function writeOutputs(
  out: string,
  files: [string, string | Uint8Array][]
): void {
  try {
    rmSync(join(out, 'log'), { recursive: true, force: true });
    for (const [path, data] of files) {
      mkdirSync(dirname(join(out, path)), { recursive: true });
      writeFileSync(join(out, path), data);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliError('INPUT_UNUSABLE', `cannot write to ${out}: ${code}`, {
      cause: error,
    });
  }
}

/** `truce replay`: the whole pipeline offline over a scenario bundle. */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'Replay a scenario bundle offline: log, fusion, rules, findings',
  usage: usageOf(
    'replay',
    'truce replay BUNDLE --out DIR [--force] [--progress]',
    "Runs the pipeline of DESIGN 4.4 offline over a scenario bundle (agreement.json,\nsensors.json, observations.jsonl, optional truth.json): logs the sensors and the\nagreement, admits each envelope with the server's own checks (bad, forged and\nreplayed ones are rejected and counted), fuses, judges and logs each finding.\nWrites DIR/findings.geojson, DIR/rejected.json and the log as static tlog-tiles\nunder DIR/log (checkpoint, vkey, tile/...), signed with a key derived from the\nbundle's SHA-256: it proves the log was reproduced from the bundle, nothing\nmore. Prints a summary, scored against truth.json when there is one. Two runs\nwrite the same bytes."
  ),
  async run(argv, io) {
    const config = parseCommandConfig('replay', argv, io.env);
    const bundle = config.args[0]!;
    const inputs = INPUTS.map((name) => ({
      name,
      bytes: readInput(bundle, name),
    }));
    const [agreementBytes, sensorBytes, lineBytes] = inputs.map((f) => f.bytes);
    const agreement = parseJson(
      agreementBytes!,
      join(bundle, 'agreement.json')
    );
    const sensors = parseJson(sensorBytes!, join(bundle, 'sensors.json'));
    if (!Array.isArray(sensors)) {
      throw new CliError(
        'INPUT_UNUSABLE',
        `${join(bundle, 'sensors.json')} is not an array`
      );
    }
    const existing = REPLAY_OUTPUTS.filter((f) =>
      existsSync(join(config.out, f))
    );
    if (existing.length > 0 && !config.force) {
      throw new CliError(
        'FAILED',
        `${config.out} already holds ${existing.join(', ')}; pass --force to replace them`
      );
    }
    const truth = readTruth(bundle);
    const progress = createProgress(io.stderr, {
      label: 'replay',
      force: config.progress,
    });
    let result: ReplayResult;
    try {
      result = replayBundle({
        agreement,
        sensors,
        envelopes: parseLines(lineBytes!),
        verify: createNodeEd25519Verify(),
        onProgress: (done, total) => progress.update(done, total),
      });
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      throw new CliError('INPUT_UNUSABLE', `${bundle}: ${error.message}`, {
        cause: error,
      });
    } finally {
      progress.finish();
    }
    const key = replayLogKey(bundleDigest(inputs));
    const log = buildStaticLog(result.entries, key);
    writeOutputs(config.out, [
      ['findings.geojson', prettyCanonical(result.geojson)],
      ['rejected.json', formatRejected(result.rejected)],
      ['engine.json', prettyCanonical(result.engine)],
      ['log/checkpoint', log.checkpoint],
      ['log/vkey', `${key.vkey}\n`],
      ...log.tiles.map((t): [string, Uint8Array] => [`log/${t.path}`, t.bytes]),
    ]);
    if (truth === 'unreadable') {
      println(
        io.stderr,
        `warning: ${join(bundle, 'truth.json')} is not a ${SIM_TRUTH_FORMAT} file; not scored`
      );
    }
    for (const line of replaySummary({
      bundle,
      out: config.out,
      result,
      log: {
        origin: key.name,
        size: log.size,
        rootHash: log.rootHash,
        tiles: log.tiles.length,
      },
      ...(typeof truth === 'object' ? { truth } : {}),
    })) {
      println(io.stdout, line);
    }
    return EXIT_OK;
  },
};
