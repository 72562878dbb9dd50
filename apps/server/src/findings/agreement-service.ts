import type { Agreement } from '@truce/core';
import { validateAgreement } from '@truce/core';
import { ApiError } from '../errors.js';
import type { LogWriter } from '../log/log-writer.js';
import type { ActiveDocument } from '../log/versioned-documents.js';
import { VersionedDocuments } from '../log/versioned-documents.js';
import type { LogStore } from '../storage/store.js';

/** The agreement in force: the latest `agreement` entry of the log. */
export type ActiveAgreement = {
  index: number;
  /** As logged (DESIGN 4.3), for serving. */
  raw: unknown;
  agreement: Agreement;
};

function activeAgreement(
  active: ActiveDocument<Agreement> | undefined
): ActiveAgreement | undefined {
  return active && { ...active, agreement: active.value };
}

/**
 * The ceasefire agreement (DESIGN 4.3), rebuilt from the log at start-up.
 * A version must be above every version of the same agreement id logged
 * before, so an old file can never roll the terms back.
 */
export class AgreementService {
  readonly #documents: VersionedDocuments<Agreement>;

  private constructor(documents: VersionedDocuments<Agreement>) {
    this.#documents = documents;
  }

  static async open(options: {
    store: LogStore;
    writer: LogWriter;
    clock: () => number;
  }): Promise<AgreementService> {
    const documents = await VersionedDocuments.open(
      { type: 'agreement', validate: validateAgreement },
      options
    );
    return new AgreementService(documents);
  }

  get current(): ActiveAgreement | undefined {
    return activeAgreement(this.#documents.current);
  }

  /** Called with each new agreement version once it has its index. */
  onChange(listener: (active: ActiveAgreement) => void): () => void {
    return this.#documents.onChange((active) =>
      listener(activeAgreement(active)!)
    );
  }

  /**
   * Logs a new agreement version and waits until it is durable. Throws
   * ApiError BODY_SCHEMA (invalid, every issue named), CONFLICT (version
   * not above the logged ones) or BODY_TOO_LARGE.
   */
  async append(raw: unknown, actor: string): Promise<number> {
    return this.#documents.append(raw, checkAgreement(raw), actor);
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
    return this.#documents.ensure(raw, actor, checkAgreement);
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
