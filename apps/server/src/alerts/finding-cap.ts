import type { CapPrior, CapStatus } from '@truce/core';
import {
  buildFindingCap,
  decodeLogEntry,
  parseRfc3339Micros,
} from '@truce/core';
import type { FindingLedger } from '../findings/finding-ledger.js';
import { findingFeature } from '../findings/finding-view.js';
import type { LogStore } from '../storage/store.js';

export type FindingCapContext = {
  store: LogStore;
  ledger: FindingLedger;
  /** Entries covered by the witnessed checkpoint (see witnessedSize). */
  witnessed: number;
  sender: string;
  status: CapStatus;
  /** The public base URL the `web` link starts with, no trailing slash. */
  baseUrl: string;
};

/** When the entry at `index` was logged (its `time`), ms since the epoch. */
async function loggedAtMs(store: LogStore, index: number): Promise<number> {
  const [bytes] = await store.readEntries(index, index + 1);
  const entry = decodeLogEntry(bytes!);
  // The ledger indexes only `finding` entries; anything else is a bug.
  if (entry.type !== 'finding') {
    throw new Error(`entry ${index} is a ${entry.type}, not a finding`);
  }
  return Math.floor(parseRfc3339Micros(entry.time) / 1000);
}

/**
 * The CAP 1.2 alert for a logged finding in its current state, or
 * undefined for an id never logged. Every time in it comes from the log
 * (entry and review times), so the same state always gives the same bytes
 * and later messages can reference earlier ones exactly.
 */
export async function findingCapXml(
  context: FindingCapContext,
  id: string
): Promise<string | undefined> {
  const logged = context.ledger.get(id);
  if (logged === undefined) return undefined;
  const feature = findingFeature(context.ledger, logged, context.witnessed);
  const supersedes: CapPrior[] = [];
  for (const oldId of logged.supersedes) {
    const old = context.ledger.get(oldId)!;
    supersedes.push({
      findingId: oldId,
      loggedAtMs: await loggedAtMs(context.store, old.index),
    });
  }
  return buildFindingCap({
    finding: feature,
    sender: context.sender,
    status: context.status,
    loggedAtMs: await loggedAtMs(context.store, logged.index),
    web: `${context.baseUrl}/v1/findings/${encodeURIComponent(id)}`,
    supersedes,
  });
}
