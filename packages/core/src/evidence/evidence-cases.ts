// Test fixture, not part of the public surface: the cases written to
// test-vectors/evidence/ (see SOURCES.md there). Each case is built from a
// log made with core, and its `want` is written by hand here, never taken
// from verifyEvidence's output.
import {
  base64Decode,
  base64Encode,
  utf8Decode,
  utf8Encode,
} from '../bytes.js';
import { hashChildren } from '../tlog/merkle.js';
import { formatNote, parseNote } from '../tlog/signed-note.js';
import {
  GOLDEN_SPEC,
  OTHER_LOG_VKEY,
  OTHER_SENSOR,
  SENSOR,
  buildTestLog,
  cosignature,
  cosignedNote,
  evidenceFor,
  observed,
  policyText,
  registered,
  rotated,
  revoked,
  standardLog,
  LOG_VKEY,
} from './evidence-fixture.js';
import { formatEntryEvidence } from './evidence-package.js';

import {
  OK,
  edit,
  flippedBase64,
  forged,
  invalid,
  unusable,
  withNoteLine,
} from './evidence-case-kit.js';
import type { EvidenceCase } from './evidence-case-kit.js';

export type { EvidenceCase, EvidenceCaseWant } from './evidence-case-kit.js';

export function evidenceCases(): Record<string, EvidenceCase> {
  const log = standardLog();
  const golden = evidenceFor(log, GOLDEN_SPEC);
  const goldenText = formatEntryEvidence(golden);
  return {
    // --- valid files
    'valid-observation': {
      desc: 'observation after a key rotation, 2 of 3 witnesses cosign (the golden file)',
      evidence: golden,
      want: OK,
    },
    'valid-observation-all-witnesses': {
      desc: 'all 3 witnesses cosign',
      evidence: evidenceFor(log, { ...GOLDEN_SPEC, cosigners: [0, 1, 2] }),
      want: OK,
    },
    'valid-observation-first-key': {
      desc: 'observation before the rotation: only the registration is needed',
      evidence: evidenceFor(log, { index: 2, registry: [0] }),
      want: OK,
    },
    'valid-registration': {
      desc: 'a registration needs no earlier registry entry',
      evidence: evidenceFor(log, { index: 0, registry: [] }),
      want: OK,
    },
    'valid-rotation': {
      desc: 'a key rotation rests on the registration',
      evidence: evidenceFor(log, { index: 3, registry: [0] }),
      want: OK,
    },
    'valid-revocation': {
      desc: 'a revocation rests on the registration and the rotation',
      evidence: evidenceFor(log, { index: 6, registry: [0, 3] }),
      want: OK,
    },
    'valid-trusted': {
      desc: 'the log key and the policy are the ones the caller trusts',
      options: { policy: policyText(), trust: [OTHER_LOG_VKEY, LOG_VKEY] },
      evidence: golden,
      want: OK,
    },
    // --- witnesses and policy
    'quorum-one-of-three': {
      desc: 'only one witness cosigns a 2-of-3 policy',
      evidence: evidenceFor(log, { ...GOLDEN_SPEC, cosigners: [2] }),
      want: invalid(['QUORUM_NOT_MET', ['log', 'checkpoint']]),
    },
    'cosignature-forged': {
      desc: 'two witnesses cosign, a third cosignature is forged',
      evidence: edit(golden, (e) => {
        const forgedSig = base64Decode(
          flippedBase64(base64Encode(cosignature(log, 2).signature), 20)
        );
        e.log.checkpoint = cosignedNote(log, [
          cosignature(log, 0),
          cosignature(log, 1),
          { ...cosignature(log, 2), signature: forgedSig },
        ]);
      }),
      want: invalid(['COSIGNATURE_INVALID', ['log', 'checkpoint']]),
    },
    'policy-stricter': {
      desc: 'the trusted policy needs all 3 witnesses',
      options: { policy: policyText('all') },
      evidence: golden,
      want: invalid(['QUORUM_NOT_MET', ['log', 'checkpoint']]),
    },
    'policy-other-log': {
      desc: "the trusted policy is another log's",
      options: { policy: policyText(2, OTHER_LOG_VKEY) },
      evidence: golden,
      want: invalid(['POLICY_LOG_MISMATCH', ['log', 'vkey']]),
    },
    'policy-in-file-other-log': {
      desc: "the file's policy is another log's",
      evidence: edit(golden, (e) => {
        e.policy = policyText(2, OTHER_LOG_VKEY);
      }),
      want: invalid(['POLICY_LOG_MISMATCH', ['policy']]),
    },
    'policy-invalid': {
      desc: "the file's policy has no quorum line",
      evidence: edit(golden, (e) => {
        e.policy = policyText().replace('quorum witnesses\n', '');
      }),
      want: invalid(['POLICY_INVALID', ['policy']]),
    },
    // --- log key and checkpoint
    'log-key-untrusted': {
      desc: 'the caller trusts another log key',
      options: { trust: [OTHER_LOG_VKEY] },
      evidence: golden,
      want: invalid(['LOG_KEY_UNTRUSTED', ['log', 'vkey']]),
    },
    'log-key-other': {
      desc: "the file names another log's key",
      evidence: edit(golden, (e) => {
        e.log.vkey = OTHER_LOG_VKEY;
      }),
      want: invalid(
        ['CHECKPOINT_SIGNATURE_INVALID', ['log', 'checkpoint']],
        ['POLICY_LOG_MISMATCH', ['policy']]
      ),
    },
    'checkpoint-root-changed': {
      desc: 'the root hash in the checkpoint is replaced',
      evidence: edit(golden, (e) => {
        const root = base64Encode(
          hashChildren(new Uint8Array(32), new Uint8Array(32))
        );
        e.log.checkpoint = withNoteLine(e.log.checkpoint, 2, root);
      }),
      want: invalid(
        ['CHECKPOINT_SIGNATURE_INVALID', ['log', 'checkpoint']],
        ['COSIGNATURE_INVALID', ['log', 'checkpoint']],
        ['COSIGNATURE_INVALID', ['log', 'checkpoint']],
        ['QUORUM_NOT_MET', ['log', 'checkpoint']],
        ['CHECKPOINT_ROOT_MISMATCH', ['log', 'checkpoint']]
      ),
    },
    'checkpoint-log-signature-changed': {
      desc: "a byte of the log's signature is flipped",
      evidence: edit(golden, (e) => {
        const note = parseNote(e.log.checkpoint);
        const first = note.signatures[0]!;
        first.signature = base64Decode(
          flippedBase64(base64Encode(first.signature), 0)
        );
        e.log.checkpoint = formatNote(note);
      }),
      want: invalid(['CHECKPOINT_SIGNATURE_INVALID', ['log', 'checkpoint']]),
    },
    'checkpoint-origin-other': {
      desc: 'the log key signed a checkpoint whose origin is not its name',
      evidence: evidenceFor(
        buildTestLog(standardLog().entries, 'elsewhere.truce.example'),
        GOLDEN_SPEC
      ),
      want: invalid(['CHECKPOINT_SIGNATURE_INVALID', ['log', 'checkpoint']]),
    },
    'checkpoint-malformed': {
      desc: 'the checkpoint note has no signature lines',
      evidence: edit(golden, (e) => {
        e.log.checkpoint = parseNote(e.log.checkpoint).text;
      }),
      want: invalid(['CHECKPOINT_MALFORMED', ['log', 'checkpoint']]),
    },
    // --- the entry
    'entry-signature-changed': {
      desc: "the observation's DSSE signature is changed in the file",
      evidence: edit(golden, (e) => {
        const entry = JSON.parse(utf8Decode(base64Decode(e.entry.bytes))) as {
          envelope: { signatures: { sig: string }[] };
        };
        const sig = entry.envelope.signatures[0]!;
        sig.sig = flippedBase64(sig.sig, 0);
        e.entry.bytes = base64Encode(utf8Encode(JSON.stringify(entry)));
      }),
      want: invalid(
        ['INCLUSION_PROOF_INVALID', ['entry']],
        ['OBSERVATION_SIGNATURE_INVALID', ['entry', 'bytes']]
      ),
    },
    'entry-index-changed': {
      desc: "the entry's index is changed to the next one",
      evidence: edit(golden, (e) => {
        e.entry.proof.index = 6;
      }),
      want: invalid(['INCLUSION_PROOF_INVALID', ['entry']]),
    },
    'entry-size-changed': {
      desc: "the entry's proof claims a larger tree",
      evidence: edit(golden, (e) => {
        e.entry.proof.size = 8;
      }),
      want: invalid(['INCLUSION_PROOF_INVALID', ['entry']]),
    },
    'entry-proof-hash-dropped': {
      desc: "the entry's proof lacks its last hash",
      evidence: edit(golden, (e) => {
        e.entry.proof.hashes.pop();
      }),
      want: invalid(['INCLUSION_PROOF_INVALID', ['entry']]),
    },
    'registry-proof-hash-changed': {
      desc: "a hash of the registration's proof is flipped",
      evidence: edit(golden, (e) => {
        const hashes = e.registry[0]!.proof.hashes;
        hashes[1] = flippedBase64(hashes[1]!, 31);
      }),
      want: invalid(['SENSOR_PROOF_INVALID', ['registry', 0]]),
    },
    // --- the sensor's registry entries
    'registry-missing': {
      desc: 'no registry entry for the sensor',
      evidence: evidenceFor(log, { index: 5, registry: [] }),
      want: invalid(['SENSOR_ENTRY_MISSING', ['registry']]),
    },
    'registry-missing-registration': {
      desc: 'the rotation without the registration',
      evidence: evidenceFor(log, { index: 5, registry: [3] }),
      want: invalid(
        ['SENSOR_ENTRY_MISSING', ['registry', 0]],
        ['SENSOR_ENTRY_MISSING', ['registry']]
      ),
    },
    'registry-missing-rotation': {
      desc: 'the registration without the rotation: the second key is unknown',
      evidence: evidenceFor(log, { index: 5, registry: [0] }),
      want: invalid(['OBSERVATION_SIGNATURE_INVALID', ['entry', 'bytes']]),
    },
    'registry-other-sensor': {
      desc: "another sensor's registration is included",
      evidence: evidenceFor(log, { index: 5, registry: [0, 1, 3] }),
      want: invalid(['SENSOR_ENTRY_UNEXPECTED', ['registry', 1]]),
    },
    'registry-not-registry': {
      desc: 'an observation is included as a registry entry',
      evidence: evidenceFor(log, { index: 5, registry: [0, 2, 3] }),
      want: invalid(['SENSOR_ENTRY_UNEXPECTED', ['registry', 1]]),
    },
    'registry-after-entry': {
      desc: 'the rotation logged after the observation is included',
      evidence: evidenceFor(log, { index: 2, registry: [0, 3] }),
      want: invalid(['SENSOR_ENTRY_UNEXPECTED', ['registry', 1]]),
    },
    'registry-duplicate': {
      desc: 'the registration is included twice',
      evidence: edit(golden, (e) => {
        e.registry.splice(1, 0, structuredClone(e.registry[0]!));
      }),
      want: invalid(['SENSOR_ENTRY_UNEXPECTED', ['registry', 1]]),
    },
    // --- logs that admitted what they should not have (all proofs valid)
    'forged-after-revocation': {
      desc: 'an observation logged after its sensor was revoked',
      evidence: evidenceFor(
        buildTestLog([
          registered(SENSOR, 'acoustic-017 key 1'),
          registered(OTHER_SENSOR, 'acoustic-018 key 1'),
          rotated(SENSOR, 'acoustic-017 key 2'),
          revoked(SENSOR),
          observed(SENSOR, 0, 'acoustic-017 key 2'),
        ]),
        { index: 4, registry: [0, 2, 3] }
      ),
      want: invalid(['SENSOR_REVOKED_BEFORE_ENTRY', ['entry']]),
    },
    'forged-old-key': forged(
      'an observation signed with the key the sensor rotated away from',
      observed(SENSOR, 0, 'acoustic-017 key 1'),
      invalid(['SENSOR_KEY_MISMATCH', ['entry', 'bytes']])
    ),
    'forged-keyid': forged(
      'an observation whose keyid names another sensor',
      observed(SENSOR, 0, 'acoustic-017 key 2', { keyid: OTHER_SENSOR }),
      invalid(['SENSOR_KEY_MISMATCH', ['entry', 'bytes']])
    ),
    'forged-signature': forged(
      'an observation with a signature by no key of the sensor',
      observed(SENSOR, 0, 'acoustic-017 key 2', { sig: new Uint8Array(64) }),
      invalid(['OBSERVATION_SIGNATURE_INVALID', ['entry', 'bytes']])
    ),
    'forged-noncanonical-entry': forged(
      'entry bytes that are JSON but not canonical',
      utf8Encode(`${utf8Decode(observed(SENSOR, 0, 'acoustic-017 key 2'))} `),
      invalid(['ENTRY_DECODE_FAILED', ['entry', 'bytes']])
    ),
    'forged-double-registration': {
      desc: 'the sensor is registered twice',
      evidence: evidenceFor(
        buildTestLog([
          registered(SENSOR, 'acoustic-017 key 1'),
          registered(SENSOR, 'acoustic-017 key 2'),
          observed(SENSOR, 0, 'acoustic-017 key 1'),
        ]),
        { index: 2, registry: [0, 1] }
      ),
      want: invalid(['SENSOR_HISTORY_INVALID', ['registry', 1]]),
    },
    'forged-rotation-unregistered': {
      desc: 'a key rotation of a sensor that was never registered',
      evidence: evidenceFor(
        buildTestLog([
          registered(OTHER_SENSOR, 'acoustic-018 key 1'),
          rotated(SENSOR, 'acoustic-017 key 2'),
        ]),
        { index: 1, registry: [] }
      ),
      want: invalid(['SENSOR_ENTRY_MISSING', ['registry']]),
    },
    'forged-rotation-after-revocation': {
      desc: 'a key rotation of a revoked sensor',
      evidence: evidenceFor(
        buildTestLog([
          registered(SENSOR, 'acoustic-017 key 1'),
          revoked(SENSOR),
          rotated(SENSOR, 'acoustic-017 key 2'),
        ]),
        { index: 2, registry: [0, 1] }
      ),
      want: invalid(['SENSOR_REVOKED_BEFORE_ENTRY', ['entry']]),
    },
    'forged-rotation-to-same-key': {
      desc: 'a key rotation to the key the sensor already holds',
      evidence: evidenceFor(
        buildTestLog([
          registered(SENSOR, 'acoustic-017 key 1'),
          rotated(SENSOR, 'acoustic-017 key 1'),
        ]),
        { index: 1, registry: [0] }
      ),
      want: invalid(['SENSOR_HISTORY_INVALID', ['entry']]),
    },
    'forged-history-after-revocation': {
      desc: 'a rotation after the revocation, then an observation',
      evidence: evidenceFor(
        buildTestLog([
          registered(SENSOR, 'acoustic-017 key 1'),
          revoked(SENSOR),
          rotated(SENSOR, 'acoustic-017 key 2'),
          observed(SENSOR, 0, 'acoustic-017 key 1'),
        ]),
        { index: 3, registry: [0, 1, 2] }
      ),
      want: invalid(
        ['SENSOR_HISTORY_INVALID', ['registry', 2]],
        ['SENSOR_REVOKED_BEFORE_ENTRY', ['entry']]
      ),
    },
    // --- unusable input (CLI exit 2)
    'unusable-not-json': {
      desc: 'not JSON',
      evidenceText: 'evidence: yes\n',
      want: unusable(['EVIDENCE_MALFORMED', []]),
    },
    'unusable-truncated': {
      desc: 'the golden file cut in half',
      evidenceText: goldenText.slice(0, goldenText.length / 2),
      want: unusable(['EVIDENCE_MALFORMED', []]),
    },
    'unusable-empty': {
      desc: 'an empty file',
      evidenceText: '',
      want: unusable(['EVIDENCE_MALFORMED', []]),
    },
    'unusable-array': {
      desc: 'a JSON array',
      evidenceText: '[]\n',
      want: unusable(['EVIDENCE_MALFORMED', []]),
    },
    'unusable-duplicate-name': {
      desc: 'a member name twice (not I-JSON)',
      evidenceText: goldenText.replace(
        '"kind": "entry",',
        '"kind": "entry", "kind": "entry",'
      ),
      want: unusable(['EVIDENCE_MALFORMED', []]),
    },
    'unusable-format-v2': {
      desc: 'a newer format version',
      evidence: { ...golden, format: 'truce-evidence/v2' },
      want: unusable(['EVIDENCE_FORMAT_UNSUPPORTED', ['format']]),
    },
    'unusable-kind-unknown': {
      desc: 'a kind this version does not know',
      evidence: { ...golden, kind: 'verdict' },
      want: unusable(['EVIDENCE_FORMAT_UNSUPPORTED', ['kind']]),
    },
    'unusable-unknown-field': {
      desc: 'a field v1 does not define',
      evidence: { ...golden, note: 'hello' },
      want: unusable(['EVIDENCE_MALFORMED', []]),
    },
    'unusable-missing-field': {
      desc: 'no registry field',
      evidence: { ...golden, registry: undefined },
      want: unusable(['EVIDENCE_MALFORMED', ['registry']]),
    },
    'unusable-bad-base64': {
      desc: 'entry bytes in URL-safe base64',
      evidence: edit(golden, (e) => {
        e.entry.bytes = `${e.entry.bytes.slice(0, -4)}-_==`;
      }),
      want: unusable(['EVIDENCE_MALFORMED', ['entry', 'bytes']]),
    },
    'unusable-short-hash': {
      desc: 'a proof hash of 31 bytes',
      evidence: edit(golden, (e) => {
        e.entry.proof.hashes[0] = base64Encode(new Uint8Array(31));
      }),
      want: unusable(['EVIDENCE_MALFORMED', ['entry', 'proof', 'hashes', 0]]),
    },
    'unusable-negative-index': {
      desc: 'a negative index',
      evidence: edit(golden, (e) => {
        e.entry.proof.index = -1;
      }),
      want: unusable(['EVIDENCE_MALFORMED', ['entry', 'proof', 'index']]),
    },
    'unusable-options': {
      desc: 'the trusted policy and a trusted key do not parse',
      options: { policy: 'quorum nobody\n', trust: [LOG_VKEY, 'not-a-key'] },
      evidence: golden,
      want: unusable(
        ['EVIDENCE_OPTIONS_INVALID', ['options', 'policy']],
        ['EVIDENCE_OPTIONS_INVALID', ['options', 'trust', 1]]
      ),
    },
  };
}
