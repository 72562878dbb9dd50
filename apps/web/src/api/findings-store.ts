import type { FindingFeature } from './types.js';

type Listener = () => void;

/**
 * Every finding the dashboard knows, newest log entry first, kept outside
 * Preact state: the map draws 100,000 of them from typed arrays and only
 * needs to hear that something changed (`version`).
 */
export class FindingsStore {
  // Built on first use: the first map does not wait for 100,000 entries.
  private byIdCache: Map<string, FindingFeature> | undefined = new Map();
  private ordered: FindingFeature[] = [];
  private listeners = new Set<Listener>();
  /** Bumped on every change; views compare it to skip redraws. */
  version = 0;
  /**
   * Set when the first load filled a whole page: older findings exist that
   * the API (no cursor, at most 10,000 a page) did not send.
   */
  truncatedAt: number | undefined;

  get all(): readonly FindingFeature[] {
    return this.ordered;
  }

  get(id: string): FindingFeature | undefined {
    return this.byId.get(id);
  }

  private get byId(): Map<string, FindingFeature> {
    if (this.byIdCache === undefined) {
      this.byIdCache = new Map();
      for (const f of this.ordered) this.byIdCache.set(f.id, f);
    }
    return this.byIdCache;
  }

  /** Replaces the whole set (a fresh GET /v1/findings: each id once). */
  replace(features: readonly FindingFeature[]): void {
    const ordered = [...features];
    // The API already sends newest first; sort only when it did not.
    if (!isSorted(ordered)) ordered.sort(byIndexDescending);
    this.ordered = ordered;
    this.byIdCache = undefined;
    this.changed();
  }

  /**
   * Adds or updates findings (an SSE `finding` event, a poll). A finding
   * that supersedes others replaces them, as GET /v1/findings does.
   */
  upsert(features: readonly FindingFeature[]): void {
    if (features.length === 0) return;
    const byId = this.byId;
    for (const f of features) {
      byId.set(f.id, f);
      for (const old of f.properties.supersedes ?? []) byId.delete(old);
    }
    this.ordered = [...byId.values()].sort(byIndexDescending);
    this.changed();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

function isSorted(features: readonly FindingFeature[]): boolean {
  for (let i = 1; i < features.length; i++) {
    if (byIndexDescending(features[i - 1]!, features[i]!) > 0) return false;
  }
  return true;
}

function byIndexDescending(a: FindingFeature, b: FindingFeature): number {
  return b.properties.index - a.properties.index;
}
