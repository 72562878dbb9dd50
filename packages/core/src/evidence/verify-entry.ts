import { base64Decode, bytesEqual } from '../bytes.js';
import type { CoreError, EvidenceErrorCode } from '../errors.js';
import { decodeLogEntry } from '../log/entry.js';
import type { LogEntry, LogEntryOf } from '../log/entry.js';
import { dssePae } from '../observation/dsse.js';
import type { Ed25519Verify } from '../observation/ed25519.js';
import { parseObservationPayload } from '../observation/payload.js';
import type { Observation } from '../observation/payload.js';
import type { RegistryEntry } from '../registry/registry-entry.js';
import { isRegistryEntry, SensorRegistry } from '../registry/registry.js';
import type { EvidenceIssue, EvidenceIssues } from './evidence-issue.js';
import type { ProvedEntry } from './verify-proofs.js';

/** A log entry of the file, decoded; `observation` for an observation entry. */
export type DecodedEntry = { entry: LogEntry; observation?: Observation };

export type EntryFindings = {
  subject: DecodedEntry;
  sensor: { id: string; registryIndexes: number[] };
};

type HistoryItem = { item: ProvedEntry; entry: RegistryEntry };

// What core throws is always an Error (CoreError or zod's, via CoreError).
function messageOf(err: unknown): string {
  return (err as Error).message;
}

function decode(
  item: ProvedEntry,
  issues: EvidenceIssues
): DecodedEntry | undefined {
  try {
    const entry = decodeLogEntry(item.bytes);
    if (entry.type !== 'observation') return { entry };
    const payload = base64Decode(entry.envelope.payload);
    return { entry, observation: parseObservationPayload(payload) };
  } catch (err) {
    issues.add('ENTRY_DECODE_FAILED', [...item.path, 'bytes'], messageOf(err));
    return undefined;
  }
}

/**
 * The sensor an entry is about, or undefined for an entry about none (an
 * agreement, a finding, a review); a new type fails to compile here until
 * it says whether it is.
 */
function sensorOf(decoded: DecodedEntry): string | undefined {
  const { entry, observation } = decoded;
  switch (entry.type) {
    case 'observation':
      return observation!.sensor;
    case 'sensor_registered':
      return entry.sensor.id;
    case 'sensor_key_rotated':
    case 'sensor_revoked':
      return entry.sensor;
    default:
      // Agreements, findings, reviews, coalition and response entries.
      return undefined;
  }
}

// Keeps the registry items the subject rests on, in log order, and flags
// the rest: a file carries exactly what its claim needs.
function selectHistory(
  subject: ProvedEntry,
  sensorId: string,
  registry: readonly [ProvedEntry, DecodedEntry | undefined][],
  issues: EvidenceIssues
): HistoryItem[] {
  const seen = new Set([subject.index]);
  const history: HistoryItem[] = [];
  for (const [item, decoded] of registry) {
    let problem: string | undefined;
    if (seen.has(item.index)) {
      problem = `index ${item.index} is in the file twice`;
    } else {
      seen.add(item.index);
      if (decoded === undefined) continue;
      const about = sensorOf(decoded);
      if (!isRegistryEntry(decoded.entry)) {
        problem = `${decoded.entry.type} is not a registry entry type`;
      } else if (about !== sensorId) {
        problem = `it is about sensor ${about}, not ${sensorId}`;
      } else if (item.index > subject.index) {
        problem = `it was logged at ${item.index}, after the entry at ${subject.index}`;
      } else {
        history.push({ item, entry: decoded.entry });
      }
    }
    if (problem !== undefined) {
      issues.add('SENSOR_ENTRY_UNEXPECTED', item.path, problem);
    }
  }
  return history.sort((a, b) => a.item.index - b.item.index);
}

function registryCode(
  err: unknown,
  revoked: EvidenceErrorCode
): EvidenceErrorCode {
  switch ((err as CoreError).code) {
    case 'REGISTRY_SENSOR_UNKNOWN':
      return 'SENSOR_ENTRY_MISSING';
    case 'REGISTRY_SENSOR_REVOKED':
      return revoked;
    default:
      return 'SENSOR_HISTORY_INVALID';
  }
}

