import type { Ladder, LadderEntry } from '@truce/core';
import {
  CoreError,
  bytesEqual,
  canonicalJsonBytes,
  decodeLogEntry,
  encodeLogEntry,
  formatRfc3339Micros,
  validateLadder,
} from '@truce/core';
import { ApiError } from '../errors.js';
import type { LogWriter } from '../log/log-writer.js';
import type { LogStore } from '../storage/store.js';

/** The ladder in force: the latest `ladder` entry of the log. */
export type ActiveLadder = { index: number; raw: unknown; ladder: Ladder };

/**
 * The escalation ladder's versions (DESIGN 5), rebuilt from the log. As
 * with agreements, a new version of a ladder id must be above every one
 * logged, so an old file can never roll the ladder back.
 */
export class LadderStore {
  readonly #writer: LogWriter;
  readonly #clock: () => number;
  readonly #maxVersion = new Map<string, number>();
  #current: ActiveLadder | undefined;

  private constructor(writer: LogWriter, clock: () => number) {
    this.#writer = writer;
    this.#clock = clock;
  }

  static async open(options: {
    store: LogStore;
    writer: LogWriter;
    clock: () => number;
  }): Promise<LadderStore> {
    const ladders = new LadderStore(options.writer, options.clock);
    for (const { index, bytes } of await options.store.readEntriesByType([
      'ladder',
    ])) {
      const entry = decodeLogEntry(bytes) as LadderEntry;
      ladders.#apply(index, entry.ladder);
    }
    return ladders;
  }

  get current(): ActiveLadder | undefined {
    return this.#current;
  }

  /**
   * Logs a ladder version and waits until it is durable. Throws ApiError
   * UNPROCESSABLE naming every issue (checked against `ruleIds`, the
   * agreement's rules, when given), CONFLICT (version not above the
   * logged ones) or BODY_TOO_LARGE.
   */
  async append(
    raw: unknown,
    actor: string,
    ruleIds?: readonly string[]
  ): Promise<number> {
    const result = validateLadder(
      raw,
      ruleIds === undefined ? {} : { ruleIds }
    );
    if (!result.ok) {
      const detail = result.issues
        .map(
          (i) => `${i.code} at ${i.path.join('.') || '(root)'}: ${i.message}`
        )
        .join('; ');
      throw new ApiError('UNPROCESSABLE', `invalid ladder: ${detail}`);
    }
    const ladder = result.value;
    const logged = this.#maxVersion.get(ladder.id);
    if (logged !== undefined && ladder.version <= logged) {
      throw new ApiError(
        'CONFLICT',
        `ladder ${ladder.id} version ${ladder.version} is not above the logged version ${logged}`
      );
    }
    let bytes: Uint8Array;
    try {
      bytes = encodeLogEntry({
        v: 1,
        type: 'ladder',
        time: formatRfc3339Micros(this.#clock() * 1000),
        actor,
        ladder: raw as Ladder,
      });
    } catch (error) {
      if (error instanceof CoreError) {
        throw new ApiError(
          error.code === 'ENTRY_TOO_LARGE' ? 'BODY_TOO_LARGE' : 'BODY_SCHEMA',
          error.message,
          { cause: error }
        );
      }
      throw error;
    }
    const { firstIndex, durable } = this.#writer.enqueue([
      { bytes, type: 'ladder' },
    ]);
    this.#apply(firstIndex, raw);
    await durable;
    return firstIndex;
  }

  /** Logs the ladder of a file given at start unless it is the one in force. */
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
    const result = validateLadder(raw);
    // Logged entries passed the same check when they were written.
    if (!result.ok) return;
    const ladder = result.value;
    const max = this.#maxVersion.get(ladder.id) ?? 0;
    this.#maxVersion.set(ladder.id, Math.max(max, ladder.version));
    this.#current = { index, raw, ladder };
  }
}

function sameBytes(a: unknown, b: unknown): boolean {
  try {
    return bytesEqual(canonicalJsonBytes(a), canonicalJsonBytes(b));
  } catch {
    return false;
  }
}
