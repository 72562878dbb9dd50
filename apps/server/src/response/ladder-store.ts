import type { Ladder } from '@truce/core';
import { validateLadder } from '@truce/core';
import { ApiError } from '../errors.js';
import type { LogWriter } from '../log/log-writer.js';
import type { ActiveDocument } from '../log/versioned-documents.js';
import { VersionedDocuments } from '../log/versioned-documents.js';
import type { LogStore } from '../storage/store.js';

/** The ladder in force: the latest `ladder` entry of the log. */
export type ActiveLadder = { index: number; raw: unknown; ladder: Ladder };

/**
 * The escalation ladder's versions (DESIGN 5), rebuilt from the log. As
 * with agreements, a new version of a ladder id must be above every one
 * logged, so an old file can never roll the ladder back.
 */
export class LadderStore {
  readonly #documents: VersionedDocuments<Ladder>;

  private constructor(documents: VersionedDocuments<Ladder>) {
    this.#documents = documents;
  }

  static async open(options: {
    store: LogStore;
    writer: LogWriter;
    clock: () => number;
  }): Promise<LadderStore> {
    const documents = await VersionedDocuments.open(
      { type: 'ladder', validate: (raw) => validateLadder(raw) },
      options
    );
    return new LadderStore(documents);
  }

  get current(): ActiveLadder | undefined {
    const active: ActiveDocument<Ladder> | undefined = this.#documents.current;
    return active && { ...active, ladder: active.value };
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
    return this.#documents.append(raw, checkLadder(raw, ruleIds), actor);
  }

  /** Logs the ladder of a file given at start unless it is the one in force. */
  async ensure(
    raw: unknown,
    actor: string
  ): Promise<{ index: number; appended: boolean }> {
    return this.#documents.ensure(raw, actor, (value) => checkLadder(value));
  }
}

/** Validates a ladder, naming every issue in one UNPROCESSABLE error. */
function checkLadder(raw: unknown, ruleIds?: readonly string[]): Ladder {
  const result = validateLadder(raw, ruleIds === undefined ? {} : { ruleIds });
  if (result.ok) return result.value;
  const detail = result.issues
    .map((i) => `${i.code} at ${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  throw new ApiError('UNPROCESSABLE', `invalid ladder: ${detail}`);
}
