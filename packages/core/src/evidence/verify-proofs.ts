import { base64Decode, bytesEqual } from '../bytes.js';
import type { EvidenceErrorCode } from '../errors.js';
import type { Checkpoint } from '../tlog/checkpoint.js';
import { rootFromInclusionProof } from '../tlog/inclusion-proof.js';
import { hashLeaf } from '../tlog/merkle.js';
import type { EvidenceIssue, EvidenceIssues } from './evidence-issue.js';
import type { LoggedEntry } from './evidence-package.js';

/** A logged entry of the file, decoded, with where it sits and what its proof failure is called. */
export type ProvedEntry = {
  path: EvidenceIssue['path'];
  index: number;
  bytes: Uint8Array;
  code: Extract<
    EvidenceErrorCode,
    'INCLUSION_PROOF_INVALID' | 'SENSOR_PROOF_INVALID'
  >;
  item: LoggedEntry;
  /** The tree the proof leads to, once computed. */
  head?: { size: number; root: Uint8Array };
};

/** Decodes a logged entry; the file's schema already checked the base64. */
export function provedEntry(
  item: LoggedEntry,
  path: EvidenceIssue['path'],
  code: ProvedEntry['code']
): ProvedEntry {
  const bytes = base64Decode(item.bytes);
  return { path, index: item.proof.index, bytes, code, item };
}

function computeHead(entry: ProvedEntry, issues: EvidenceIssues): void {
  const { index, size, hashes } = entry.item.proof;
  try {
    const root = rootFromInclusionProof({
      leafHash: hashLeaf(entry.bytes),
      index,
      size,
      proof: hashes.map((hash) => base64Decode(hash)),
    });
    entry.head = { size, root };
  } catch (err) {
    issues.add(entry.code, entry.path, (err as Error).message);
  }
}

function sameHead(
  a: { size: number; root: Uint8Array },
  b: { size: number; root: Uint8Array }
): boolean {
  return a.size === b.size && bytesEqual(a.root, b.root);
}

/**
 * Checks that every entry's bytes and proof lead to the checkpoint's tree;
 * an issue's path is the entry, as nothing tells its bytes from its proof.
 * A changed entry byte, proof hash, index or size all show as the entry's
 * proof failing: the file carries no separate leaf hash to blame instead.
 * When the log signature does not verify and every proof leads to one
 * other tree, the checkpoint is what changed: one CHECKPOINT_ROOT_MISMATCH
 * instead of a proof issue per entry.
 */
export function checkProofs(
  entries: readonly ProvedEntry[],
  findings: { checkpoint?: Checkpoint; logSigned: boolean },
  issues: EvidenceIssues
): void {
  for (const entry of entries) computeHead(entry, issues);
  const { checkpoint } = findings;
  if (checkpoint === undefined) return;
  const signed = { size: checkpoint.size, root: checkpoint.rootHash };
  const heads = entries.filter((e) => e.head !== undefined);
  const off = heads.filter((e) => !sameHead(e.head!, signed));
  if (off.length === 0) return;
  const first = heads[0]!.head!;
  const agree = heads.every((e) => sameHead(e.head!, first));
  if (!findings.logSigned && agree && off.length === heads.length) {
    issues.add(
      'CHECKPOINT_ROOT_MISMATCH',
      ['log', 'checkpoint'],
      `every proof leads to another tree (size ${first.size}) than the checkpoint's`
    );
    return;
  }
  for (const entry of off) {
    const head = entry.head!;
    issues.add(
      entry.code,
      entry.path,
      head.size === signed.size
        ? `the proof for index ${entry.index} does not lead to the checkpoint's root`
        : `the proof is for tree size ${head.size}, the checkpoint's is ${signed.size}`
    );
  }
}
