import { base64Decode } from '../bytes.js';
import type { CoreError } from '../errors.js';
import type { FindingEntry } from '../engine/finding-entry.js';
import type { FusionObservation } from '../fusion/fuse.js';
import type { LogEntry } from '../log/entry.js';
import { parseObservationPayload } from '../observation/payload.js';
import type { Observation } from '../observation/payload.js';
import type { AgreementEntry } from '../rules/agreement-entry.js';
import type { SensorKeyPeriod } from '../registry/registry.js';
import { isRegistryEntry, SensorRegistry } from '../registry/registry.js';
import type { SensorRecord } from '../registry/sensor.js';

/** A decoded log entry at its index; `observation` saves re-parsing a payload. */
export type IndexedEntry = {
  index: number;
  entry: LogEntry;
  observation?: Observation;
};

/** A fusion input (DESIGN 2) with its sensor's whole record and the key it held then. */
export type FindingInputObservation = FusionObservation & {
  sensor: SensorRecord;
  keyPeriod: SensorKeyPeriod;
};

/** Why an entry gave no fusion input. */
export type SkippedEntry = {
  index: number;
  code:
    | 'PAYLOAD_INVALID'
    | 'SENSOR_UNKNOWN'
    | 'SENSOR_REVOKED'
    | 'REGISTRY_ENTRY_INVALID';
  message: string;
};

/** What fusion and the rules need, rebuilt from log entries. */
export type FindingInputs = {
  /** Observations whose sensor was registered and not revoked, ascending by index. */
  observations: FindingInputObservation[];
  agreements: { index: number; entry: AgreementEntry }[];
  findings: { index: number; entry: FindingEntry }[];
  skipped: SkippedEntry[];
};

/**
 * Rebuilds fusion inputs from decoded log entries: replays the registry
 * entries in log order and gives each observation the record (position,
 * timing) and key period of its sensor at the observation's index. The
 * server, `replayBundle` and the evidence verifier all derive fusion's
 * input with this one function. Signatures are not checked here: admission
 * (or `verifyEvidence`) does that. Pure; entries may come in any order.
 */
export function findingInputsFromEntries(
  entries: Iterable<IndexedEntry>
): FindingInputs {
  const sorted = [...entries].sort((a, b) => a.index - b.index);
  const registry = new SensorRegistry();
  const out: FindingInputs = {
    observations: [],
    agreements: [],
    findings: [],
    skipped: [],
  };
  const skip = (index: number, code: SkippedEntry['code'], message: string) =>
    out.skipped.push({ index, code, message });
  for (const { index, entry, observation } of sorted) {
    if (isRegistryEntry(entry)) {
      try {
        registry.apply(entry, index);
      } catch (err) {
        skip(index, 'REGISTRY_ENTRY_INVALID', (err as CoreError).message);
      }
    } else if (entry.type === 'agreement') {
      out.agreements.push({ index, entry });
    } else if (entry.type === 'finding') {
      out.findings.push({ index, entry });
    } else if (entry.type === 'observation') {
      let payload = observation;
      if (payload === undefined) {
        try {
          payload = parseObservationPayload(
            base64Decode(entry.envelope.payload)
          );
        } catch (err) {
          skip(index, 'PAYLOAD_INVALID', (err as CoreError).message);
          continue;
        }
      }
      const state = registry.lookup(payload.sensor);
      if (state === undefined) {
        skip(index, 'SENSOR_UNKNOWN', `sensor ${payload.sensor} unknown`);
      } else if (state.revoked) {
        skip(index, 'SENSOR_REVOKED', `sensor ${payload.sensor} revoked`);
      } else {
        const keyPeriod = state.keyHistory.findLast(
          (p) => p.fromIndex <= index
        )!;
        out.observations.push({
          index,
          observation: payload,
          sensor: state.record,
          keyPeriod,
        });
      }
    }
  }
  return out;
}
