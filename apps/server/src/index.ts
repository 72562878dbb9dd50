// The server's public surface, for the `truce` CLI (its process launcher)
// and for tests.
export { buildApp } from './app.js';
export type { AppDeps } from './app.js';
export {
  parseServerConfig,
  serverConfigSchema,
  ConfigError,
} from './config.js';
export type { ServerConfig } from './config.js';
export { startServer, dataPaths, loadOrCreateLogKey } from './main.js';
export type { RunningServer } from './main.js';
export { createServices } from './services.js';
export type { Services } from './services.js';
export { createSqliteStore } from './storage/sqlite/sqlite-store.js';
export type { LogStore } from './storage/store.js';
export { createToken } from './auth/tokens.js';
export {
  generateKeyPair,
  keyPairFromSeed,
  readKeyFile,
  writeKeyFile,
} from './signing/key-file.js';
export type { KeyPair } from './signing/key-file.js';
export { createInlineVerifier } from './ingest/verify-pool.js';
export { FindingsEngine } from './findings/findings-engine.js';
export type { FindingsEngineOptions } from './findings/findings-engine.js';
export { ShardMap, defaultStripeDegrees } from './findings/shard-map.js';
export {
  WEBHOOK_HEADERS,
  signWebhook,
  verifyWebhook,
} from './alerts/webhook-signature.js';
