import type { FindingEvidence, IndexedEntry, WitnessPolicy } from '@truce/core';
import {
  REGISTRY_ENTRY_TYPES,
  base64Decode,
  buildFindingEvidence,
  decodeLogEntry,
  formatWitnessPolicy,
  inclusionProof,
  parseObservationPayload,
  parseRfc3339Micros,
  selectFindingEvidence,
} from '@truce/core';
import { ApiError } from '../errors.js';
import { withStoredNodes } from '../log/node-reader.js';
import type { Sequencer } from '../log/sequencer.js';
import type { LogStore, StoredCheckpoint } from '../storage/store.js';
import {
  cosignedNote,
  newestQuorumCheckpoint,
} from '../witnesses/witnessed-checkpoint.js';
import type { FindingsService } from './findings-service.js';

export type FindingEvidenceDeps = {
  store: LogStore;
  sequencer: Sequencer;
  findings: FindingsService;
  policy: WitnessPolicy | undefined;
  verifierKey: string;
};

type Witnessed = { checkpoint: StoredCheckpoint; note: string };

/**
 * The checkpoint evidence is proved against, as for an entry's file: the
 * newest one cosigned to the policy's quorum, or with no policy the latest
 * one, whose file then says `quorum none`.
 */
async function witnessedCheckpoint(
  deps: FindingEvidenceDeps
): Promise<Witnessed | undefined> {
  if (deps.policy !== undefined) {
    return newestQuorumCheckpoint(deps.store, deps.policy, deps.verifierKey);
  }
  const latest = deps.sequencer.latest;
  if (latest === undefined) return undefined;
  return { checkpoint: latest, note: await cosignedNote(deps.store, latest) };
}

/** An entry decoded, with an observation's payload parsed once. */
function decoded(index: number, bytes: Uint8Array): IndexedEntry {
  const entry = decodeLogEntry(bytes);
  if (entry.type !== 'observation') return { index, entry };
  const payload = base64Decode(entry.envelope.payload);
  return { index, entry, observation: parseObservationPayload(payload) };
}

/**
 * The evidence file of a logged finding (DESIGN 4.7, docs/evidence.md):
 * the finding entry, every source, the weather the engine fused it with,
 * the registry entries of their sensors and the agreement version, each
 * with its inclusion proof against one witnessed checkpoint, and the
 * engine's versions and parameters. The engine logs each finding as fused
 * from exactly these entries (refuseFinding), so verifyEvidence recomputes
 * it. Throws ApiError NOT_FOUND for an unknown id, UNAVAILABLE (503) while
 * no witnessed checkpoint covers the finding.
 */
export async function buildLoggedFindingEvidence(
  deps: FindingEvidenceDeps,
  id: string
): Promise<FindingEvidence> {
  const logged = deps.findings.ledger.get(id);
  if (logged === undefined) {
    throw new ApiError('NOT_FOUND', `no finding ${id}`);
  }
  const at = logged.index;
  const witnessed = await witnessedCheckpoint(deps);
  if (witnessed === undefined || witnessed.checkpoint.size <= at) {
    throw new ApiError(
      'UNAVAILABLE',
      deps.policy === undefined
        ? `no checkpoint covers finding entry ${at} yet`
        : `no checkpoint covering finding entry ${at} is cosigned to the policy's quorum yet`,
      { headers: { 'retry-after': '2' } }
    );
  }
  const { store } = deps;
  const bytesOf = new Map<number, Uint8Array>();
  const readOne = async (index: number) => {
    let bytes = bytesOf.get(index);
    if (bytes === undefined) {
      [bytes] = await store.readEntries(index, index + 1);
      bytesOf.set(index, bytes!);
    }
    return bytes!;
  };
  const sources = await Promise.all(
    logged.finding.properties.sources.map(async (i) =>
      decoded(i, await readOne(i))
    )
  );
  const times = sources.flatMap((s) =>
    s.observation === undefined ? [] : [parseRfc3339Micros(s.observation.time)]
  );
  const fusion = deps.findings.engineInfo().fusion.params;
  const context = deps.findings.contextOf(
    times,
    new Set(logged.finding.properties.sources),
    at
  );
  const entries: IndexedEntry[] = [
    decoded(at, await readOne(at)),
    ...sources,
    ...(await Promise.all(
      context.map(async (c) => decoded(c.index, await readOne(c.index)))
    )),
  ];
  for (const item of await store.readEntriesByType([
    ...REGISTRY_ENTRY_TYPES,
    'agreement',
  ])) {
    if (item.index >= at) continue;
    bytesOf.set(item.index, item.bytes);
    entries.push(decoded(item.index, item.bytes));
  }
  const pick = selectFindingEvidence({ entries, findingIndex: at, fusion });
  const size = witnessed.checkpoint.size;
  const logEntry = async (index: number) => ({
    index,
    bytes: await readOne(index),
    proof: await withStoredNodes(store, (reader) =>
      inclusionProof(index, size, reader)
    ),
  });
  const all = (list: readonly number[]) => Promise.all(list.map(logEntry));
  return buildFindingEvidence({
    logVkey: deps.verifierKey,
    checkpoint: witnessed.note,
    policy:
      deps.policy === undefined
        ? `log ${deps.verifierKey}\nquorum none\n`
        : formatWitnessPolicy(deps.policy),
    finding: await logEntry(pick.finding),
    agreement: await logEntry(pick.agreement),
    sources: await all(pick.sources),
    context: await all(pick.context),
    registry: await all(pick.registry),
    engine: deps.findings.engineInfo(),
  });
}
