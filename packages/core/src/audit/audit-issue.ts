import type { Issue } from '../errors.js';

/**
 * Why a log audit failed. Each names one thing the log promised and broke;
 * the CLI prints them and the dashboard will show them.
 */
export const AUDIT_ISSUE_CODES = [
  /** The checkpoint note or its body does not parse, or names another origin. */
  'CHECKPOINT_INVALID',
  /** The checkpoint is not signed by the log key. */
  'SIGNATURE_INVALID',
  /** The log is smaller than at the previous audit. */
  'SIZE_SHRANK',
  /** The log does not extend the tree of the previous audit. */
  'CONSISTENCY_FAILED',
  /** A tile or entry bundle the checkpoint covers is not served. */
  'TILE_MISSING',
  /** A hash tile differs from the hashes recomputed from the entries. */
  'TILE_MISMATCH',
  /** An entry bundle does not decode into the entries it must hold. */
  'ENTRY_BUNDLE_INVALID',
  /** The entries do not hash to the checkpoint's root. */
  'ROOT_MISMATCH',
  /** An entry is not a valid, canonical log entry. */
  'ENTRY_INVALID',
  /** A registry entry does not apply to the registry built so far. */
  'REGISTRY_ENTRY_INVALID',
  /** An observation the log admitted breaks an admission rule. */
  'OBSERVATION_INVALID',
  /** An observation's signature does not verify with its sensor's key. */
  'OBSERVATION_SIGNATURE_INVALID',
  /** An observation's seq is not above its sensor's previous one. */
  'OBSERVATION_SEQ_REPLAYED',
] as const;

export type AuditIssueCode = (typeof AUDIT_ISSUE_CODES)[number];

export type AuditIssue = Issue<AuditIssueCode>;

/**
 * Collects issues. Issues about entries and about tiles are kept up to a
 * limit each (a forged log can have millions); the few about the
 * checkpoint, the root and consistency always are.
 */
export class AuditIssues {
  readonly list: AuditIssue[] = [];
  readonly #max: number;
  readonly #counts = new Map<unknown, number>();

  constructor(max: number) {
    this.#max = max;
  }

  add(code: AuditIssueCode, path: AuditIssue['path'], message: string): void {
    const group = path[0];
    const count = this.#counts.get(group) ?? 0;
    if (LIMITED.has(group) && count >= this.#max) return;
    this.#counts.set(group, count + 1);
    this.list.push({ code, path, message });
  }

  /** True once the entry issues reached the limit: checking more is moot. */
  get entriesFull(): boolean {
    return (this.#counts.get('entries') ?? 0) >= this.#max;
  }
}

const LIMITED: ReadonlySet<unknown> = new Set(['entries', 'tiles']);
