import { bytesEqual, utf8Encode } from '../bytes.js';
import type { Ed25519Verify } from '../observation/ed25519.js';
import { parseCheckpoint } from '../tlog/checkpoint.js';
import type { Checkpoint } from '../tlog/checkpoint.js';
import { cosignatureVerifier } from '../tlog/cosignature.js';
import { noteVerifierFromKey } from '../tlog/note-verifier.js';
import { parseVerifierKey } from '../tlog/note-key.js';
import type { VerifierKey } from '../tlog/note-key.js';
import { parseNote } from '../tlog/signed-note.js';
import type { Note, NoteVerifier } from '../tlog/signed-note.js';
import { parseWitnessPolicy } from '../witness/policy.js';
import type { WitnessPolicy } from '../witness/policy.js';
import { evaluateQuorum } from '../witness/quorum.js';
import type { EvidenceIssues } from './evidence-issue.js';
import type { EntryEvidence } from './evidence-package.js';

/** What the checks on the log key, checkpoint and witnesses established. */
export type CheckpointFindings = {
  /** The checkpoint body, if the note and body parse. */
  checkpoint?: Checkpoint;
  /** Whether the log key's signature on the checkpoint verified. */
  logSigned: boolean;
  /** Policy witnesses whose cosignatures verified, in policy order. */
  cosigners: string[];
  quorum?: string;
};

export type CheckpointCheckInput = {
  /** The log and policy of any kind of file. */
  evidence: Pick<EntryEvidence, 'log' | 'policy'>;
  /** Trusted policy text that replaces the file's; already known to parse. */
  policy?: string;
  /** Trusted log keys, already parsed. */
  trust?: readonly VerifierKey[];
  verify: Ed25519Verify;
};

const LOG_KEY = ['log', 'vkey'];
const CHECKPOINT = ['log', 'checkpoint'];

/** Same key: name (the origin), key ID, type and public key. */
export function sameVerifierKey(a: VerifierKey, b: VerifierKey): boolean {
  return (
    a.name === b.name &&
    a.type === b.type &&
    bytesEqual(a.keyId, b.keyId) &&
    bytesEqual(a.publicKey, b.publicKey)
  );
}

// What core throws is always an Error (CoreError or a subclass).
function messageOf(err: unknown): string {
  return (err as Error).message;
}

function readLogKey(
  input: CheckpointCheckInput,
  issues: EvidenceIssues
): { key: VerifierKey; verifier: NoteVerifier } | undefined {
  let key: VerifierKey;
  let verifier: NoteVerifier;
  try {
    key = parseVerifierKey(input.evidence.log.vkey);
    verifier = noteVerifierFromKey(key, { ed25519Verify: input.verify });
  } catch (err) {
    issues.add('LOG_KEY_INVALID', LOG_KEY, messageOf(err));
    return undefined;
  }
  const { trust } = input;
  if (trust !== undefined && !trust.some((k) => sameVerifierKey(k, key))) {
    issues.add('LOG_KEY_UNTRUSTED', LOG_KEY, `${key.name} is not trusted`);
  }
  return { key, verifier };
}

function readCheckpoint(
  text: string,
  issues: EvidenceIssues
): { note: Note; checkpoint: Checkpoint } | undefined {
  try {
    const note = parseNote(text);
    return { note, checkpoint: parseCheckpoint(note.text) };
  } catch (err) {
    issues.add('CHECKPOINT_MALFORMED', CHECKPOINT, messageOf(err));
    return undefined;
  }
}

// As in Go's note.Open, a key's first signature line is the one that counts.
function firstSignatureBy(note: Note, verifier: NoteVerifier) {
  return note.signatures.find(
    (s) => s.name === verifier.name && bytesEqual(s.keyId, verifier.keyId)
  );
}

function verifiesNote(verifier: NoteVerifier, note: Note): boolean | undefined {
  const line = firstSignatureBy(note, verifier);
  if (line === undefined) return undefined;
  return verifier.verify(utf8Encode(note.text), line.signature);
}

