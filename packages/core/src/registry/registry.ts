import { base64Decode, bytesEqual } from '../bytes.js';
import { CoreError, type RegistryErrorCode } from '../errors.js';
import type { LogEntry } from '../log/entry.js';
import {
  REGISTRY_ENTRY_TYPES,
  type RegistryEntry,
  type SensorKeyRotatedEntry,
  type SensorRegisteredEntry,
  type SensorRevokedEntry,
} from './registry-entry.js';
import type { SensorRecord } from './sensor.js';

/** One key a sensor has held, valid for entries from `fromIndex` on. */
export type SensorKeyPeriod = Readonly<{
  publicKey: Uint8Array;
  fromIndex: number;
}>;

/** What the registry knows about one sensor; a frozen snapshot. */
export type SensorState = Readonly<{
  /** The registered record, with `publicKey` updated on each rotation. */
  record: SensorRecord;
  /** The current key. */
  publicKey: Uint8Array;
  revoked: boolean;
  /** Every key, oldest first; the last one is `publicKey`. */
  keyHistory: readonly SensorKeyPeriod[];
}>;

/** Whether a log entry changes the sensor registry. */
export function isRegistryEntry(entry: LogEntry): entry is RegistryEntry {
  return (REGISTRY_ENTRY_TYPES as readonly string[]).includes(entry.type);
}

function reject(code: RegistryErrorCode, message: string): never {
  throw new CoreError(code, message);
}

/**
 * The sensor registry as a state machine over registry log entries, applied
 * in log order. It is mutable (a server applies many thousands of entries),
 * but each `apply` either succeeds or throws and changes nothing, and
 * `lookup` returns frozen snapshots.
 */
export class SensorRegistry {
  readonly #sensors = new Map<string, SensorState>();
  #lastIndex = -1;

  /** Number of sensors ever registered, revoked ones included. */
  get size(): number {
    return this.#sensors.size;
  }

  /** The sensor's current state, or undefined if it was never registered. */
  lookup(id: string): SensorState | undefined {
    return this.#sensors.get(id);
  }

  /** Every sensor's state, revoked ones included, ordered by id. */
  list(): SensorState[] {
    return [...this.#sensors.keys()].sort().map((id) => this.#sensors.get(id)!);
  }

  /** The key that was current for `id` at `logIndex`, for re-verifying old entries. */
  keyAt(id: string, logIndex: number): Uint8Array | undefined {
    const history = this.#sensors.get(id)?.keyHistory ?? [];
    let key: Uint8Array | undefined;
    for (const period of history) {
      if (period.fromIndex <= logIndex) key = period.publicKey;
    }
    return key;
  }

  /**
   * Applies a registry entry found at `logIndex`, which must be a safe
   * integer above every index applied before. Throws REGISTRY_* codes.
   */
  apply(entry: RegistryEntry, logIndex: number): void {
    if (!Number.isSafeInteger(logIndex) || logIndex <= this.#lastIndex) {
      reject('REGISTRY_INDEX_INVALID', `log index ${logIndex} is out of order`);
    }
    const next = this.#next(entry, logIndex);
    this.#sensors.set(next.record.id, next);
    this.#lastIndex = logIndex;
  }

  /**
   * Throws what `apply` would throw for `entry` as the next entry, without
   * changing anything, so a server can refuse a change before logging it.
   */
  check(entry: RegistryEntry): void {
    this.#next(entry, this.#lastIndex + 1);
  }

  #next(entry: RegistryEntry, logIndex: number): SensorState {
    switch (entry.type) {
      case 'sensor_registered':
        return this.#register(entry, logIndex);
      case 'sensor_key_rotated':
        return this.#rotate(entry, logIndex);
      case 'sensor_revoked':
        return this.#revoke(entry);
    }
  }

  #register(entry: SensorRegisteredEntry, logIndex: number): SensorState {
    const id = entry.sensor.id;
    if (this.#sensors.has(id)) {
      reject('REGISTRY_SENSOR_EXISTS', `sensor ${id} is already registered`);
    }
    const publicKey = base64Decode(entry.sensor.publicKey);
    return freeze({
      record: entry.sensor,
      publicKey,
      revoked: false,
      keyHistory: [{ publicKey, fromIndex: logIndex }],
    });
  }

  #active(id: string): SensorState {
    const state = this.#sensors.get(id);
    if (state === undefined) {
      reject('REGISTRY_SENSOR_UNKNOWN', `sensor ${id} is not registered`);
    }
    if (state.revoked) {
      reject('REGISTRY_SENSOR_REVOKED', `sensor ${id} is revoked`);
    }
    return state;
  }

  #rotate(entry: SensorKeyRotatedEntry, logIndex: number): SensorState {
    const state = this.#active(entry.sensor);
    const publicKey = base64Decode(entry.publicKey);
    // A retired key may have been retired because it leaked: never again.
    if (state.keyHistory.some((p) => bytesEqual(p.publicKey, publicKey))) {
      reject('REGISTRY_KEY_REUSED', `sensor ${entry.sensor} has used this key`);
    }
    return freeze({
      record: { ...state.record, publicKey: entry.publicKey },
      publicKey,
      revoked: false,
      keyHistory: [...state.keyHistory, { publicKey, fromIndex: logIndex }],
    });
  }

  #revoke(entry: SensorRevokedEntry): SensorState {
    return freeze({ ...this.#active(entry.sensor), revoked: true });
  }
}

// Copies what came from the caller so freezing never touches their objects.
// Key bytes stay mutable (typed arrays cannot be frozen): do not write them.
function freeze(state: SensorState): SensorState {
  const record = { ...state.record };
  record.position = Object.freeze([
    ...state.record.position,
  ]) as unknown as SensorRecord['position'];
  return Object.freeze({
    ...state,
    record: Object.freeze(record),
    keyHistory: Object.freeze(
      state.keyHistory.map((p) => Object.freeze({ ...p }))
    ),
  });
}

/** The registry as a state type, for callers that prefer the functional names. */
export type RegistryState = SensorRegistry;

/** A new, empty registry. */
export function registryEmpty(): RegistryState {
  return new SensorRegistry();
}

/** Applies `entry` to `state` in place (see SensorRegistry.apply) and returns it. */
export function applyRegistryEntry(
  state: RegistryState,
  entry: RegistryEntry,
  logIndex: number
): RegistryState {
  state.apply(entry, logIndex);
  return state;
}
