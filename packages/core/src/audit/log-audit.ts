import { coreErrorOf } from '../errors.js';
import type { CheckResult } from '../errors.js';
import { ed25519Verify } from '../observation/ed25519.js';
import type { Ed25519Verify } from '../observation/ed25519.js';
import { openCheckpoint } from '../tlog/checkpoint.js';
import type { Checkpoint } from '../tlog/checkpoint.js';
import { verifyConsistency } from '../tlog/consistency-proof.js';
import type { NoteVerifier } from '../tlog/signed-note.js';
import { AuditIssues } from './audit-issue.js';
import type { AuditIssueCode } from './audit-issue.js';
import { EntryAuditor } from './entry-audit.js';
import { auditTree } from './tree-audit.js';
import type { TileFetcher, TreeHead } from './tree-audit.js';

export type LogAuditInput = {
  /** The signed checkpoint note, as served at `<prefix>/checkpoint`. */
  note: string;
  /** The log's key; its name must be the checkpoint's origin. */
  verifier: NoteVerifier;
  fetchTile: TileFetcher;
  /** What an earlier audit established; the log must extend it. */
  previous?: TreeHead;
  /**
   * Asks the log for its consistency proof between two sizes, so its proof
   * server is audited too; undefined when the log gave no usable proof.
   * Without it, consistency is still checked by recomputing the old root
   * from the entries.
   */
  fetchConsistencyProof?: (
    from: number,
    to: number
  ) => Promise<readonly Uint8Array[] | undefined>;
};

export type LogAuditOptions = {
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Signature check for observations; inject a faster one where there is one. */
  verify?: Ed25519Verify;
  /** Most issues reported about entries, and about tiles (default 100). */
  maxIssues?: number;
  /** Told after each tile or bundle arrives. */
  onProgress?: (done: number, total: number) => void;
};

/** What a passing audit covered. */
export type LogAudit = {
  checkpoint: Checkpoint;
  entries: number;
  registryEntries: number;
  observations: number;
};

export type LogAuditResult = CheckResult<LogAudit, AuditIssueCode>;

const SIGNATURE_CODES: readonly string[] = [
  'NOTE_SIGNATURE_INVALID',
  'NOTE_NO_VERIFIABLE_SIGNATURE',
];

function openHead(
  input: LogAuditInput,
  issues: AuditIssues
): Checkpoint | undefined {
  try {
    return openCheckpoint(input.note, input.verifier).checkpoint;
  } catch (error) {
    const { code, message } = coreErrorOf(error);
    const issue = SIGNATURE_CODES.includes(code)
      ? 'SIGNATURE_INVALID'
      : 'CHECKPOINT_INVALID';
    issues.add(issue, ['checkpoint'], `${code}: ${message}`);
    return undefined;
  }
}

async function checkProof(
  input: LogAuditInput,
  previous: TreeHead,
  head: Checkpoint,
  issues: AuditIssues
): Promise<void> {
  if (input.fetchConsistencyProof === undefined || previous.size === 0) return;
  const proof = await input.fetchConsistencyProof(previous.size, head.size);
  const path = ['consistencyProof'];
  if (proof === undefined) {
    const message = `the log gave no usable consistency proof from ${previous.size} to ${head.size}`;
    issues.add('CONSISTENCY_FAILED', path, message);
    return;
  }
  try {
    verifyConsistency({
      oldSize: previous.size,
      newSize: head.size,
      oldRoot: previous.rootHash,
      newRoot: head.rootHash,
      proof,
    });
  } catch (error) {
    const message = `the log's consistency proof from ${previous.size} to ${head.size} fails: ${coreErrorOf(error).message}`;
    issues.add('CONSISTENCY_FAILED', path, message);
  }
}

/**
 * Audits a whole tlog-tiles log from its signed checkpoint: the signature,
 * every hash tile and entry bundle against the tree recomputed from the
 * entries, every entry against the log's own rules (see EntryAuditor), and
 * consistency with an earlier audit. Returns the issues found (see
 * `maxIssues`); rejects only when `fetchTile` or `fetchConsistencyProof`
 * does.
 * @example
 * const result = await auditLog({ note, verifier, fetchTile });
 * if (!result.ok) for (const issue of result.issues) show(issue.code);
 */
export async function auditLog(
  input: LogAuditInput,
  options: LogAuditOptions = {}
): Promise<LogAuditResult> {
  const issues = new AuditIssues(options.maxIssues ?? 100);
  const fail = (): LogAuditResult => ({ ok: false, issues: issues.list });
  const checkpoint = openHead(input, issues);
  if (checkpoint === undefined) return fail();
  const { previous } = input;
  if (previous !== undefined) {
    if (checkpoint.size < previous.size) {
      issues.add(
        'SIZE_SHRANK',
        ['checkpoint'],
        `the log has ${checkpoint.size} entries; the previous audit saw ${previous.size}`
      );
      return fail();
    }
    await checkProof(input, previous, checkpoint, issues);
  }
  const entries = new EntryAuditor(issues, options.verify ?? ed25519Verify);
  await auditTree({
    head: checkpoint,
    previous,
    fetchTile: input.fetchTile,
    concurrency: options.concurrency ?? 8,
    issues,
    onEntry: (index, bytes) => entries.check(index, bytes),
    onProgress: options.onProgress ?? (() => {}),
  });
  if (issues.list.length > 0) return fail();
  return {
    ok: true,
    value: { checkpoint, entries: checkpoint.size, ...entries.counts },
  };
}
