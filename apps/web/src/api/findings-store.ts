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
  /** Ids a known finding supersedes: an older page must not bring them back. */
  private superseded = new Set<string>();
  /** Bumped on every change; views compare it to skip redraws. */
  version = 0;
  /**
   * Set when paging stopped early (a page failed, or the server ignores the
   * `before` cursor): older findings exist that the dashboard does not have.
   */
  truncatedAt: number | undefined;
  /** True while older pages are still being fetched. */
  loadingOlder = false;

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
    this.superseded = new Set();
    this.changed();
  }

  /**
   * Adds an older page (GET /v1/findings?before=): findings already known,
   * from an event that came first, or superseded meanwhile are skipped.
   */
  appendOlder(features: readonly FindingFeature[]): void {
    if (features.length === 0) return;
    let newest = 0;
    for (const f of features) newest = Math.max(newest, f.properties.index);
    // `ordered` is newest first, so the only findings that can repeat one
    // of the page sit at its tail: those an event brought in first.
    const repeats = new Set<string>();
    for (let i = this.ordered.length - 1; i >= 0; i--) {
      const f = this.ordered[i]!;
      if (f.properties.index > newest) break;
      repeats.add(f.id);
    }
    const add = features.filter(
      (f) => !repeats.has(f.id) && !this.superseded.has(f.id)
    );
    if (add.length === 0) return;
    const ordered = this.ordered.concat(add);
    if (!isSorted(ordered)) ordered.sort(byIndexDescending);
    this.ordered = ordered;
    if (this.byIdCache !== undefined) {
      for (const f of add) this.byIdCache.set(f.id, f);
    }
    this.changed();
  }

  /** Says whether older pages are loading; views re-render on the change. */
  setLoadingOlder(loading: boolean, truncatedAt?: number): void {
    this.loadingOlder = loading;
    if (truncatedAt !== undefined) this.truncatedAt = truncatedAt;
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
      for (const old of f.properties.supersedes ?? []) {
        byId.delete(old);
        this.superseded.add(old);
      }
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
