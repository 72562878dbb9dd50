import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { FusionOptions, WitnessPolicy } from '@truce/core';
import {
  CoreError,
  parseSensorRecord,
  parseWitnessPolicy,
  resolveFusionParams,
} from '@truce/core';
import { buildApp } from './app.js';
import { kielOption, logCoalitionFile } from './coalition/coalition-startup.js';
import type { ServerConfig } from './config.js';
import { ApiError } from './errors.js';
import {
  createInlineVerifier,
  createWorkerVerifier,
} from './ingest/verify-pool.js';
import { limitHeapGrowth } from './runtime/heap-growth.js';
import { createServices } from './services.js';
import type { Services } from './services.js';
import type { KeyPair } from './signing/key-file.js';
import {
  generateKeyPair,
  readKeyFile,
  writeKeyFile,
} from './signing/key-file.js';
import { createSqliteStore } from './storage/sqlite/sqlite-store.js';

export type RunningServer = {
  app: FastifyInstance;
  services: Services;
  url: string;
  close: () => Promise<void>;
};

/** Where the server keeps its files inside `--data`. */
export function dataPaths(dataDir: string) {
  return {
    database: join(dataDir, 'log.db'),
    /** Webhook subscriptions and deliveries: not log state, kept apart. */
    alerts: join(dataDir, 'alerts.db'),
    logKey: join(dataDir, 'log.key'),
  };
}

/** The dashboard build beside this package (apps/web/dist), if built. */
export const DEFAULT_WEB_DIR = fileURLToPath(
  new URL('../../web/dist', import.meta.url)
);

// A webDir given in the config must hold a build; the default is served
// only once `npm run build:web` (or `npm start`) has built it.
function webDirOption(webDir: string | undefined): { webDir?: string } {
  if (webDir !== undefined) {
    if (!existsSync(join(webDir, 'index.html'))) {
      throw new Error(`web folder ${webDir} has no index.html`);
    }
    return { webDir };
  }
  return existsSync(join(DEFAULT_WEB_DIR, 'index.html'))
    ? { webDir: DEFAULT_WEB_DIR }
    : {};
}

/** Opens the log's key, making one on first start. */
export function loadOrCreateLogKey(path: string, origin: string): KeyPair {
  if (existsSync(path)) return readKeyFile(path);
  const key = generateKeyPair(origin);
  writeKeyFile(path, key);
  return key;
}

/**
 * The composition root (STYLE §2.4): reads nothing but `config`, builds the
 * adapters and services, registers the sensors file, and listens.
 */
export async function startServer(
  config: ServerConfig
): Promise<RunningServer> {
  limitHeapGrowth(config.heapGrowingPercent);
  mkdirSync(config.dataDir, { recursive: true });
  const paths = dataPaths(config.dataDir);
  const logger = pino({ level: config.logLevel });
  const logKey = loadOrCreateLogKey(paths.logKey, config.origin);
  const store = createSqliteStore({ path: paths.database });
  const verifier =
    config.verifyWorkers > 0
      ? createWorkerVerifier({
          workers: config.verifyWorkers,
          nice: config.verifyWorkerNice,
        })
      : createInlineVerifier();
  const clock = () => Date.now();
  const policy =
    config.policyFile === undefined
      ? undefined
      : readPolicyFile(config.policyFile);
  const services = await createServices({
    store,
    logKey,
    verifier,
    clock,
    config,
    defaultMetrics: true,
    ...(policy === undefined ? {} : { policy }),
    findings: {
      intervalMs: config.findingsIntervalMs,
      windowSeconds: config.findingsWindowSeconds,
      maxObservations: config.findingsMaxObservations,
      fusionMode: config.findingsFusion,
      thread: config.findingsThread,
      shards: config.findingsShards,
      ...(config.findingsShardDegrees === undefined
        ? {}
        : { shardStripeDegrees: config.findingsShardDegrees }),
      ...(config.fusionParamsFile === undefined
        ? {}
        : { fusion: readFusionParamsFile(config.fusionParamsFile) }),
    },
    onBackgroundError: (err, context) => logger.error({ err }, context),
    webhooks: { path: paths.alerts },
    ...kielOption(config.kielDir),
  });
  if (config.sensorsFile !== undefined) {
    await registerSensorsFile(services, config.sensorsFile, logger);
  }
  if (config.agreementFile !== undefined) {
    await logAgreementFile(services, config.agreementFile, logger);
  }
  if (config.ladderFile !== undefined) {
    await logLadderFile(services, config.ladderFile, logger);
  }
  if (config.coalitionFile !== undefined) {
    await logCoalitionFile(services, config.coalitionFile, logger);
  }
  const app = await buildApp({
    ...services,
    clock,
    bodyLimitBytes: config.bodyLimitBytes,
    clientRatePerMinute: config.clientRatePerMinute,
    logger: false,
    loggerInstance: logger,
    capStatus: config.capStatus,
    ...(config.publicUrl === undefined ? {} : { publicUrl: config.publicUrl }),
    ...webDirOption(config.webDir),
  });
  const url = await app.listen({ host: config.host, port: config.port });
  logger.info(
    {
      url,
      origin: logKey.name,
      vkey: logKey.verifierKey,
      size: services.sequencer.latest?.size ?? 0,
    },
    'truce log server listening'
  );
  return {
    app,
    services,
    url,
    async close() {
      await app.close();
      await services.stop();
      await verifier.close();
      await store.close();
    },
  };
}

