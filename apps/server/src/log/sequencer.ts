import type { CompactRange, NoteSigner } from '@truce/core';
import {
  compactRangeFromReader,
  compactRangeEmpty,
  compactRangeRoot,
  signCheckpoint,
} from '@truce/core';
import type { LogStore, StoredCheckpoint } from '../storage/store.js';
import { appendEntriesToRange } from './frontier.js';
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
  #latest: StoredCheckpoint | undefined;
  #running: Promise<StoredCheckpoint | undefined> | undefined;

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

  onCheckpoint(listener: CheckpointListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Integrates every entry sequenced so far (in steps of `maxBatch`) and
   * publishes one checkpoint per step. Concurrent calls share one run.
   */
  integrate(): Promise<StoredCheckpoint | undefined> {
    this.#running ??= this.#integrateAll().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #integrateAll(): Promise<StoredCheckpoint | undefined> {
    let published: StoredCheckpoint | undefined;
    for (;;) {
      const from = this.#range.size;
      const sequenced = await this.#store.sequencedSize();
      if (sequenced <= from) return published;
      const to = Math.min(sequenced, from + this.#maxBatch);
      const entries = await this.#store.readEntries(from, to);
      const { range, nodes } = appendEntriesToRange(this.#range, entries);
      const rootHash = compactRangeRoot(range);
      const note = signCheckpoint(
        { origin: this.#origin, size: to, rootHash, extensions: [] },
        this.#signer
      );
      const checkpoint: StoredCheckpoint = { size: to, rootHash, note };
      await this.#store.commitIntegration(nodes, checkpoint);
      this.#range = range;
      this.#latest = checkpoint;
      published = checkpoint;
      for (const listener of this.#listeners) listener(checkpoint);
    }
  }
}
