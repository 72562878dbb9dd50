import type { WitnessPolicy } from '@truce/core';
import { verifyCosignedCheckpoint } from '@truce/core';
import type { LogStore, StoredCheckpoint } from '../storage/store.js';

/**
 * The signed note of a checkpoint with the cosignature lines gathered for
 * it appended (C2SP signed-note: one note, many signature lines).
 */
export async function cosignedNote(
  store: LogStore,
  checkpoint: StoredCheckpoint
): Promise<string> {
  const lines = await store.cosignaturesAt(checkpoint.size);
  let note = checkpoint.note;
  for (const line of lines.values()) note += `${line}\n`;
  return note;
}

/** How many recent checkpoints to search for one that reached quorum. */
const QUORUM_SEARCH_DEPTH = 64;

/**
 * The newest checkpoint whose cosignatures meet the policy's quorum, with
 * its cosigned note; undefined if none of the recent ones does. Each
 * cosignature is verified again, so a corrupt row cannot fake a quorum.
 */
export async function newestQuorumCheckpoint(
  store: LogStore,
  policy: WitnessPolicy,
  logVkey: string
): Promise<{ checkpoint: StoredCheckpoint; note: string } | undefined> {
  for (const size of await store.checkpointSizes(QUORUM_SEARCH_DEPTH)) {
    const checkpoint = await store.checkpointAt(size);
    if (checkpoint === undefined) continue;
    const note = await cosignedNote(store, checkpoint);
    const verified = verifyCosignedCheckpoint({ note, policy, logVkey });
    if (verified.quorumMet) return { checkpoint, note };
  }
  return undefined;
}
