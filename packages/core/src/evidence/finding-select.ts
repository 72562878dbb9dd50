import { base64Decode } from '../bytes.js';
import type { EvidenceErrorCode } from '../errors.js';
import { CoreError } from '../errors.js';
import type { FusionParams } from '../fusion/params.js';
import { parseObservationPayload } from '../observation/payload.js';
import type { Observation } from '../observation/payload.js';
import { parseRfc3339Micros } from '../observation/time.js';
import { isRegistryEntry } from '../registry/registry.js';
import type { IndexedEntry } from '../replay/finding-inputs.js';

/** The log indexes a finding's evidence file carries, each list ascending. */
export type FindingEvidenceSelection = {
  finding: number;
  agreement: number;
  sources: number[];
  context: number[];
  registry: number[];
};

function fail(code: EvidenceErrorCode, message: string): never {
  throw new CoreError(code, message);
}

function payloadOf(item: IndexedEntry): Observation | undefined {
  if (item.entry.type !== 'observation') return undefined;
  return (
    item.observation ??
    parseObservationPayload(base64Decode(item.entry.envelope.payload))
  );
}

/**
 * The context window of a finding: every weather observation logged
 * before it whose time lies from `weatherMaxAgeS` before its earliest
 * source to its latest source. Fusion takes the speed of sound from the
 * latest weather report no older than that, so the window holds every
 * report fusion could have used for these sources.
 */
export function findingContextWindow(
  sourceTimes: readonly number[],
  fusion: Pick<FusionParams, 'acoustic'>
): { fromMicros: number; toMicros: number } {
  const from = Math.min(...sourceTimes);
  const to = Math.max(...sourceTimes);
  return {
    fromMicros: from - fusion.acoustic.weatherMaxAgeS * 1e6,
    toMicros: to,
  };
}

/**
 * Chooses what a finding's evidence file carries, from decoded entries:
 * the finding, its sources, the weather observations in its context
 * window, the registry entries of every sensor among those (logged before
 * that sensor's last one there), and the latest version of the finding's
 * agreement logged before it. `entries` needs every registry, agreement and
 * weather entry before the finding and the finding's sources; others are
 * ignored. Throws FINDING_ENTRY_INVALID, SOURCE_ENTRY_MISSING or
 * AGREEMENT_ENTRY_INVALID.
 */
export function selectFindingEvidence(input: {
  entries: Iterable<IndexedEntry>;
  findingIndex: number;
  fusion: Pick<FusionParams, 'acoustic'>;
}): FindingEvidenceSelection {
  const at = input.findingIndex;
  const byIndex = new Map<number, IndexedEntry>();
  for (const item of input.entries) byIndex.set(item.index, item);
  const subject = byIndex.get(at)?.entry;
  if (subject?.type !== 'finding') {
    fail('FINDING_ENTRY_INVALID', `entry ${at} is not a finding`);
  }
  const { sources, agreement } = subject.finding.properties;
  const observations = new Map<number, Observation>();
  for (const index of sources) {
    const item = byIndex.get(index);
    const payload = item === undefined ? undefined : payloadOf(item);
    if (payload === undefined || index >= at) {
      fail('SOURCE_ENTRY_MISSING', `source ${index} is not an observation`);
    }
    observations.set(index, payload);
  }
  const times = [...observations.values()].map((o) =>
    parseRfc3339Micros(o.time)
  );
  const window = findingContextWindow(times, input.fusion);
  const context: number[] = [];
  let agreementIndex: number | undefined;
  const sorted = [...byIndex.values()].sort((a, b) => a.index - b.index);
  for (const item of sorted) {
    if (item.index >= at) break;
    const { entry } = item;
    if (
      entry.type === 'agreement' &&
      entry.agreement.id === agreement.id &&
      entry.agreement.version === agreement.version
    ) {
      agreementIndex = item.index;
    }
    if (observations.has(item.index)) continue;
    const payload = payloadOf(item);
    if (payload?.kind !== 'weather') continue;
    const t = parseRfc3339Micros(payload.time);
    if (t < window.fromMicros || t > window.toMicros) continue;
    context.push(item.index);
    observations.set(item.index, payload);
  }
  if (agreementIndex === undefined) {
    fail(
      'AGREEMENT_ENTRY_INVALID',
      `agreement ${agreement.id} v${agreement.version} is not logged before ${at}`
    );
  }
  // Each sensor's registry entries up to its last observation here.
  const lastOf = new Map<string, number>();
  for (const [index, o] of observations) {
    lastOf.set(o.sensor, Math.max(index, lastOf.get(o.sensor) ?? -1));
  }
  const registry = sorted.flatMap(({ index, entry }) => {
    if (!isRegistryEntry(entry)) return [];
    const id =
      entry.type === 'sensor_registered' ? entry.sensor.id : entry.sensor;
    const last = lastOf.get(id);
    return last !== undefined && index < last ? [index] : [];
  });
  return {
    finding: at,
    agreement: agreementIndex,
    sources: [...sources],
    context,
    registry,
  };
}
