// Test fixture, not part of the public surface (index.ts does not export
// it): small logs with fixed-seed keys, built with core's own primitives,
// and the evidence files the golden vectors in test-vectors/evidence/ are
// generated from. Deterministic: Ed25519 signing is, and no clock is read.
import { base64Encode, utf8Encode } from '../bytes.js';
import { sha256 } from '../hash.js';
import { encodeLogEntry } from '../log/entry.js';
import type { LogEntryOf } from '../log/entry.js';
import { OBSERVATION_PAYLOAD_TYPE, signEnvelope } from '../observation/dsse.js';
import { ed25519PublicKey, ed25519Sign } from '../observation/ed25519.js';
import { formatCheckpoint } from '../tlog/checkpoint.js';
import {
  compactRangeAppend,
  compactRangeEmpty,
  compactRangeRoot,
} from '../tlog/compact-range.js';
import { signCosignature } from '../tlog/cosignature.js';
import { inclusionProof } from '../tlog/inclusion-proof.js';
import { hashLeaf } from '../tlog/merkle.js';
import { hashReaderFromNodes } from '../tlog/node.js';
import type { HashReader, StoredNode } from '../tlog/node.js';
import {
  NOTE_KEY_TYPE_COSIGNATURE_V1,
  formatVerifierKey,
} from '../tlog/note-key.js';
import { ed25519SignerFromSeed } from '../tlog/note-verifier.js';
import { formatNote, parseNote, signNote } from '../tlog/signed-note.js';
import type { NoteSignature } from '../tlog/signed-note.js';
import { buildEntryEvidence } from './evidence-package.js';
import type { EntryEvidence } from './evidence-package.js';

/** A fixed 32-byte seed per label: SHA-256("truce evidence vector <label>"). */
export function seedOf(label: string): Uint8Array {
  return sha256(utf8Encode(`truce evidence vector ${label}`));
}

export const LOG_ORIGIN = 'log.truce.example';
export const LOG_VKEY = formatVerifierKey(
  LOG_ORIGIN,
  ed25519PublicKey(seedOf('log'))
);
/** A second log, for keys that must not be trusted. */
export const OTHER_LOG_ORIGIN = 'other-log.truce.example';
export const OTHER_LOG_VKEY = formatVerifierKey(
  OTHER_LOG_ORIGIN,
  ed25519PublicKey(seedOf('other log'))
);

/** The three witnesses: one per party and one for the guarantors. */
export const WITNESSES = [
  { name: 'party-a', keyName: 'witness.party-a.example' },
  { name: 'party-b', keyName: 'witness.party-b.example' },
  { name: 'guarantors', keyName: 'witness.guarantors.example' },
].map((w) => ({
  ...w,
  seed: seedOf(w.name),
  vkey: formatVerifierKey(
    w.keyName,
    ed25519PublicKey(seedOf(w.name)),
    NOTE_KEY_TYPE_COSIGNATURE_V1
  ),
}));

/** A tlog-policy for `logVkey` that needs `k` of the three witnesses. */
export function policyText(k: number | 'all' = 2, logVkey = LOG_VKEY): string {
  return [
    `log ${logVkey}`,
    ...WITNESSES.map((w) => `witness ${w.name} ${w.vkey}`),
    `group witnesses ${k} ${WITNESSES.map((w) => w.name).join(' ')}`,
    'quorum witnesses',
  ]
    .map((line) => `${line}\n`)
    .join('');
}

export const TIME = '2026-12-01T06:00:00Z';
/** 2026-12-01T06:00:10Z, when the witnesses cosign. */
export const COSIGN_TIME = 1796104810;

export const SENSOR = 'acoustic-017';
export const OTHER_SENSOR = 'acoustic-018';

export function sensorKey(label: string): Uint8Array {
  return ed25519PublicKey(seedOf(label));
}

export function registered(id: string, keyLabel: string): Uint8Array {
  return encodeLogEntry({
    v: 1,
    type: 'sensor_registered',
    time: TIME,
    actor: 'monitor',
    sensor: {
      id,
      kind: 'acoustic',
      publicKey: base64Encode(sensorKey(keyLabel)),
      position: [37.61, 48.02, 180],
      operator: 'monitor',
      timingSigmaS: 0.0005,
    },
  });
}

export function rotated(id: string, keyLabel: string): Uint8Array {
  return encodeLogEntry({
    v: 1,
    type: 'sensor_key_rotated',
    time: TIME,
    actor: 'monitor',
    sensor: id,
    publicKey: base64Encode(sensorKey(keyLabel)),
  });
}

export function revoked(id: string): Uint8Array {
  return encodeLogEntry({
    v: 1,
    type: 'sensor_revoked',
    time: TIME,
    actor: 'monitor',
    sensor: id,
    reason: 'destroyed',
  });
}