function replay(
  history: HistoryItem[],
  issues: EvidenceIssues
): SensorRegistry {
  const registry = new SensorRegistry();
  for (const { item, entry } of history) {
    try {
      registry.apply(entry, item.index);
    } catch (err) {
      const code = registryCode(err, 'SENSOR_HISTORY_INVALID');
      issues.add(code, item.path, messageOf(err));
    }
  }
  return registry;
}

function checkRegistrySubject(
  subject: ProvedEntry,
  entry: RegistryEntry,
  registry: SensorRegistry,
  issues: EvidenceIssues
): void {
  try {
    registry.apply(entry, subject.index);
  } catch (err) {
    const code = registryCode(err, 'SENSOR_REVOKED_BEFORE_ENTRY');
    const path = code === 'SENSOR_ENTRY_MISSING' ? ['registry'] : subject.path;
    issues.add(code, path, messageOf(err));
  }
}

function checkObservation(
  subject: ProvedEntry,
  entry: LogEntryOf<'observation'>,
  sensorId: string,
  registry: SensorRegistry,
  verify: Ed25519Verify,
  issues: EvidenceIssues
): void {
  const bytesPath: EvidenceIssue['path'] = [...subject.path, 'bytes'];
  const [signature] = entry.envelope.signatures;
  if (signature.keyid !== sensorId) {
    issues.add(
      'SENSOR_KEY_MISMATCH',
      bytesPath,
      `keyid ${signature.keyid} is not the payload's sensor ${sensorId}`
    );
  }
  const state = registry.lookup(sensorId);
  if (state === undefined) {
    issues.add(
      'SENSOR_ENTRY_MISSING',
      ['registry'],
      `no registration of sensor ${sensorId} before index ${subject.index}`
    );
    return;
  }
  if (state.revoked) {
    issues.add(
      'SENSOR_REVOKED_BEFORE_ENTRY',
      subject.path,
      `sensor ${sensorId} was revoked before index ${subject.index}`
    );
  }
  const { payloadType, payload } = entry.envelope;
  const message = dssePae(payloadType, base64Decode(payload));
  const sig = base64Decode(signature.sig);
  // The sensor is registered, so it held a key at the entry's index.
  const key = registry.keyAt(sensorId, subject.index)!;
  if (verify(key, message, sig)) return;
  const other = state.keyHistory.find(
    (period) =>
      !bytesEqual(period.publicKey, key) &&
      verify(period.publicKey, message, sig)
  );
  if (other !== undefined) {
    issues.add(
      'SENSOR_KEY_MISMATCH',
      bytesPath,
      `signed with the key held from index ${other.fromIndex}, not the one in effect at ${subject.index}`
    );
  } else {
    issues.add(
      'OBSERVATION_SIGNATURE_INVALID',
      bytesPath,
      `the signature does not verify with any key of sensor ${sensorId}`
    );
  }
}

/**
 * Decodes the entry and its registry items, keeps the registry entries of
 * the entry's sensor logged before it, replays them in log order, and
 * checks the entry against the sensor state at its index: for an
 * observation, that the sensor was registered and not revoked and that the
 * DSSE signature verifies with the key it held then.
 */
export function checkEntry(
  subject: ProvedEntry,
  registry: readonly ProvedEntry[],
  verify: Ed25519Verify,
  issues: EvidenceIssues
): EntryFindings | undefined {
  const decoded = decode(subject, issues);
  const items = registry.map(
    (item): [ProvedEntry, DecodedEntry | undefined] => [
      item,
      decode(item, issues),
    ]
  );
  if (decoded === undefined) return undefined;
  const sensorId = sensorOf(decoded);
  if (sensorId === undefined) {
    issues.add(
      'EVIDENCE_FORMAT_UNSUPPORTED',
      [...subject.path, 'bytes'],
      `a ${decoded.entry.type} entry rests on no sensor; v1 evidence covers observations and registry entries`
    );
    return undefined;
  }
  const history = selectHistory(subject, sensorId, items, issues);
  const state = replay(history, issues);
  const { entry } = decoded;
  if (entry.type === 'observation') {
    checkObservation(subject, entry, sensorId, state, verify, issues);
  } else {
    // sensorOf names a sensor for observations and registry entries only.
    checkRegistrySubject(subject, entry as RegistryEntry, state, issues);
  }
  const registryIndexes = history.map((h) => h.item.index);
  return { subject: decoded, sensor: { id: sensorId, registryIndexes } };
}
