import { coreErrorOf } from '../errors.js';
import { decodeLogEntry } from '../log/entry.js';
import type { LogEntry, LogEntryOf } from '../log/entry.js';
import { prepareObservation } from '../observation/admit.js';
import type { Ed25519Verify } from '../observation/ed25519.js';
import { SensorRegistry, isRegistryEntry } from '../registry/registry.js';
import type { AuditIssues } from './audit-issue.js';

/** What the entry checks saw, for the audit's summary. */
export type EntryAuditCounts = {
  registryEntries: number;
  observations: number;
};

/**
 * Re-checks every entry of a log, in log order, as the log should have
 * checked it on the way in: each entry decodes canonically, registry
 * entries apply to the registry rebuilt from the log itself, and each
 * observation passes admission with the key its sensor held at that index,
 * with a seq above its sensor's previous one. A log that holds a forged or
 * replayed observation thus fails even when all its hashes agree.
 */
export class EntryAuditor {
  readonly counts: EntryAuditCounts = { registryEntries: 0, observations: 0 };
  readonly #registry = new SensorRegistry();
  readonly #lastSeq = new Map<string, number>();
  readonly #issues: AuditIssues;
  readonly #verify: Ed25519Verify;

  constructor(issues: AuditIssues, verify: Ed25519Verify) {
    this.#issues = issues;
    this.#verify = verify;
  }

  /** Checks the entry at `index`; entries must come in index order. */
  check(index: number, bytes: Uint8Array): void {
    let entry: LogEntry;
    try {
      entry = decodeLogEntry(bytes);
    } catch (error) {
      this.#issues.add('ENTRY_INVALID', ['entries', index], messageOf(error));
      return;
    }
    if (isRegistryEntry(entry)) {
      this.counts.registryEntries++;
      try {
        this.#registry.apply(entry, index);
      } catch (error) {
        const message = messageOf(error);
        this.#issues.add('REGISTRY_ENTRY_INVALID', ['entries', index], message);
      }
      return;
    }
    // Agreements, findings and reviews have nothing to admit: decoding
    // them canonically (schema and all) is their whole entry check.
    if (entry.type !== 'observation') return;
    this.counts.observations++;
    this.#checkObservation(index, entry);
  }

  #checkObservation(index: number, entry: LogEntryOf<'observation'>): void {
    const path = ['entries', index];
    const prepared = prepareObservation({
      envelope: entry.envelope,
      sensors: (id) => {
        const state = this.#registry.lookup(id);
        const publicKey = this.#registry.keyAt(id, index);
        return state === undefined || publicKey === undefined
          ? undefined
          : { publicKey, revoked: state.revoked };
      },
    });
    if (!prepared.ok) {
      const message = `${prepared.code}: ${prepared.message}`;
      this.#issues.add('OBSERVATION_INVALID', path, message);
      return;
    }
    const { observation } = prepared;
    if (
      !this.#verify(prepared.publicKey, prepared.message, prepared.signature)
    ) {
      this.#issues.add(
        'OBSERVATION_SIGNATURE_INVALID',
        path,
        `the signature of ${observation.sensor} seq ${observation.seq} does not verify with the key registered for it`
      );
      return;
    }
    const last = this.#lastSeq.get(observation.sensor);
    if (last !== undefined && observation.seq <= last) {
      this.#issues.add(
        'OBSERVATION_SEQ_REPLAYED',
        path,
        `${observation.sensor} seq ${observation.seq} is not above ${last}`
      );
      return;
    }
    this.#lastSeq.set(observation.sensor, observation.seq);
  }
}

function messageOf(error: unknown): string {
  const { code, message } = coreErrorOf(error);
  return `${code}: ${message}`;
}
