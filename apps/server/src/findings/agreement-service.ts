import type { Agreement, AgreementEntry } from '@truce/core';
import {
  CoreError,
  bytesEqual,
  canonicalJsonBytes,
  decodeLogEntry,
  encodeLogEntry,
  formatRfc3339Micros,
  validateAgreement,
} from '@truce/core';
import { ApiError } from '../errors.js';
import type { LogWriter } from '../log/log-writer.js';
import type { LogStore } from '../storage/store.js';

/** The agreement in force: the latest `agreement` entry of the log. */
export type ActiveAgreement = {
  index: number;
  /** As logged (DESIGN 4.3), for serving. */
  raw: unknown;
  agreement: Agreement;
};

/**
 * The ceasefire agreement (DESIGN 4.3), rebuilt from the log at start-up.
 * Each new version is a log entry, applied in the turn its index is given.
 * A version must be above every version of the same agreement id logged
 * before, so an old file can never roll the terms back.
 */
export class AgreementService {
  readonly #writer: LogWriter;
  readonly #clock: () => number;
  readonly #listeners = new Set<(active: ActiveAgreement) => void>();
  readonly #maxVersion = new Map<string, number>();
  #current: ActiveAgreement | undefined;

  private constructor(writer: LogWriter, clock: () => number) {
    this.#writer = writer;
    this.#clock = clock;
  }

  static async open(options: {
    store: LogStore;
    writer: LogWriter;
    clock: () => number;
  }): Promise<AgreementService> {
    const service = new AgreementService(options.writer, options.clock);
    for (const { index, bytes } of await options.store.readEntriesByType([
      'agreement',
    ])) {
      const entry = decodeLogEntry(bytes) as AgreementEntry;
      service.#apply(index, entry.agreement);
    }
    return service;
  }

  get current(): ActiveAgreement | undefined {
    return this.#current;
  }

  /** Called with each new agreement version once it has its index. */
  onChange(listener: (active: ActiveAgreement) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Logs a new agreement version and waits until it is durable. Throws
   * ApiError BODY_SCHEMA (invalid, every issue named), CONFLICT (version
   * not above the logged ones) or BODY_TOO_LARGE.
   */
  async append(raw: unknown, actor: string): Promise<number> {
    const agreement = checkAgreement(raw);
    const logged = this.#maxVersion.get(agreement.id);
    if (logged !== undefined && agreement.version <= logged) {
      throw new ApiError(
        'CONFLICT',
        `agreement ${agreement.id} version ${agreement.version} is not above the logged version ${logged}`
      );
    }
    let bytes: Uint8Array;
    try {
      bytes = encodeLogEntry({
        v: 1,
        type: 'agreement',
        time: formatRfc3339Micros(this.#clock() * 1000),
        actor,
        agreement: raw as Agreement,
      });
    } catch (error) {
      throw toApiError(error);
    }
    const { firstIndex, durable } = this.#writer.enqueue([
      { bytes, type: 'agreement' },
    ]);
    this.#apply(firstIndex, raw);
    await durable;
    return firstIndex;
  }

  /**
   * Logs the agreement of a file given at start unless the log's current
   * agreement is the very same (id, version and canonical bytes). Returns
   * the index of the agreement in force and whether it was appended.
   */
  async ensure(
    raw: unknown,
    actor: string
  ): Promise<{ index: number; appended: boolean }> {
    const current = this.#current;
    if (current !== undefined && sameBytes(current.raw, raw)) {
      return { index: current.index, appended: false };
    }
    return { index: await this.append(raw, actor), appended: true };
  }

  #apply(index: number, raw: unknown): void {
    const result = validateAgreement(raw);
    // Logged entries passed the same check when they were written.
    if (!result.ok) return;
    const agreement = result.value;
    const max = this.#maxVersion.get(agreement.id) ?? 0;
    this.#maxVersion.set(agreement.id, Math.max(max, agreement.version));
    this.#current = { index, raw, agreement };
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

/** Validates an agreement, naming every issue in one BODY_SCHEMA error. */
function checkAgreement(raw: unknown): Agreement {
  const result = validateAgreement(raw);
  if (result.ok) return result.value;
  const detail = result.issues
    .map((i) => `${i.code} at ${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  throw new ApiError('BODY_SCHEMA', `invalid agreement: ${detail}`);
}

function toApiError(error: unknown): unknown {
  if (error instanceof CoreError) {
    return new ApiError(
      error.code === 'ENTRY_TOO_LARGE' ? 'BODY_TOO_LARGE' : 'BODY_SCHEMA',
      error.message,
      { cause: error }
    );
  }
  return error;
}
