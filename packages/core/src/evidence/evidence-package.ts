import { z } from 'zod';
import { base64Decode, base64Encode, utf8Decode } from '../bytes.js';
import { CoreError } from '../errors.js';
import { parseCheckpoint } from '../tlog/checkpoint.js';
import { parseNote } from '../tlog/signed-note.js';
import type { EvidenceIssue } from './evidence-issue.js';
import { parseIJson } from './i-json.js';

// The evidence file for one log entry (DESIGN 4.7), docs/evidence.md.
//
// Every logged entry the claim rests on travels as a LoggedEntry (its bytes
// and its RFC 9162 inclusion proof into the one checkpoint), so a verifier
// needs nothing but the file and, ideally, the keys and policy it trusts.
// The kind "finding" (finding-evidence.ts) keeps `format`, `log`, `policy`
// and `registry` as they are and adds its own fields (the finding, its
// sources, the agreement, the engine); `registry` then holds the registry
// entries of every source's sensor.

/** The `format` of every version 1 evidence file. */
export const EVIDENCE_FORMAT_V1 = 'truce-evidence/v1';

/** What a file can be evidence of: one log entry, or one finding (finding-evidence.ts). */
export const EVIDENCE_KINDS = ['entry', 'finding'] as const;

export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/**
 * Most hashes an inclusion proof may hold: a tree of at most 2^53 - 1
 * leaves is 53 levels deep. Bounds the work a hostile file can cause.
 */
export const EVIDENCE_MAX_PROOF_HASHES = 53;

function canonicalBase64(bytes?: number) {
  return z.string().refine(
    (text) => {
      try {
        const decoded = base64Decode(text);
        return bytes === undefined || decoded.length === bytes;
      } catch {
        return false;
      }
    },
    `must be canonical standard base64${bytes === undefined ? '' : ` of ${bytes} bytes`}`
  );
}

const uintSchema = z.int().min(0);

/** An entry as logged, with its inclusion proof into the file's checkpoint. */
export const loggedEntrySchema = z.strictObject({
  /** Base64 of the entry bytes, exactly as the log hashed them. */
  bytes: canonicalBase64(),
  proof: z.strictObject({
    index: uintSchema,
    /** Must equal the checkpoint's tree size. */
    size: uintSchema,
    hashes: z.array(canonicalBase64(32)).max(EVIDENCE_MAX_PROOF_HASHES),
  }),
});

/*
 * Unknown fields are rejected at every level, as in log entries: a field
 * this version ignored could be given a meaning by the next one, and two
 * verifiers would then read one file differently. A newer file fails
 * closed here (EVIDENCE_FORMAT_UNSUPPORTED or EVIDENCE_MALFORMED).
 */
export const entryEvidenceSchema = z.strictObject({
  format: z.literal(EVIDENCE_FORMAT_V1),
  kind: z.literal('entry'),
  log: z.strictObject({
    /** The log's verifier key (c2sp.org/signed-note vkey); its name is the origin. */
    vkey: z.string(),
    /** The signed checkpoint note, with witness cosignatures. */
    checkpoint: z.string(),
  }),
  /** The witness policy (c2sp.org/tlog-policy) the checkpoint was cosigned to. */
  policy: z.string(),
  /** The entry this file is evidence of. */
  entry: loggedEntrySchema,
  /**
   * For an entry about a sensor, every registry entry of that sensor logged
   * before it (registration, key rotations, revocation), ascending by index.
   */
  registry: z.array(loggedEntrySchema),
});

export type LoggedEntry = z.infer<typeof loggedEntrySchema>;

/** One self-contained evidence file for one log entry (format truce-evidence/v1). */
export type EntryEvidence = z.infer<typeof entryEvidenceSchema>;

/** The outcome of reading a file of one kind. */
export type EvidenceReadResult<T> =
  { ok: true; value: T } | { ok: false; issues: EvidenceIssue[] };

type ReadResult = EvidenceReadResult<EntryEvidence>;

function malformed(
  message: string,
  path: EvidenceIssue['path'] = []
): { ok: false; issues: EvidenceIssue[] } {
  return { ok: false, issues: [{ code: 'EVIDENCE_MALFORMED', path, message }] };
}

function parseText(input: string | Uint8Array): unknown {
  const text = typeof input === 'string' ? input : utf8Decode(input);
  return parseIJson(text);
}

// A file of another version or kind is "unsupported", not "malformed", so
// the CLI can say "upgrade" rather than "corrupt".
function unsupported(
  json: Record<string, unknown>,
  kinds: readonly unknown[]
): EvidenceIssue[] {
  const issues: EvidenceIssue[] = [];
  const { format, kind } = json;
  if (typeof format === 'string' && format !== EVIDENCE_FORMAT_V1) {
    issues.push({
      code: 'EVIDENCE_FORMAT_UNSUPPORTED',
      path: ['format'],
      message: `format ${JSON.stringify(format)} is not ${EVIDENCE_FORMAT_V1}`,
    });
  }
  if (typeof kind === 'string' && !kinds.includes(kind)) {
    issues.push({
      code: 'EVIDENCE_FORMAT_UNSUPPORTED',
      path: ['kind'],
      message: `kind ${JSON.stringify(kind)} is not supported`,
    });
  }
  return issues;
}

