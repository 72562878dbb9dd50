import type { Equivocation, WitnessLogState } from '@truce/core';

/** The latest checkpoint cosigned for a log, with the cosignature returned for it. */
export type StoredLogState = WitnessLogState & {
  origin: string;
  timestamp: number;
  /** The cosignature line (`— <name> <base64>\n`) last returned for it. */
  cosignature: string;
};

/** Evidence against a log, as stored: both notes, and the proof for `consistency-proof-failed`. */
export type StoredEquivocation = Equivocation & {
  id: number;
  /** POSIX seconds. */
  detectedAt: number;
  /**
   * For `consistency-proof-failed`: the witness later cosigned the refused
   * checkpoint after a valid proof, so the failed proof was just wrong.
   */
  refuted: boolean;
};

/** The operations of one write transaction, all or nothing. */
export interface WitnessStoreTx {
  latest(origin: string): StoredLogState | undefined;
  /** The checkpoint cosigned at `size`, if this witness ever cosigned one there. */
  cosignedAt(origin: string, size: number): WitnessLogState | undefined;
  /**
   * Makes `state` the log's latest and records it in the history. Throws
   * (and so aborts the transaction) if another root was ever cosigned at
   * that size: the one invariant a witness must never break.
   */
  recordCosigned(state: StoredLogState): void;
  /** Records evidence once; a repeat of the same two notes is ignored. */
  recordEquivocation(equivocation: Equivocation, detectedAt: number): void;
}

/**
 * The witness's durable state (port). `transaction` runs `fn` under the
 * store's write lock and commits before it returns, so a caller that
 * answers after it returns never answers for state that could be lost.
 */
export interface WitnessStore {
  transaction<T>(fn: (tx: WitnessStoreTx) => T): T;
  listLogs(): StoredLogState[];
  listEquivocations(): StoredEquivocation[];
  close(): void;
}

export type WitnessStoreErrorCode = 'STORE_FORK_REFUSED';

export class WitnessStoreError extends Error {
  readonly code: WitnessStoreErrorCode;

  constructor(code: WitnessStoreErrorCode, message: string) {
    super(message);
    this.name = 'WitnessStoreError';
    this.code = code;
  }
}