type ObservationEnvelope = LogEntryOf<'observation'>['envelope'];

/** A signed acoustic observation; `keyid` and `sig` may be forged. */
export function observed(
  id: string,
  seq: number,
  keyLabel: string,
  forge: { keyid?: string; sig?: Uint8Array } = {}
): Uint8Array {
  const payload = {
    sensor: id,
    seq,
    time: `2026-12-01T05:59:${String(10 + seq).padStart(2, '0')}.250000Z`,
    kind: 'acoustic',
    acoustic: { class: 'launch', snrDb: 18.5, bearingDeg: 92.5 },
  };
  const envelope = signEnvelope({
    payloadType: OBSERVATION_PAYLOAD_TYPE,
    payload: utf8Encode(JSON.stringify(payload)),
    keyid: forge.keyid ?? id,
    sign: (message) => forge.sig ?? ed25519Sign(seedOf(keyLabel), message),
  }) as ObservationEnvelope;
  return encodeLogEntry({ v: 1, type: 'observation', envelope });
}

/** An in-memory log: its entries, stored nodes and log-signed checkpoint. */
export type TestLog = {
  entries: readonly Uint8Array[];
  reader: HashReader;
  /** The checkpoint body and the note with the log signature only. */
  body: string;
  note: string;
};

/**
 * Appends `entries` with compactRangeAppend and signs the checkpoint with
 * the log key; `origin` other than the key's name makes a bad checkpoint.
 */
export function buildTestLog(
  entries: readonly Uint8Array[],
  origin = LOG_ORIGIN
): TestLog {
  let range = compactRangeEmpty();
  const nodes: StoredNode[] = [];
  for (const entry of entries) {
    const step = compactRangeAppend(range, hashLeaf(entry));
    range = step.range;
    nodes.push(...step.newNodes);
  }
  // signNote rather than signCheckpoint, which refuses a foreign origin.
  const note = signNote(
    formatCheckpoint({
      origin,
      size: entries.length,
      rootHash: compactRangeRoot(range),
      extensions: [],
    }),
    [ed25519SignerFromSeed(LOG_ORIGIN, seedOf('log'))]
  );
  return {
    entries,
    reader: hashReaderFromNodes(nodes),
    body: parseNote(note).text,
    note,
  };
}

/** The witness i's cosignature line over the log's checkpoint. */
export function cosignature(log: TestLog, i: number): NoteSignature {
  const w = WITNESSES[i]!;
  return signCosignature({
    body: log.body,
    name: w.keyName,
    seed: w.seed,
    timestamp: COSIGN_TIME + i,
  });
}

/** The checkpoint note with the log signature and the given cosignatures. */
export function cosignedNote(
  log: TestLog,
  cosignatures: readonly NoteSignature[]
): string {
  const note = parseNote(log.note);
  return formatNote({
    text: note.text,
    signatures: [...note.signatures, ...cosignatures],
  });
}

export type EvidenceSpec = {
  index: number;
  registry: readonly number[];
  /** Which witnesses cosign (indexes into WITNESSES); 0 and 1 by default. */
  cosigners?: readonly number[];
  policy?: string;
};

/** The evidence file for entry `index`, built as a server would. */
export function evidenceFor(log: TestLog, spec: EvidenceSpec): EntryEvidence {
  const size = log.entries.length;
  const logged = (index: number) => ({
    index,
    bytes: log.entries[index]!,
    proof: inclusionProof(index, size, log.reader),
  });
  const cosigners = spec.cosigners ?? [0, 1];
  return buildEntryEvidence({
    logVkey: LOG_VKEY,
    checkpoint: cosignedNote(
      log,
      cosigners.map((i) => cosignature(log, i))
    ),
    policy: spec.policy ?? policyText(),
    entry: logged(spec.index),
    registry: spec.registry.map(logged),
  });
}

/**
 * The honest log the golden file comes from: two sensors, a key rotation
 * and a revocation. Entry 5 is acoustic-017's observation under its second
 * key, resting on registry entries 0 (registration) and 3 (rotation).
 */
export function standardLog(): TestLog {
  return buildTestLog([
    registered(SENSOR, 'acoustic-017 key 1'),
    registered(OTHER_SENSOR, 'acoustic-018 key 1'),
    observed(SENSOR, 0, 'acoustic-017 key 1'),
    rotated(SENSOR, 'acoustic-017 key 2'),
    observed(OTHER_SENSOR, 0, 'acoustic-018 key 1'),
    observed(SENSOR, 1, 'acoustic-017 key 2'),
    revoked(SENSOR),
  ]);
}

/** The golden file's spec: entry 5 of standardLog, 2 of 3 witnesses cosign. */
export const GOLDEN_SPEC: EvidenceSpec = { index: 5, registry: [0, 3] };
