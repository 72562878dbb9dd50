import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().min(1);

/**
 * Everything the server can be told, with its defaults. The CLI hands over
 * its flags; this schema is the one place they are checked (STYLE §5.19).
 */
export const serverConfigSchema = z.object({
  /** Folder for the SQLite file and the log key; created if missing. */
  dataDir: z.string().min(1),
  host: z.string().default('127.0.0.1'),
  port: port.default(8080),
  /** A sensors.json (array of registry entries) to register at start. */
  sensorsFile: z.string().optional(),
  /**
   * A witness policy (C2SP tlog-policy lines). Its `witness` lines with a
   * URL are asked to cosign every checkpoint; its quorum decides which
   * checkpoint evidence files use.
   */
  policyFile: z.string().optional(),
  /**
   * A ceasefire agreement (DESIGN 4.3) to put in force at start: logged
   * unless the log's current agreement is the same, refused if its version
   * is not above a logged version of the same id.
   */
  agreementFile: z.string().optional(),
  /**
   * An escalation ladder (docs/response.md) to put in force at start:
   * logged unless the log's current ladder is the same, refused if it has
   * issues or its version is not above a logged version of the same id.
   */
  ladderFile: z.string().optional(),
  /**
   * A coalition document (DESIGN 5; data/coalition-demo.json) whose new
   * members and pledges are logged at start.
   */
  coalitionFile: z.string().optional(),
  /**
   * Folder of the Kiel Ukraine Support Tracker CSVs (data_explorer.csv,
   * weapons.csv, release_info.csv) read at start as each member's
   * delivered support. Default: ../shared/data/pledges beside the checkout
   * when it is there, else none.
   */
  kielDir: z.string().min(1).optional(),
  /** CAP alerts' <status> (OASIS CAP 1.2 §3.2.1): the demo says Exercise. */
  capStatus: z.enum(['Actual', 'Exercise']).default('Actual'),
  /**
   * The server's public base URL, for links in CAP alerts; without it the
   * request's Host is used.
   */
  publicUrl: z
    .string()
    .regex(/^https?:\/\/[^\s<>&"']+$/, 'an absolute http(s) URL')
    .optional(),
  /** How soon after new observations the findings engine runs. */
  findingsIntervalMs: positiveInt.max(1000).default(250),
  /** The sliding window of observations the findings engine fuses. */
  findingsWindowSeconds: positiveInt.min(120).max(86_400).default(1800),
  /** Most observations the findings window holds; the oldest go first. */
  findingsMaxObservations: positiveInt.max(10_000_000).default(50_000),
  /**
   * `incremental` fuses each pulse about once; `window` refuses the whole
   * window on every run (the engine before issue 4, for comparison).
   */
  findingsFusion: z.enum(['incremental', 'window']).default('incremental'),
  /**
   * `worker` runs the findings engine in a worker thread, so fusion has a
   * core of its own and ingest never waits for a run; `inline` runs it on
   * the event loop.
   */
  findingsThread: z.enum(['worker', 'inline']).default('worker'),
  /**
   * Findings engines the front is split among, by stripes of longitude
   * (each in a worker of its own): the live engine then uses that many
   * cores. 1 runs one engine for the whole front.
   */
  findingsShards: positiveInt.max(64).default(1),
  /** Width of those stripes, degrees (default: twenty hearing ranges). */
  findingsShardDegrees: z.coerce.number().positive().max(360).optional(),
  /**
   * A JSON file of fusion parameters (core's FusionOptions: any subset of
   * FusionParams) for this network, over the defaults; every finding
   * records the resolved set.
   */
  fusionParamsFile: z.string().optional(),
  /** The log's origin line and key name, used when a new key is made. */
  origin: z
    .string()
    .regex(/^[^\s+]+$/, 'an origin has no spaces or "+"')
    .default('truce.example/log'),
  logLevel: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  /** How far an observation's time may lie ahead of the server clock. */
  maxFutureSeconds: z.coerce.number().min(0).default(300),
  /** How often the sequencer looks for entries to integrate. */
  integrateIntervalMs: positiveInt.max(1000).default(200),
  bodyLimitBytes: positiveInt.default(16 * 1024 * 1024),
  /** Requests per minute from one client address, over all routes. */
  clientRatePerMinute: positiveInt.default(6000),
  /** Observations per second one sensor may sustain, and its burst. */
  sensorRatePerSecond: z.coerce.number().positive().default(50),
  sensorBurst: positiveInt.default(200),
  /**
   * Signature-checking worker threads; 0 checks on the main thread. On 2
   * cores, 2 workers ingest ~17,800 observations/s and 1 worker ~13,800
   * (npm run bench:ingest), though the main thread needs CPU too.
   */
  verifyWorkers: z.coerce.number().int().min(0).max(64).default(2),
  /**
   * Nice value (0-19) of those threads on Linux, so they yield a core to the
   * main thread, which every request passes through; 0 leaves them equal.
   */
  verifyWorkerNice: z.coerce.number().int().min(0).max(19).default(10),
  /**
   * How far (percent) V8 may grow the heap past what a full GC left live;
   * 0 keeps V8's own factor (up to 300%). Trades a little GC time for RSS.
   */
  heapGrowingPercent: z.coerce.number().int().min(0).max(1000).default(100),
  /**
   * The built dashboard (apps/web/dist) to serve at `/`; by default that
   * folder when it exists. The API stays under /v1, /log and /docs.
   */
  webDir: z.string().min(1).optional(),
});

export type ServerConfig = Readonly<z.infer<typeof serverConfigSchema>>;

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/** Parses and freezes the configuration, or fails with every problem named. */
export function parseServerConfig(raw: unknown): ServerConfig {
  const result = serverConfigSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`
    );
    throw new ConfigError(
      `invalid server configuration:\n  ${lines.join('\n  ')}`
    );
  }
  return Object.freeze(result.data);
}
