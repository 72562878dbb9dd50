import type { LogEntry } from '@truce/core';
import {
  CoreError,
  bytesEqual,
  canonicalJsonBytes,
  decodeLogEntry,
  encodeLogEntry,
  formatRfc3339Micros,
} from '@truce/core';
import { ApiError } from '../errors.js';
import type { LogStore } from '../storage/store.js';
import type { LogWriter } from './log-writer.js';

/** A policy document kept as versioned log entries (DESIGN 3: policy is data). */
export type VersionedKind<T extends { id: string; version: number }> = {
  /** The entry type, which is also the entry's field holding the document. */
  type: 'agreement' | 'ladder';
  /** Checks a logged document; entries passed the same check when written. */
  validate(raw: unknown): { ok: true; value: T } | { ok: false };
};

/** The version in force: the latest entry of its type. */
export type ActiveDocument<T> = {
  index: number;
  /** As logged, for serving. */
  raw: unknown;
  value: T;
};

/**
 * One kind of versioned document, rebuilt from the log at start-up. Each
 * new version is a log entry applied in the turn its index is given, and a
 * version must be above every version of the same id logged before, so an
 * old file can never roll the document back.
 */
export class VersionedDocuments<T extends { id: string; version: number }> {
  readonly #kind: VersionedKind<T>;
  readonly #writer: LogWriter;
  readonly #clock: () => number;
  readonly #listeners = new Set<(active: ActiveDocument<T>) => void>();
  readonly #maxVersion = new Map<string, number>();
  #current: ActiveDocument<T> | undefined;

  private constructor(
    kind: VersionedKind<T>,
    writer: LogWriter,
    clock: () => number
  ) {
    this.#kind = kind;
    this.#writer = writer;
    this.#clock = clock;
  }

  static async open<T extends { id: string; version: number }>(
    kind: VersionedKind<T>,
    options: { store: LogStore; writer: LogWriter; clock: () => number }
  ): Promise<VersionedDocuments<T>> {
    const documents = new VersionedDocuments(
      kind,
      options.writer,
      options.clock
    );
    const logged = await options.store.readEntriesByType([kind.type]);
    for (const { index, bytes } of logged) {
      const entry = decodeLogEntry(bytes) as Record<string, unknown>;
      documents.#apply(index, entry[kind.type]);
    }
    return documents;
  }

  get current(): ActiveDocument<T> | undefined {
    return this.#current;
  }

  /** Called with each new version once it has its index. */
  onChange(listener: (active: ActiveDocument<T>) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Logs `raw`, already checked by the caller as `value`, and waits until
   * it is durable. Throws ApiError CONFLICT (version not above the logged
   * ones), BODY_TOO_LARGE or BODY_SCHEMA.
   */
  async append(raw: unknown, value: T, actor: string): Promise<number> {
    const type = this.#kind.type;
    const logged = this.#maxVersion.get(value.id);
    if (logged !== undefined && value.version <= logged) {
      throw new ApiError(
        'CONFLICT',
        `${type} ${value.id} version ${value.version} is not above the logged version ${logged}`
      );
    }
    let bytes: Uint8Array;
    try {
      bytes = encodeLogEntry({
        v: 1,
        type,
        time: formatRfc3339Micros(this.#clock() * 1000),
        actor,
        [type]: raw,
      } as LogEntry);
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      throw new ApiError(
        error.code === 'ENTRY_TOO_LARGE' ? 'BODY_TOO_LARGE' : 'BODY_SCHEMA',
        error.message,
        { cause: error }
      );
    }
    const { firstIndex, durable } = this.#writer.enqueue([{ bytes, type }]);
    this.#apply(firstIndex, raw);
    await durable;
    return firstIndex;
  }

  /**
   * Logs the document of a file given at start unless the one in force is
   * the very same (canonical bytes). `check` validates it as append needs.
   */
  async ensure(
    raw: unknown,
    actor: string,
    check: (raw: unknown) => T
  ): Promise<{ index: number; appended: boolean }> {
    const current = this.#current;
    if (current !== undefined && sameBytes(current.raw, raw)) {
      return { index: current.index, appended: false };
    }
    return { index: await this.append(raw, check(raw), actor), appended: true };
  }

  #apply(index: number, raw: unknown): void {
    const result = this.#kind.validate(raw);
    // Logged entries passed the same check when they were written.
    if (!result.ok) return;
    const value = result.value;
    const max = this.#maxVersion.get(value.id) ?? 0;
    this.#maxVersion.set(value.id, Math.max(max, value.version));
    this.#current = { index, raw, value };
    for (const listener of this.#listeners) listener(this.#current);
  }
}

function sameBytes(a: unknown, b: unknown): boolean {
  try {
    return bytesEqual(canonicalJsonBytes(a), canonicalJsonBytes(b));
  } catch {
    return false;
  }
}
