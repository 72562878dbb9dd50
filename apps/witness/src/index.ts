// The witness's public surface, for the `truce` CLI (`truce witness serve`)
// and for tests.
export { buildWitnessApp } from './app.js';
export type { WitnessAppDeps } from './app.js';
export {
  ConfigError,
  parseWitnessConfig,
  witnessConfigSchema,
} from './config.js';
export type { WitnessConfig, WitnessConfigInput } from './config.js';
export { readWitnessKeyFile, startWitness, witnessDataPaths } from './main.js';
export type { RunningWitness, StartWitnessOptions } from './main.js';
export { createWitnessService } from './witness-service.js';
export type {
  AddCheckpointOutcome,
  EquivocationView,
  LogView,
  WitnessIdentity,
  WitnessService,
  WitnessServiceDeps,
} from './witness-service.js';
export { createSqliteWitnessStore } from './storage/sqlite/sqlite-witness-store.js';
export type {
  StoredEquivocation,
  StoredLogState,
  WitnessStore,
  WitnessStoreTx,
} from './storage/witness-store.js';
