import type { NodeId, Observation, StoredNode } from '@truce/core';
import type { Role } from '@truce/protocol';

/** An entry on its way into the log, with what the store indexes about it. */
export type NewEntry = {
  bytes: Uint8Array;
  /**
   * For observations: the payload as admission parsed it, handed to the
   * writer's commit listeners so they need not parse the entry again. Not
   * stored.
   */
  observation?: Observation;
  /** Entry type, for entries other than observations (indexed for replay). */
  type?: string;
  /** For observations: the sensor and its seq (the replay guard's state). */
  sensor?: string;
  seq?: number;
};

/** A signed checkpoint as published. */
export type StoredCheckpoint = {
  size: number;
  rootHash: Uint8Array;
  /** The signed note, as served at `/log/checkpoint`. */
  note: string;
};

export type StoredToken = {
  id: string;
  role: Role;
  label: string;
  createdAtMs: number;
  revoked: boolean;
  /** The coalition member (ISO 3166-1 alpha-3) a guarantor token acts for. */
  member?: string;
};

/**
 * The port the server keeps its state behind. Every adapter (SQLite now,
 * PostgreSQL later) passes `runStoreContract` in `store.contract.ts`.
 *
 * Two sizes matter: the *sequenced* size (entries durably stored, each with
 * its final index) and the *integrated* size (the latest checkpoint). A
 * crash between the two loses nothing: integration resumes from the entries.
 */
export interface LogStore {
  /**
   * Appends entries at the next indexes, atomically and durably: when the
   * promise resolves the entries survive a crash. Returns the first index.
   */
  appendEntries(entries: readonly NewEntry[]): Promise<number>;
  /**
   * Number of sequenced entries: those whose append has resolved, so never
   * an entry that a crash could still take back (the sequencer signs
   * checkpoints over this many).
   */
  sequencedSize(): Promise<number>;
  /** Entries [start, end) in index order; throws if any is missing. */
  readEntries(start: number, end: number): Promise<Uint8Array[]>;
  /** Index and bytes of every entry whose type is one of `types`. */
  readEntriesByType(
    types: readonly string[]
  ): Promise<{ index: number; bytes: Uint8Array }[]>;
  /** The highest seq stored per sensor. */
  lastSeqBySensor(): Promise<Map<string, number>>;

  /** Full-subtree hashes (see core `NodeId`), in the order asked. */
  readNodes(ids: readonly NodeId[]): Promise<Uint8Array[]>;
  /**
   * Stores new full-subtree nodes and the checkpoint that covers them in one
   * transaction. Refuses (throws) a second, different checkpoint for a size.
   */
  commitIntegration(
    nodes: readonly StoredNode[],
    checkpoint: StoredCheckpoint
  ): Promise<void>;
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  checkpointAt(size: number): Promise<StoredCheckpoint | undefined>;

  /**
   * Keeps a witness's cosignature line for the checkpoint of `size`
   * (idempotent: the same line twice is one row; a witness has at most one
   * cosignature per size, the first kept).
   */
  addCosignature(size: number, witness: string, line: string): Promise<void>;
  /** Cosignature lines for the checkpoint of `size`, by witness name. */
  cosignaturesAt(size: number): Promise<Map<string, string>>;
  /** The largest size each witness has cosigned. */
  cosignedSizeByWitness(): Promise<Map<string, number>>;
  /** Sizes of stored checkpoints, newest first, at most `limit`. */
  checkpointSizes(limit: number): Promise<number[]>;

  /** Stores a token by the SHA-256 of its secret; the secret is never kept. */
  insertToken(token: StoredToken, secretHash: Uint8Array): Promise<void>;
  findTokenByHash(secretHash: Uint8Array): Promise<StoredToken | undefined>;
  listTokens(): Promise<StoredToken[]>;
  revokeToken(id: string): Promise<boolean>;

  /** Bytes the store occupies on disk (0 for in-memory stores). */
  diskBytes(): Promise<number>;
  close(): Promise<void>;
}

/** Thrown by stores when a write would break an invariant of the log. */
export class StoreError extends Error {
  readonly code:
    | 'STORE_CHECKPOINT_CONFLICT'
    | 'STORE_ENTRY_MISSING'
    | 'STORE_NODE_MISSING'
    | 'STORE_NODE_CONFLICT'
    | 'STORE_SIZE_MISMATCH'
    | 'STORE_TOKEN_EXISTS';

  constructor(code: StoreError['code'], message: string) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
  }
}
