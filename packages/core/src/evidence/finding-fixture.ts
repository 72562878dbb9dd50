// Test fixture, not part of the public surface (index.ts does not export
// it): logs made by replayBundle from the bundles of replay-fixture.ts,
// under the evidence fixture's log key, and finding evidence files over
// them, built as a server would. Deterministic.
import { decodeLogEntry } from '../log/entry.js';
import type { IndexedEntry } from '../replay/finding-inputs.js';
import { replayBundle } from '../replay/replay-bundle.js';
import type { ReplayResult } from '../replay/replay-bundle.js';
import type { FixtureBundle } from '../replay/replay-fixture.js';
import { inclusionProof } from '../tlog/inclusion-proof.js';
import {
  LOG_VKEY,
  buildTestLog,
  cosignature,
  cosignedNote,
  policyText,
} from './evidence-fixture.js';
import type { TestLog } from './evidence-fixture.js';
import { buildFindingEvidence } from './finding-evidence.js';
import type { FindingEvidence } from './finding-evidence.js';
import { selectFindingEvidence } from './finding-select.js';

/** A replayed bundle, its log (fixture log key) and its decoded entries. */
export type FindingLog = {
  replay: ReplayResult;
  log: TestLog;
  decoded: IndexedEntry[];
};

/** Replays a bundle and logs its entries (or `edit`ed ones) under the fixture log key. */
export function findingLogOf(
  bundle: FixtureBundle,
  edit: (entries: Uint8Array[], replay: ReplayResult) => Uint8Array[] = (e) => e
): FindingLog {
  const replay = replayBundle(bundle);
  const log = buildTestLog(edit([...replay.entries], replay));
  const decoded = log.entries.map((bytes, index) => ({
    index,
    entry: decodeLogEntry(bytes),
  }));
  return { replay, log, decoded };
}

/** The evidence file for the finding at log index `index`, two witnesses cosigning. */
export function findingEvidenceFor(
  { replay, log, decoded }: FindingLog,
  index: number
): FindingEvidence {
  const pick = selectFindingEvidence({
    entries: decoded,
    findingIndex: index,
    fusion: replay.engine.fusion.params,
  });
  const size = log.entries.length;
  const logged = (i: number) => ({
    index: i,
    bytes: log.entries[i]!,
    proof: inclusionProof(i, size, log.reader),
  });
  return buildFindingEvidence({
    logVkey: LOG_VKEY,
    checkpoint: cosignedNote(log, [cosignature(log, 0), cosignature(log, 1)]),
    policy: policyText(),
    finding: logged(pick.finding),
    agreement: logged(pick.agreement),
    sources: pick.sources.map(logged),
    context: pick.context.map(logged),
    registry: pick.registry.map(logged),
    engine: replay.engine,
  });
}