/** Reads and parses a witness policy file, naming the file on failure. */
export function readPolicyFile(path: string): WitnessPolicy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read policy file ${path}: ${String(error)}`);
  }
  try {
    return parseWitnessPolicy(text);
  } catch (error) {
    const detail = error instanceof CoreError ? error.message : String(error);
    throw new Error(`policy file ${path}: ${detail}`);
  }
}

/** Reads and checks a fusion parameters file, naming the file on failure. */
export function readFusionParamsFile(path: string): FusionOptions {
  const options = readJsonFile(path, 'fusion parameters') as FusionOptions;
  try {
    resolveFusionParams(options);
  } catch (error) {
    const detail = error instanceof CoreError ? error.message : String(error);
    throw new Error(`fusion parameters file ${path}: ${detail}`);
  }
  return options;
}

/** Reads a JSON file given at start, naming the file and its role on failure. */
function readJsonFile(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new Error(`cannot read ${what} file ${path}: ${String(error)}`);
  }
}

/**
 * Puts the agreement of a file in force: logged unless the log's current
 * agreement is the same, and refused (the server does not start) when it
 * is invalid or its version is not above the logged one.
 */
export async function logAgreementFile(
  services: Services,
  path: string,
  logger: { info: (obj: object, msg: string) => void }
): Promise<number> {
  const raw = readJsonFile(path, 'agreement');
  try {
    const { index, appended } = await services.agreements.ensure(
      raw,
      'agreement-file'
    );
    logger.info({ path, index, appended }, 'agreement in force');
    return index;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    throw new Error(`agreement file ${path}: ${error.message}`);
  }
}

/**
 * Puts the escalation ladder of a file in force, as logAgreementFile does
 * for agreements: the server does not start with a ladder it refuses.
 */
export async function logLadderFile(
  services: Services,
  path: string,
  logger: { info: (obj: object, msg: string) => void }
): Promise<number> {
  const raw = readJsonFile(path, 'ladder');
  try {
    const { index, appended } = await services.response.ladders.ensure(
      raw,
      'ladder-file'
    );
    services.response.judgeSoon();
    logger.info({ path, index, appended }, 'ladder in force');
    return index;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    throw new Error(`ladder file ${path}: ${error.message}`);
  }
}

/**
 * Registers each sensor of a sensors.json that the registry does not hold
 * yet. A sensor already registered with the same key is left alone; one
 * registered with another key is an error (rotate it through the API).
 */
export async function registerSensorsFile(
  services: Services,
  path: string,
  logger: { info: (obj: object, msg: string) => void }
): Promise<number> {
  const raw = readJsonFile(path, 'sensors');
  if (!Array.isArray(raw)) {
    throw new Error(`sensors file ${path} must hold a JSON array of sensors`);
  }
  let added = 0;
  for (const [i, item] of raw.entries()) {
    let record;
    try {
      record = parseSensorRecord(item);
    } catch (error) {
      const detail = error instanceof CoreError ? error.message : String(error);
      throw new Error(`sensors file ${path}, item ${i}: ${detail}`);
    }
    const existing = services.registry.lookup(record.id);
    if (existing !== undefined) {
      if (existing.record.publicKey !== record.publicKey) {
        throw new Error(
          `sensor ${record.id} is registered with another key; rotate it through the API`
        );
      }
      continue;
    }
    await services.registry.change(
      { type: 'sensor_registered', sensor: record },
      'sensors-file'
    );
    added++;
  }
  logger.info({ path, added, total: raw.length }, 'sensors file registered');
  return added;
}
