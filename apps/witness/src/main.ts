import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { SignerKey } from '@truce/core';
import { CoreError, parseSignerKey } from '@truce/core';
import { buildWitnessApp } from './app.js';
import { ConfigError } from './config.js';
import type { WitnessConfig } from './config.js';
import { createSqliteWitnessStore } from './storage/sqlite/sqlite-witness-store.js';
import { createWitnessService } from './witness-service.js';
import type { WitnessIdentity, WitnessService } from './witness-service.js';

export type RunningWitness = {
  app: FastifyInstance;
  service: WitnessService;
  identity: WitnessIdentity;
  url: string;
  close: () => Promise<void>;
};

export type StartWitnessOptions = {
  /** POSIX seconds; the system clock unless a test pins it. */
  unixSeconds?: () => number;
};

/** Where the witness keeps its files inside `dataDir`. */
export function witnessDataPaths(dataDir: string) {
  return { database: join(dataDir, 'witness.db') };
}

/** Reads a witness key file (one line, C2SP signer-key format). */
export function readWitnessKeyFile(path: string): SignerKey {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read witness key file ${path}`, {
      cause: error,
    });
  }
  try {
    return parseSignerKey(text.trim());
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    throw new ConfigError(
      `${path} is not a signer key file: ${error.message}`,
      { cause: error }
    );
  }
}

/**
 * The composition root (STYLE §2.4): reads nothing but `config` and the
 * key file, opens the state file, builds the service and the app, and
 * listens. `truce witness serve` and `cli-entry.ts` both call it.
 */
export async function startWitness(
  config: WitnessConfig,
  options: StartWitnessOptions = {}
): Promise<RunningWitness> {
  const logger = pino({ level: config.logLevel });
  const key = readWitnessKeyFile(config.keyFile);
  // The key is the witness: anyone who reads it can cosign as it.
  if ((statSync(config.keyFile).mode & 0o077) !== 0) {
    logger.warn(
      { keyFile: config.keyFile },
      'witness key file is readable by others'
    );
  }
  mkdirSync(config.dataDir, { recursive: true });
  const store = createSqliteWitnessStore({
    path: witnessDataPaths(config.dataDir).database,
  });
  const service = createWitnessService({
    store,
    key,
    logs: config.logs,
    unixSeconds: options.unixSeconds ?? (() => Math.floor(Date.now() / 1000)),
    log: logger,
  });
  let app: FastifyInstance;
  let url: string;
  try {
    app = await buildWitnessApp({
      witness: service,
      bodyLimitBytes: config.bodyLimitBytes,
      loggerInstance: logger,
    });
    url = await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    store.close();
    throw error;
  }
  logger.info(
    {
      url,
      name: service.identity.name,
      vkey: service.identity.vkey,
      logs: config.logs.map((log) => log.origin),
    },
    'truce witness listening'
  );
  return {
    app,
    service,
    identity: service.identity,
    url,
    async close() {
      await app.close();
      store.close();
    },
  };
}
