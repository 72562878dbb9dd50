import type { Finding, FindingReview, LogEntry } from '@truce/core';
import { decodeLogEntry } from '@truce/core';

/** A finding as logged, with where it stands among the others. */
export type LoggedFinding = {
  /** The log index of its `finding` entry. */
  index: number;
  finding: Finding;
  /** The next version of the same breach, if a later finding replaced it. */
  supersededBy?: string;
  /** The findings this one replaced, oldest first. */
  supersedes: string[];
};

/** The entry types the ledger is rebuilt from. */
export const LEDGER_ENTRY_TYPES = ['finding', 'finding_review'] as const;

const sourceKey = (rule: string, source: number) => `${rule}\n${source}`;

/**
 * Every logged finding and review, in log order: the dedupe set of the live
 * engine and what the findings API reads. Derived state only (DESIGN §2):
 * replaying the same entries gives the same ledger.
 *
 * Supersession: a late observation can change an event, and the finding
 * built on it then has other sources and so another id; it is logged as a
 * new finding. A finding supersedes an earlier current finding of the same
 * rule when it holds more than half of that one's sources. Fusion gives
 * each observation to one event, so this links versions of one event (a
 * pulse added or swapped, a jamming stretch that grew) and never two
 * events, nor two silence gaps that share only the report between them.
 */
export class FindingLedger {
  readonly #byId = new Map<string, LoggedFinding>();
  // Current (not superseded) findings holding each (rule, source).
  readonly #holders = new Map<string, string[]>();
  readonly #reviews = new Map<string, FindingReview[]>();

  /** Rebuilds the ledger from `finding` and `finding_review` entries. */
  static fromEntries(
    entries: readonly { index: number; bytes: Uint8Array }[]
  ): FindingLedger {
    const ledger = new FindingLedger();
    for (const { index, bytes } of entries) {
      ledger.apply(decodeLogEntry(bytes), index);
    }
    return ledger;
  }

  /** Applies one logged entry; other entry types are ignored. */
  apply(entry: LogEntry, index: number): void {
    if (entry.type === 'finding') this.addFinding(entry.finding, index);
    if (entry.type === 'finding_review') {
      const { findingId, status, reason, actor, time } = entry;
      this.addReview({ findingId, status, reason, actor, time });
    }
  }

  get size(): number {
    return this.#byId.size;
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** Every logged finding's id. */
  findingIds(): IterableIterator<string> {
    return this.#byId.keys();
  }

  get(id: string): LoggedFinding | undefined {
    return this.#byId.get(id);
  }

  /** Every logged finding, in log order. */
  all(): LoggedFinding[] {
    return [...this.#byId.values()];
  }

  /** The newest version of a finding: itself unless superseded. */
  newest(id: string): LoggedFinding | undefined {
    let at = this.#byId.get(id);
    while (at?.supersededBy !== undefined) at = this.#byId.get(at.supersededBy);
    return at;
  }

  /** Reviews of a finding, in log order. */
  reviewsOf(id: string): FindingReview[] {
    return this.#reviews.get(id) ?? [];
  }

  /** Adds a finding at its log index (call in log order). */
  addFinding(finding: Finding, index: number): void {
    const { id, rule, sources } = finding.properties;
    if (this.#byId.has(id)) return;
    const added: LoggedFinding = { index, finding, supersedes: [] };
    const shared = new Map<string, number>();
    for (const s of sources) {
      for (const holder of this.#holders.get(sourceKey(rule, s)) ?? []) {
        shared.set(holder, (shared.get(holder) ?? 0) + 1);
      }
    }
    for (const [oldId, count] of shared) {
      const old = this.#byId.get(oldId)!;
      if (2 * count <= old.finding.properties.sources.length) continue;
      old.supersededBy = id;
      added.supersedes.push(oldId);
      this.#release(old);
    }
    added.supersedes.sort(
      (a, b) => this.#byId.get(a)!.index - this.#byId.get(b)!.index
    );
    this.#byId.set(id, added);
    for (const s of sources) {
      const key = sourceKey(rule, s);
      this.#holders.set(key, [...(this.#holders.get(key) ?? []), id]);
    }
  }

  addReview(review: FindingReview): void {
    const list = this.#reviews.get(review.findingId);
    if (list === undefined) this.#reviews.set(review.findingId, [review]);
    else list.push(review);
  }

  #release(old: LoggedFinding): void {
    const { id, rule, sources } = old.finding.properties;
    for (const s of sources) {
      const key = sourceKey(rule, s);
      const rest = (this.#holders.get(key) ?? []).filter((h) => h !== id);
      if (rest.length === 0) this.#holders.delete(key);
      else this.#holders.set(key, rest);
    }
  }
}
