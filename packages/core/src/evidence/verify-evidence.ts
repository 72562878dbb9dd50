import { ed25519Verify } from '../observation/ed25519.js';
import type { Ed25519Verify } from '../observation/ed25519.js';
import { parseVerifierKey } from '../tlog/note-key.js';
import type { VerifierKey } from '../tlog/note-key.js';
import { base64Encode, utf8Decode } from '../bytes.js';
import { parseWitnessPolicy } from '../witness/policy.js';
import { EvidenceIssues } from './evidence-issue.js';
import type { EvidenceReport, EvidenceSummary } from './evidence-issue.js';
import { readEntryEvidence } from './evidence-package.js';
import { readFindingEvidence } from './finding-evidence.js';
import { checkFindingEvidence } from './finding-verify.js';
import { parseIJson } from './i-json.js';
import type { EntryEvidence } from './evidence-package.js';
import { checkCheckpoint } from './verify-checkpoint.js';
import type { CheckpointFindings } from './verify-checkpoint.js';
import { checkEntry } from './verify-entry.js';
import type { EntryFindings } from './verify-entry.js';
import { checkProofs, provedEntry } from './verify-proofs.js';

export type VerifyEvidenceOptions = {
  /**
   * Witness policy text the caller trusts; it replaces the file's policy,
   * which anyone producing a file could weaken.
   */
  policy?: string;
  /** Log verifier keys the caller trusts; the file's log key must be one. */
  trust?: readonly string[];
  /** Replaces the pure-JS Ed25519 verification (same strict semantics). */
  verify?: Ed25519Verify;
};

// A caller's verify that throws on odd input must not abort the report.
function safeVerify(verify: Ed25519Verify): Ed25519Verify {
  return (publicKey, message, signature) => {
    try {
      return verify(publicKey, message, signature) === true;
    } catch {
      return false;
    }
  };
}

// What core throws is always an Error (CoreError or a subclass).
function messageOf(err: unknown): string {
  return (err as Error).message;
}

// Bad options are the caller's input, checked before the file's, and make
// the run unusable rather than the file invalid.
function readOptions(
  options: VerifyEvidenceOptions,
  issues: EvidenceIssues
): VerifierKey[] | undefined {
  if (options.policy !== undefined) {
    try {
      parseWitnessPolicy(options.policy);
    } catch (err) {
      issues.add(
        'EVIDENCE_OPTIONS_INVALID',
        ['options', 'policy'],
        messageOf(err)
      );
    }
  }
  if (options.trust === undefined) return undefined;
  const keys: VerifierKey[] = [];
  options.trust.forEach((vkey, i) => {
    try {
      keys.push(parseVerifierKey(vkey));
    } catch (err) {
      issues.add(
        'EVIDENCE_OPTIONS_INVALID',
        ['options', 'trust', i],
        messageOf(err)
      );
    }
  });
  return keys;
}

function summarize(
  evidence: EntryEvidence,
  options: VerifyEvidenceOptions,
  checkpoint: Required<CheckpointFindings>,
  entry: EntryFindings
): EvidenceSummary {
  const { observation } = entry.subject;
  return {
    kind: 'entry',
    log: {
      origin: checkpoint.checkpoint.origin,
      vkey: evidence.log.vkey,
      size: checkpoint.checkpoint.size,
      rootHash: base64Encode(checkpoint.checkpoint.rootHash),
    },
    cosigners: checkpoint.cosigners,
    quorum: checkpoint.quorum,
    trusted: {
      logKey: options.trust !== undefined,
      policy: options.policy !== undefined,
    },
    entry: {
      index: evidence.entry.proof.index,
      value: entry.subject.entry,
      ...(observation === undefined ? {} : { observation }),
    },
    sensor: entry.sensor,
  };
}

// A finding's file goes to its own checks; anything else (text that does
// not parse included) to the entry reader, which says what is wrong.
function isFindingFile(file: unknown): boolean {
  let json = file;
  if (typeof file === 'string' || file instanceof Uint8Array) {
    try {
      json = parseIJson(typeof file === 'string' ? file : utf8Decode(file));
    } catch {
      return false;
    }
  }
  return (
    typeof json === 'object' &&
    json !== null &&
    (json as { kind?: unknown }).kind === 'finding'
  );
}

function verifyFinding(
  file: unknown,
  options: VerifyEvidenceOptions,
  trust: VerifierKey[] | undefined,
  issues: EvidenceIssues
): EvidenceReport {
  const read = readFindingEvidence(file);
  if (!read.ok) issues.list.push(...read.issues);
  if (!read.ok || issues.unusable) {
    return { ok: false, unusable: true, issues: issues.sorted() };
  }
  const summary = checkFindingEvidence(
    read.value,
    {
      ...(options.policy === undefined ? {} : { policy: options.policy }),
      ...(trust === undefined ? {} : { trust }),
      verify: safeVerify(options.verify ?? ed25519Verify),
    },
    {
      logKey: options.trust !== undefined,
      policy: options.policy !== undefined,
    },
    issues
  );
  if (summary === undefined || issues.list.length > 0) {
    return { ok: false, unusable: issues.unusable, issues: issues.sorted() };
  }
  return { ok: true, summary };
}

/**
 * Checks an evidence file for one log entry entirely offline: the log key
 * (against `trust`), the checkpoint's log signature, the witness
 * cosignatures against the policy's quorum (`policy` overrides the file's),
 * every inclusion proof, the entry's decoding, its sensor's registry
 * history and the observation's signature. A finding's file (kind
 * `finding`) gets those checks for every entry it holds, and the finding
 * is recomputed from them and compared (docs/evidence.md). Every problem
 * is reported, in check order; it never throws on bad input.
 *
 * @example
 * const report = verifyEvidence(fileText, { trust: [logVkey], policy });
 * const exit = report.ok ? 0 : report.unusable ? 2 : 1;
 */
export function verifyEvidence(
  file: unknown,
  options: VerifyEvidenceOptions = {}
): EvidenceReport {
  const issues = new EvidenceIssues();
  const trust = readOptions(options, issues);
  if (isFindingFile(file)) return verifyFinding(file, options, trust, issues);
  const read = readEntryEvidence(file);
  if (!read.ok) issues.list.push(...read.issues);
  if (!read.ok || issues.unusable) {
    return { ok: false, unusable: true, issues: issues.sorted() };
  }
  const evidence = read.value;
  const verify = safeVerify(options.verify ?? ed25519Verify);
  const checkpoint = checkCheckpoint(
    {
      evidence,
      ...(options.policy === undefined ? {} : { policy: options.policy }),
      ...(trust === undefined ? {} : { trust }),
      verify,
    },
    issues
  );
  const subject = provedEntry(
    evidence.entry,
    ['entry'],
    'INCLUSION_PROOF_INVALID'
  );
  const registry = evidence.registry.map((item, i) =>
    provedEntry(item, ['registry', i], 'SENSOR_PROOF_INVALID')
  );
  checkProofs([subject, ...registry], checkpoint, issues);
  const entry = checkEntry(subject, registry, verify, issues);
  if (issues.list.length > 0) {
    return { ok: false, unusable: false, issues: issues.sorted() };
  }
  // No issue means every part parsed, so each finding is present.
  return {
    ok: true,
    summary: summarize(
      evidence,
      options,
      checkpoint as Required<CheckpointFindings>,
      entry!
    ),
  };
}
