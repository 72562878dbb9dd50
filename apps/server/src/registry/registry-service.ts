import type {
  RegistryEntry,
  SensorKey,
  SensorRecord,
  SensorState,
} from '@truce/core';
import {
  CoreError,
  REGISTRY_ENTRY_TYPES,
  SensorRegistry,
  decodeLogEntry,
  encodeLogEntry,
  formatRfc3339Micros,
  isRegistryEntry,
} from '@truce/core';
import { ApiError } from '../errors.js';
import type { LogWriter } from '../log/log-writer.js';
import type { LogStore } from '../storage/store.js';

export type RegistryChange =
  | { type: 'sensor_registered'; sensor: SensorRecord }
  | { type: 'sensor_key_rotated'; sensor: string; publicKey: string }
  | { type: 'sensor_revoked'; sensor: string; reason: string };

const REGISTRY_CODE_TO_API = {
  REGISTRY_SENSOR_EXISTS: 'CONFLICT',
  REGISTRY_SENSOR_UNKNOWN: 'NOT_FOUND',
  REGISTRY_SENSOR_REVOKED: 'CONFLICT',
  REGISTRY_KEY_REUSED: 'CONFLICT',
} as const;

/**
 * The sensor registry of DESIGN 4.2, rebuilt from the log at start-up. Each
 * change is checked against the current state, logged, and applied in the
 * same turn in which its index is assigned, so observations admitted later
 * always see it.
 */
export class RegistryService {
  readonly #registry: SensorRegistry;
  readonly #writer: LogWriter;
  readonly #clock: () => number;

  private constructor(
    registry: SensorRegistry,
    writer: LogWriter,
    clock: () => number
  ) {
    this.#registry = registry;
    this.#writer = writer;
    this.#clock = clock;
  }

  static async open(options: {
    store: LogStore;
    writer: LogWriter;
    clock: () => number;
  }): Promise<RegistryService> {
    const registry = new SensorRegistry();
    for (const { index, bytes } of await options.store.readEntriesByType(
      REGISTRY_ENTRY_TYPES
    )) {
      const entry = decodeLogEntry(bytes);
      if (isRegistryEntry(entry)) registry.apply(entry, index);
    }
    return new RegistryService(registry, options.writer, options.clock);
  }

  /** The admission view of a sensor: its current key and status. */
  readonly lookupKey = (id: string): SensorKey | undefined =>
    this.#registry.lookup(id);

  lookup(id: string): SensorState | undefined {
    return this.#registry.lookup(id);
  }

  list(): SensorState[] {
    return this.#registry.list();
  }

  /**
   * Logs a registry change made by `actor` and waits until it is durable.
   * Throws ApiError CONFLICT or NOT_FOUND when the change does not apply.
   */
  async change(change: RegistryChange, actor: string): Promise<number> {
    const entry = {
      ...change,
      v: 1,
      time: formatRfc3339Micros(this.#clock() * 1000),
      actor,
    } as RegistryEntry;
    let bytes: Uint8Array;
    try {
      bytes = encodeLogEntry(entry);
      this.#registry.check(entry);
    } catch (error) {
      throw toApiError(error);
    }
    const { firstIndex, durable } = this.#writer.enqueue([
      { bytes, type: entry.type },
    ]);
    this.#registry.apply(entry, firstIndex);
    await durable;
    return firstIndex;
  }
}

function toApiError(error: unknown): unknown {
  if (error instanceof CoreError) {
    const code =
      REGISTRY_CODE_TO_API[error.code as keyof typeof REGISTRY_CODE_TO_API];
    if (code !== undefined) return new ApiError(code, error.message);
    return new ApiError('BODY_SCHEMA', error.message);
  }
  return error;
}
