import { base64Decode } from '../bytes.js';
import { decodeLogEntry } from '../log/entry.js';
import type { Ed25519Verify } from '../observation/ed25519.js';
import { parseObservationPayload } from '../observation/payload.js';
import { isRegistryEntry } from '../registry/registry.js';
import type { IndexedEntry } from '../replay/finding-inputs.js';
import type { EvidenceIssues } from './evidence-issue.js';
import { checkEntry } from './verify-entry.js';
import type { ProvedEntry } from './verify-proofs.js';

// The entries of a finding's file beside the finding: its sources, the
// weather context and the registry entries of their sensors. Each
// observation gets the checks of an entry's file (docs/evidence.md 8-11)
// against its own sensor's registry entries logged before it.

type Decoded = { item: ProvedEntry; value: IndexedEntry };

/** Decodes an entry (and an observation's payload), or reports ENTRY_DECODE_FAILED. */
export function decodeProved(
  item: ProvedEntry,
  issues: EvidenceIssues
): IndexedEntry | undefined {
  try {
    const entry = decodeLogEntry(item.bytes);
    if (entry.type !== 'observation') return { index: item.index, entry };
    const payload = base64Decode(entry.envelope.payload);
    const observation = parseObservationPayload(payload);
    return { index: item.index, entry, observation };
  } catch (err) {
    issues.add(
      'ENTRY_DECODE_FAILED',
      [...item.path, 'bytes'],
      (err as Error).message
    );
    return undefined;
  }
}

function sensorIdOf(entry: IndexedEntry['entry']): string | undefined {
  if (entry.type === 'sensor_registered') return entry.sensor.id;
  if (isRegistryEntry(entry)) return entry.sensor;
  return undefined;
}

export type PartsInput = {
  findingIndex: number;
  /** The finding's `sources`. */
  sources: readonly number[];
  /** Indexes of the file's other entries (finding, agreement), never repeated. */
  taken: readonly number[];
  items: {
    sources: ProvedEntry[];
    context: ProvedEntry[];
    registry: ProvedEntry[];
  };
  verify: Ed25519Verify;
};

/** Checks sources, context and registry; returns what decoded, for the recompute. */
export function checkFindingParts(
  input: PartsInput,
  issues: EvidenceIssues
): IndexedEntry[] {
  const seen = new Set(input.taken);
  const wanted = new Set(input.sources);
  const observations: Decoded[] = [];
  const unexpected = (item: ProvedEntry, why: string) =>
    issues.add('SOURCE_ENTRY_UNEXPECTED', item.path, why);
  const take = (item: ProvedEntry, isSource: boolean) => {
    if (seen.has(item.index)) {
      return unexpected(item, `index ${item.index} is in the file twice`);
    }
    seen.add(item.index);
    const value = decodeProved(item, issues);
    if (value === undefined) return;
    const kind = value.observation?.kind;
    if (item.index >= input.findingIndex) {
      unexpected(item, `logged at ${item.index}, after the finding`);
    } else if (isSource && !wanted.has(item.index)) {
      unexpected(item, `the finding does not name ${item.index} as a source`);
    } else if (isSource && kind === undefined) {
      unexpected(item, `a ${value.entry.type} entry is not an observation`);
    } else if (!isSource && kind !== 'weather') {
      unexpected(
        item,
        `context holds weather observations, not ${kind ?? value.entry.type}`
      );
    } else {
      observations.push({ item, value });
    }
  };
  for (const item of input.items.sources) take(item, true);
  const present = new Set(input.items.sources.map((s) => s.index));
  for (const index of input.sources) {
    if (!present.has(index)) {
      issues.add(
        'SOURCE_ENTRY_MISSING',
        ['sources'],
        `source ${index} is not in the file`
      );
    }
  }
  for (const item of input.items.context) take(item, false);

  // The last observation of each sensor here: its registry entries must precede it.
  const lastOf = new Map<string, number>();
  for (const { value } of observations) {
    const id = value.observation!.sensor;
    lastOf.set(id, Math.max(value.index, lastOf.get(id) ?? -1));
  }
  const registry: Decoded[] = [];
  for (const item of input.items.registry) {
    if (seen.has(item.index)) {
      issues.add(
        'SENSOR_ENTRY_UNEXPECTED',
        item.path,
        `index ${item.index} is in the file twice`
      );
      continue;
    }
    seen.add(item.index);
    const value = decodeProved(item, issues);
    if (value === undefined) continue;
    const id = sensorIdOf(value.entry);
    const last = id === undefined ? undefined : lastOf.get(id);
    if (last === undefined || item.index > last) {
      issues.add(
        'SENSOR_ENTRY_UNEXPECTED',
        item.path,
        id === undefined
          ? `${value.entry.type} is not a registry entry type`
          : `no observation here rests on it (sensor ${id})`
      );
      continue;
    }
    registry.push({ item, value });
  }
  for (const { item, value } of observations) {
    const sensor = value.observation!.sensor;
    const history = registry
      .filter(
        (r) => r.item.index < item.index && sensorIdOf(r.value.entry) === sensor
      )
      .map((r) => r.item);
    checkEntry(item, history, input.verify, issues);
  }
  return [...registry, ...observations].map((d) => d.value);
}
