import {
  SENSOR_ID_PATTERN,
  SENSOR_KINDS,
  SIM_DIFFICULTIES,
  isValidKeyName,
} from '@truce/core';
import { ROLES } from '@truce/protocol';
import { GUARANTOR_SPECS } from './config-guarantor.js';
import { witnessLog } from './config-witness.js';
import { usageError } from './errors.js';
import type { CommandSpec, ConfigOf } from './flags.js';
import {
  baseUrl,
  formatFlags,
  integer,
  list,
  oneOf,
  parseConfig,
  required,
  switchFlag,
  text,
  withDefault,
} from './flags.js';

// The CLI's one configuration module (STYLE §5.19): every flag of every
// command, how it is checked, and the only read of the environment.

/** The environment variables the CLI reads, read once at start. */
export type CliEnv = Readonly<{ TRUCE_TOKEN?: string }>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): CliEnv {
  const token = source.TRUCE_TOKEN;
  return Object.freeze(
    token === undefined || token === '' ? {} : { TRUCE_TOKEN: token }
  );
}

// --- the flags of each command

const LOG_LEVELS = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
] as const;

/** Server flags; serve and demo hand them to the server's own schema. */
const serverFlags = {
  host: text('address to listen on (default 127.0.0.1)', 'HOST'),
  sensors: text(
    'sensors.json (an array of registry records) to register at start',
    'FILE'
  ),
  policy: text(
    'witness policy (C2SP tlog-policy); its witnesses with a URL cosign each checkpoint',
    'FILE'
  ),
  agreement: text(
    'ceasefire agreement JSON (DESIGN 4.3) to log and judge findings by; a new version needs a higher version number',
    'FILE'
  ),
  ladder: text(
    'escalation ladder (docs/response.md, e.g. data/ladder-minsk2-demo.json) to put in force at start; a new version needs a higher version number',
    'FILE'
  ),
  coalition: text(
    'coalition document (data/coalition-demo.json) whose new members and pledges are logged at start',
    'FILE'
  ),
  kiel: text(
    'folder of the Kiel Support Tracker CSVs (default ../shared/data/pledges when present)',
    'DIR'
  ),
  origin: text(
    'log origin, the name of a new log key (default truce.example/log)',
    'NAME'
  ),
  logLevel: oneOf('server log level', 'LEVEL', LOG_LEVELS),
  verifyWorkers: integer(
    'signature-checking worker threads (default 2)',
    'N',
    0,
    64
  ),
  fusionParams: text(
    "fusion parameters for this network (JSON, any subset of core's FusionParams) over the defaults",
    'FILE'
  ),
  findingsThread: oneOf(
    'where the findings engine runs (default worker: a thread of its own)',
    'WHERE',
    ['worker', 'inline'] as const
  ),
  findingsShards: integer(
    'findings engines the front is split among by region, each a thread (default 1)',
    'N',
    1,
    64
  ),
  findingsShardDegrees: text(
    'width of their stripes of longitude, degrees (default twenty hearing ranges)',
    'D'
  ),
  maxFutureSeconds: integer(
    'how far ahead of the clock an observation may be (default 300)',
    'S',
    0
  ),
  integrateIntervalMs: integer(
    'how often new entries are integrated (default 200)',
    'MS',
    1,
    1000
  ),
  bodyLimitBytes: integer('largest request body (default 16 MiB)', 'BYTES', 1),
  clientRate: integer('requests a minute per client (default 6000)', 'N', 1),
  sensorRate: integer('observations a second per sensor (default 50)', 'N', 1),
  sensorBurst: integer(
    'burst of observations per sensor (default 200)',
    'N',
    1
  ),
};

const server = {
  url: required(baseUrl('server base URL, e.g. http://127.0.0.1:8080')),
};
const token = required({
  ...text('bearer token of an admin', 'TOKEN'),
  env: 'TRUCE_TOKEN' as const,
});
const dataDir = required(text("the server's data folder", 'DIR'));

/** A log index: a decimal integer, no sign or leading zero. */
export function parseIndexArg(raw: string, what: string): number {
  const index = Number(raw);
  if (!/^(0|[1-9][0-9]*)$/.test(raw) || !Number.isSafeInteger(index)) {
    usageError(`${what} must be a log index (0, 1, 2, ...), not ${raw}`);
  }
  return index;
}