function checkLogSignature(
  log: { key: VerifierKey; verifier: NoteVerifier },
  parsed: { note: Note; checkpoint: Checkpoint },
  issues: EvidenceIssues
): boolean {
  const verified = verifiesNote(log.verifier, parsed.note);
  let problem: string | undefined;
  if (verified === undefined) problem = `no signature by ${log.key.name}`;
  else if (!verified) problem = `the signature by ${log.key.name} is invalid`;
  else if (parsed.checkpoint.origin !== log.key.name) {
    problem = `origin ${parsed.checkpoint.origin} is not the log key's name`;
  }
  if (problem === undefined) return true;
  issues.add('CHECKPOINT_SIGNATURE_INVALID', CHECKPOINT, problem);
  return false;
}

function readPolicy(
  input: CheckpointCheckInput,
  issues: EvidenceIssues
): WitnessPolicy | undefined {
  try {
    return parseWitnessPolicy(input.policy ?? input.evidence.policy);
  } catch (err) {
    issues.add('POLICY_INVALID', ['policy'], messageOf(err));
    return undefined;
  }
}

function checkPolicyLog(
  policy: WitnessPolicy,
  key: VerifierKey,
  path: (string | number)[],
  issues: EvidenceIssues
): void {
  // parseWitnessPolicy accepted every log vkey.
  const listed = policy.logs.some((log) =>
    sameVerifierKey(parseVerifierKey(log.vkey), key)
  );
  if (!listed) {
    issues.add(
      'POLICY_LOG_MISMATCH',
      path,
      `the policy has no log line for ${key.name}`
    );
  }
}

// Every policy witness that signed is checked, not just enough of them: a
// known witness's bad signature means someone altered the note.
function checkCosignatures(
  policy: WitnessPolicy,
  note: Note,
  verify: Ed25519Verify,
  issues: EvidenceIssues
): string[] {
  const cosigners: string[] = [];
  for (const witness of policy.witnesses) {
    // parseWitnessPolicy accepted the vkey as a cosigner key.
    const verifier = cosignatureVerifier(witness.vkey, {
      ed25519Verify: verify,
    });
    const verified = verifiesNote(verifier, note);
    if (verified === true) cosigners.push(witness.name);
    else if (verified === false) {
      issues.add(
        'COSIGNATURE_INVALID',
        CHECKPOINT,
        `the cosignature by witness ${witness.name} is invalid`
      );
    }
  }
  return cosigners;
}

/**
 * Checks the log key (and that it is trusted), the checkpoint and its log
 * signature, the policy and its log line, each policy witness's
 * cosignature, and the quorum; adds an issue for each failure.
 */
export function checkCheckpoint(
  input: CheckpointCheckInput,
  issues: EvidenceIssues
): CheckpointFindings {
  const log = readLogKey(input, issues);
  const parsed = readCheckpoint(input.evidence.log.checkpoint, issues);
  const logSigned =
    log !== undefined &&
    parsed !== undefined &&
    checkLogSignature(log, parsed, issues);
  const findings: CheckpointFindings = {
    ...(parsed === undefined ? {} : { checkpoint: parsed.checkpoint }),
    logSigned,
    cosigners: [],
  };
  const policy = readPolicy(input, issues);
  if (policy === undefined) return findings;
  findings.quorum = policy.quorum;
  if (log !== undefined) {
    // A trusted policy that names another log is a mismatch of the file's
    // log key, which is where the path points.
    const path = input.policy === undefined ? ['policy'] : LOG_KEY;
    checkPolicyLog(policy, log.key, path, issues);
  }
  if (parsed === undefined) return findings;
  findings.cosigners = checkCosignatures(
    policy,
    parsed.note,
    input.verify,
    issues
  );
  const quorum = evaluateQuorum(policy, new Set(findings.cosigners));
  if (!quorum.met) {
    const who = findings.cosigners.join(', ') || 'no policy witness';
    issues.add(
      'QUORUM_NOT_MET',
      CHECKPOINT,
      `cosigned by ${who}; quorum ${policy.quorum} is not met`
    );
  }
  return findings;
}
