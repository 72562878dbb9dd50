import type { CompactRange, NoteSigner } from '@truce/core';
import {
  compactRangeFromReader,
  compactRangeEmpty,
  compactRangeRoot,
  signCheckpoint,
} from '@truce/core';
import type { LogStore, StoredCheckpoint } from '../storage/store.js';
import { appendLeafHashesToRange, hashLeafNative } from './frontier.js';
import { withStoredNodes } from './node-reader.js';

export type SequencerOptions = {
  store: LogStore;
  origin: string;
  signer: NoteSigner;
  /** Most entries integrated in one step, to keep the event loop responsive. */
  maxBatch?: number;
};

export type CheckpointListener = (checkpoint: StoredCheckpoint) => void;

/**
 * Integrates sequenced entries into the Merkle tree and signs checkpoints.
 * One instance per log: it alone writes nodes and checkpoints. The tree for
 * a size is a pure function of the entries, and Ed25519 signing is
 * deterministic, so re-integrating after a crash yields the very same
 * checkpoint; the store refuses a different one for a size it already has.
 */
export class Sequencer {
  readonly #store: LogStore;
  readonly #origin: string;
  readonly #signer: NoteSigner;
  readonly #maxBatch: number;
  readonly #listeners = new Set<CheckpointListener>();
  #range: CompactRange;
  // Leaf hashes of committed entries from `#leavesFrom` on, handed over by
  // the writer, so integration need not read fresh entries back.
  #leavesFrom = 0;
  #leaves: Uint8Array[] = [];
  #latest: StoredCheckpoint | undefined;
  #running: Promise<StoredCheckpoint | undefined> | undefined;
  #queued: Promise<StoredCheckpoint | undefined> | undefined;

  private constructor(
    options: SequencerOptions,
    range: CompactRange,
    latest: StoredCheckpoint | undefined
  ) {
    this.#store = options.store;
    this.#origin = options.origin;
    this.#signer = options.signer;
    this.#maxBatch = options.maxBatch ?? 50_000;
    this.#range = range;
    this.#latest = latest;
  }

  /** Restores the tree frontier from the latest checkpoint. */
  static async open(options: SequencerOptions): Promise<Sequencer> {
    const latest = await options.store.latestCheckpoint();
    const range =
      latest === undefined
        ? compactRangeEmpty()
        : await withStoredNodes(options.store, (reader) =>
            compactRangeFromReader(latest.size, reader)
          );
    return new Sequencer(options, range, latest);
  }

  /** The latest signed checkpoint, if any entry was ever integrated. */
  get latest(): StoredCheckpoint | undefined {
    return this.#latest;
  }

  /**
   * Takes note of entries just committed at `firstIndex` (the writer's
   * commit listener), hashing them now instead of reading them back later.
   * Entries that do not continue the noted run replace it; integration
   * reads whatever is not noted from the store.
   */
  noteCommitted(firstIndex: number, entries: readonly Uint8Array[]): void {
    if (
      firstIndex !== this.#leavesFrom + this.#leaves.length ||
      this.#leaves.length > 2 * this.#maxBatch
    ) {
      this.#leavesFrom = firstIndex;
      this.#leaves = [];
    }
    for (const entry of entries) this.#leaves.push(hashLeafNative(entry));
  }

  onCheckpoint(listener: CheckpointListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Integrates every entry sequenced so far (in steps of `maxBatch`) and
   * publishes one checkpoint per step. Calls made while a run is under way
   * share one more run after it, which covers what they saw sequenced.
   */
  integrate(): Promise<StoredCheckpoint | undefined> {
    if (this.#running === undefined) {
      this.#running = this.#integrateAll().finally(() => {
        this.#running = undefined;
      });
      return this.#running;
    }
    const next = () => {
      this.#queued = undefined;
      return this.integrate();
    };
    this.#queued ??= this.#running.then(next, next);
    return this.#queued;
  }

  async #integrateAll(): Promise<StoredCheckpoint | undefined> {
    let published: StoredCheckpoint | undefined;
    // Integrate what is sequenced now; entries that arrive meanwhile wait
    // for the next call, or a busy log would sign a checkpoint per commit.
    const sequenced = await this.#store.sequencedSize();
    for (;;) {
      const from = this.#range.size;
      if (sequenced <= from) return published;
      const to = Math.min(sequenced, from + this.#maxBatch);
      const { range, nodes } = appendLeafHashesToRange(
        this.#range,
        await this.#leafHashes(from, to)
      );
      const rootHash = compactRangeRoot(range);
      const note = signCheckpoint(
        { origin: this.#origin, size: to, rootHash, extensions: [] },
        this.#signer
      );
      const checkpoint: StoredCheckpoint = { size: to, rootHash, note };
      await this.#store.commitIntegration(nodes, checkpoint);
      this.#range = range;
      this.#dropLeavesBelow(to);
      this.#latest = checkpoint;
      published = checkpoint;
      for (const listener of this.#listeners) listener(checkpoint);
    }
  }

  async #leafHashes(from: number, to: number): Promise<Uint8Array[]> {
    const start = from - this.#leavesFrom;
    if (start >= 0 && this.#leavesFrom + this.#leaves.length >= to) {
      return this.#leaves.slice(start, start + (to - from));
    }
    return (await this.#store.readEntries(from, to)).map(hashLeafNative);
  }

  #dropLeavesBelow(size: number): void {
    const drop = Math.min(this.#leaves.length, size - this.#leavesFrom);
    if (drop <= 0) return;
    this.#leaves = this.#leaves.slice(drop);
    this.#leavesFrom += drop;
  }
}