export const SPECS = {
  serve: {
    flags: {
      data: dataDir,
      port: integer(
        'port to listen on, 0 for any (default 8080)',
        'N',
        0,
        65535
      ),
      ...serverFlags,
    },
    args: [],
  },
  demo: {
    flags: {
      data: withDefault(text('data folder', 'DIR'), '.truce/demo'),
      port: withDefault(
        integer('port to listen on, 0 for any', 'N', 0, 65535),
        8080
      ),
      speed: withDefault(
        integer(
          'how much faster than real time the quiet time between engagements runs',
          'N',
          1,
          100_000
        ),
        20
      ),
      seed: integer(
        'seed of the first simulated scenario (default: the one after the last played in --data, else 6)',
        'N',
        0,
        2 ** 31
      ),
      statusSeconds: withDefault(
        integer(
          'seconds between status lines when stdout is not a terminal',
          'S',
          1,
          3600
        ),
        10
      ),
      ...serverFlags,
      // The demo talks to a person at a terminal: request logs would bury
      // the URLs it prints.
      logLevel: withDefault(
        oneOf('server log level', 'LEVEL', LOG_LEVELS),
        'warn'
      ),
    },
    args: [],
  },
  keygen: {
    flags: {
      log: text('make a log key named NAME (the log origin)', 'NAME'),
      witness: text('make a witness key named NAME', 'NAME'),
      sensor: text('make the key of sensor ID', 'ID'),
      kind: withDefault(
        oneOf('sensor kind for the record skeleton', 'KIND', SENSOR_KINDS),
        'acoustic'
      ),
      out: required(text('key file to write (mode 0600)', 'FILE')),
      force: switchFlag('replace an existing key file'),
    },
    args: [],
  },
  'token create': {
    flags: {
      data: dataDir,
      role: required(oneOf('role of the token', 'ROLE', ROLES)),
      label: withDefault(text('a note on whom the token is for', 'TEXT'), ''),
      member: text(
        'the coalition member (ISO 3166-1 alpha-3, e.g. DEU) a guarantor token acts for; required with --role guarantor',
        'ISO3'
      ),
    },
    args: [],
  },
  'token list': { flags: { data: dataDir }, args: [] },
  'token revoke': { flags: { data: dataDir }, args: ['ID'] },
  'sensor register': { flags: { ...server, token }, args: ['FILE'] },
  'sensor rotate': {
    flags: {
      ...server,
      token,
      publicKey: required(text('base64 of the new Ed25519 public key', 'B64')),
    },
    args: ['ID'],
  },
  'sensor revoke': {
    flags: {
      ...server,
      token,
      reason: required(text('why the sensor is revoked', 'TEXT')),
    },
    args: ['ID'],
  },
  'sensor list': {
    flags: { ...server, json: switchFlag('print the JSON answer') },
    args: [],
  },
  submit: {
    flags: {
      ...server,
      key: required(
        text("the sensor's key file (from truce keygen --sensor)", 'FILE')
      ),
      batch: withDefault(integer('envelopes per request', 'N', 1, 1000), 1000),
      startSeq: integer(
        'seq of the first line without one; each next one adds 1',
        'N',
        0
      ),
      results: text('write one JSON result per line to FILE', 'FILE'),
      retries: withDefault(
        integer('times to resend rate-limited envelopes', 'N', 0, 100),
        10
      ),
      progress: switchFlag(
        'draw a progress bar even when stderr is not a terminal'
      ),
    },
    args: ['FILE'],
  },
  'witness serve': {
    flags: {
      data: required(text("the witness's data folder (witness.db)", 'DIR')),
      key: required(
        text('witness key file (from truce keygen --witness)', 'FILE')
      ),
      log: list(
        'a log to cosign: ORIGIN VKEY, or VKEY',
        'ORIGIN VKEY',
        witnessLog
      ),
      port: integer(
        'port to listen on, 0 for any (default 8081)',
        'N',
        0,
        65535
      ),
      host: text('address to listen on (default 127.0.0.1)', 'HOST'),
      logLevel: oneOf('witness log level', 'LEVEL', LOG_LEVELS),
      bodyLimitBytes: integer(
        'largest request body (default 64 KiB)',
        'BYTES',
        1
      ),
    },
    args: [],
  },
  'evidence get': {
    flags: {
      out: required(text('file to write the evidence file to', 'FILE')),
      wait: withDefault(
        integer(
          'seconds to keep asking while no checkpoint covering the entry meets the quorum',
          'S',
          0,
          3600
        ),
        0
      ),
    },
    args: ['URL', 'INDEX'],
  },
  'verify evidence': {
    flags: {
      policy: text("witness policy you trust; replaces the file's own", 'FILE'),
      trust: list(
        "a log verifier key you trust; the file's must be one",
        'VKEY'
      ),
      json: switchFlag('print the report as JSON'),
    },
    args: ['FILE'],
  },
  'verify log': {
    flags: {
      state: text(
        'state file: trusted key and the last verified tree (created if missing)',
        'FILE'
      ),
      vkey: text("the log's verifier key, name+id+base64", 'VKEY'),
      policy: text(
        'witness policy: check cosignatures against its quorum, ask its witnesses for equivocations',
        'FILE'
      ),
      concurrency: withDefault(integer('requests in flight', 'N', 1, 64), 8),
      json: switchFlag('print the result as JSON'),
      progress: switchFlag(
        'draw a progress bar even when stderr is not a terminal'
      ),
    },
    args: ['URL'],
  },
  simulate: {
    flags: {
      seed: required(
        integer('seed; the same seed writes the same bundle', 'N', 0)
      ),
      out: required(
        text('folder to write the bundle to (created if missing)', 'DIR')
      ),
      agreement: text(
        'agreement JSON (DESIGN 4.3); default: the built-in demo',
        'FILE'
      ),
      difficulty: withDefault(
        oneOf(
          'clutter, echoes, density, noise and outages',
          'LEVEL',
          SIM_DIFFICULTIES
        ),
        'medium'
      ),
      hours: withDefault(
        text('scenario length in hours, 0.01 to 168', 'H'),
        '6'
      ),
      sensors: withDefault(integer('acoustic sensors', 'N', 3, 400), 24),
      start: text(
        "start, RFC 3339 UTC (default: the agreement's effectiveFrom)",
        'TIME'
      ),
      force: switchFlag('replace the bundle files if DIR already holds them'),
      progress: switchFlag(
        'draw a progress bar even when stderr is not a terminal'
      ),
    },
    args: [],
  },
  'coalition import': {
    flags: {
      file: required(
        text(
          'coalition document (DESIGN 5), e.g. data/coalition-demo.json',
          'FILE'
        )
      ),
      url: baseUrl(
        'server to import into; without it the file is only checked'
      ),
      token: {
        ...text(
          "bearer token (members need admin; pledges admin, or the member's guarantor)",
          'TOKEN'
        ),
        env: 'TRUCE_TOKEN' as const,
      },
      progress: switchFlag(
        'draw a progress bar even when stderr is not a terminal'
      ),
    },
    args: [],
  },
  replay: {
    flags: {
      out: required(
        text(
          'folder for findings.geojson, rejected.json and log/ (created if missing)',
          'DIR'
        )
      ),
      force: switchFlag('replace the outputs if DIR already holds them'),
      progress: switchFlag(
        'draw a progress bar even when stderr is not a terminal'
      ),
    },
    args: ['BUNDLE'],
  },
  ...GUARANTOR_SPECS,
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof SPECS;
export type CommandConfig<N extends CommandName> = ConfigOf<(typeof SPECS)[N]>;

/** Parses the arguments of command `name`. */
export function parseCommandConfig<N extends CommandName>(
  name: N,
  argv: readonly string[],
  env: CliEnv
): CommandConfig<N> {
  return parseConfig(SPECS[name], argv, env) as CommandConfig<N>;
}

/** Usage text: a synopsis, a description, and the generated flag list. */
export function usageOf(
  name: CommandName,
  synopsis: string,
  description: string
): string {
  const flags = formatFlags(SPECS[name]);
  return `usage: ${synopsis}\n\n${description}\n${flags === '' ? '' : `\nflags:\n${flags}\n`}`;
}

export type KeyRole = 'log' | 'witness' | 'sensor';

/** Which key keygen makes: exactly one of --log, --witness, --sensor. */
export function keygenTarget(config: CommandConfig<'keygen'>): {
  role: KeyRole;
  name: string;
} {
  const given = (['log', 'witness', 'sensor'] as const).flatMap((role) => {
    const name = config[role];
    return name === undefined ? [] : [{ role, name }];
  });
  const [target, ...extra] = given;
  if (target === undefined || extra.length > 0) {
    usageError('give exactly one of --log, --witness, --sensor');
  }
  if (target.role === 'sensor' && !SENSOR_ID_PATTERN.test(target.name)) {
    usageError(
      'a sensor id is 1 to 64 of a-z, 0-9, ".", "_", "-", starting with a letter or digit'
    );
  }
  if (!isValidKeyName(target.name)) {
    usageError('a key name has no spaces, "+" or control characters');
  }
  return target;
}

/** The server's own config object from serve or demo flags; it checks them. */
export function serverConfigInput(
  config: CommandConfig<'serve'> | CommandConfig<'demo'>
): Record<string, unknown> {
  const input: Record<string, unknown> = {
    dataDir: config.data,
    port: config.port,
    host: config.host,
    sensorsFile: config.sensors,
    policyFile: config.policy,
    agreementFile: config.agreement,
    ladderFile: config.ladder,
    coalitionFile: config.coalition,
    kielDir: config.kiel,
    origin: config.origin,
    logLevel: config.logLevel,
    verifyWorkers: config.verifyWorkers,
    findingsThread: config.findingsThread,
    findingsShards: config.findingsShards,
    findingsShardDegrees: config.findingsShardDegrees,
    fusionParamsFile: config.fusionParams,
    maxFutureSeconds: config.maxFutureSeconds,
    integrateIntervalMs: config.integrateIntervalMs,
    bodyLimitBytes: config.bodyLimitBytes,
    clientRatePerMinute: config.clientRate,
    sensorRatePerSecond: config.sensorRate,
    sensorBurst: config.sensorBurst,
  };
  return Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== undefined)
  );
}

export type { WitnessLog } from './config-witness.js';
export { joinLogPairs, witnessConfigInput } from './config-witness.js';