/**
 * Reads a file of one of `kinds` against `schema`: text (I-JSON), UTF-8
 * bytes or parsed JSON, returning EVIDENCE_MALFORMED and
 * EVIDENCE_FORMAT_UNSUPPORTED issues rather than throwing.
 */
export function readEvidenceAs<T>(
  input: unknown,
  kinds: readonly string[],
  schema: z.ZodType<T>
): EvidenceReadResult<T> {
  let json = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    try {
      json = parseText(input);
    } catch (err) {
      return malformed(`not a JSON file: ${(err as Error).message}`);
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return malformed('an evidence file is a JSON object');
  }
  const other = unsupported(json as Record<string, unknown>, kinds);
  if (other.length > 0) return { ok: false, issues: other };
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      code: 'EVIDENCE_MALFORMED',
      path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))),
      message: issue.message,
    })),
  };
}

/**
 * Reads an entry's evidence file given as text, UTF-8 bytes or parsed JSON,
 * returning issues (EVIDENCE_MALFORMED, EVIDENCE_FORMAT_UNSUPPORTED) rather
 * than throwing. Text must be I-JSON (no duplicate names). Another kind
 * (`finding`) is unsupported here: see readFindingEvidence.
 */
export function readEntryEvidence(input: unknown): ReadResult {
  return readEvidenceAs(input, ['entry'], entryEvidenceSchema);
}

/**
 * Parses an evidence file (text, UTF-8 bytes or parsed JSON), throwing
 * EVIDENCE_MALFORMED or EVIDENCE_FORMAT_UNSUPPORTED with the issues as
 * `cause`. It checks the shape only; `verifyEvidence` checks the content.
 */
export function parseEntryEvidence(input: unknown): EntryEvidence {
  const result = readEntryEvidence(input);
  if (result.ok) return result.value;
  const [first] = result.issues;
  const where = first!.path.length === 0 ? '' : ` at ${first!.path.join('.')}`;
  throw new CoreError(first!.code, `${first!.message}${where}`, {
    cause: result.issues,
  });
}

/** An entry as a server holds it: log index, bytes and inclusion proof. */
export type LoggedEntryInput = {
  index: number;
  bytes: Uint8Array;
  proof: readonly Uint8Array[];
};

/** The pieces a server has for one entry's evidence file. */
export type EntryEvidenceInput = {
  /** The log's verifier key. */
  logVkey: string;
  /** The checkpoint note as cosigned to the policy's quorum. */
  checkpoint: string;
  /** The witness policy text. */
  policy: string;
  /** The entry, with its proof into the checkpoint's tree. */
  entry: LoggedEntryInput;
  /**
   * Its sensor's registry entries logged before it, each with its proof
   * into the same tree; any order (the file lists them by index).
   */
  registry: readonly LoggedEntryInput[];
};

/** A LoggedEntry of a file whose checkpoint is for tree `size`. */
export function loggedEntry(
  input: LoggedEntryInput,
  size: number
): LoggedEntry {
  return {
    bytes: base64Encode(input.bytes),
    proof: {
      index: input.index,
      size,
      hashes: input.proof.map((hash) => base64Encode(hash)),
    },
  };
}

/** The tree size of a checkpoint note; throws EVIDENCE_MALFORMED. */
export function checkpointSize(note: string): number {
  try {
    return parseCheckpoint(parseNote(note).text).size;
  } catch (err) {
    throw new CoreError('EVIDENCE_MALFORMED', 'checkpoint does not parse', {
      cause: err,
    });
  }
}

/**
 * Assembles the evidence file for one entry from what the log holds; pure,
 * it checks the shape but proves nothing (that is `verifyEvidence`'s job).
 * Throws EVIDENCE_MALFORMED.
 *
 * @example
 * const file = formatEntryEvidence(buildEntryEvidence({ logVkey, checkpoint, policy, entry, registry }));
 */
export function buildEntryEvidence(input: EntryEvidenceInput): EntryEvidence {
  const size = checkpointSize(input.checkpoint);
  const registry = [...input.registry].sort((a, b) => a.index - b.index);
  const evidence: EntryEvidence = {
    format: EVIDENCE_FORMAT_V1,
    kind: 'entry',
    log: { vkey: input.logVkey, checkpoint: input.checkpoint },
    policy: input.policy,
    entry: loggedEntry(input.entry, size),
    registry: registry.map((item) => loggedEntry(item, size)),
  };
  return parseEntryEvidence(evidence);
}

/**
 * The file's text: two-space indented JSON and a final newline, so that
 * server, CLI and test vectors write the same bytes for the same evidence.
 */
export function formatEntryEvidence(evidence: EntryEvidence): string {
  return `${JSON.stringify(evidence, null, 2)}\n`;
}
