import { base64Decode, base64Encode } from '../bytes.js';
import { HASH_SIZE, isUint, noteError } from './internal.js';
import { openNote, signNote } from './signed-note.js';
import type { NoteSigner, NoteVerifier, OpenedNote } from './signed-note.js';

// C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint "Note text").

/** A log's signed tree head: origin, tree size, root hash, extension lines. */
export type Checkpoint = {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  extensions: string[];
};

const DECIMAL = /^(0|[1-9][0-9]*)$/;

function malformed(message: string, cause?: unknown): never {
  throw noteError('CHECKPOINT_MALFORMED', message, cause);
}

function hasControl(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    if (line.charCodeAt(i) < 0x20) return true;
  }
  return false;
}

/** Formats a checkpoint body: origin, size, base64 root hash and extension lines, each ending in a newline. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, rootHash, extensions } = checkpoint;
  for (const line of [origin, ...extensions]) {
    if (typeof line !== 'string' || line === '' || hasControl(line)) {
      malformed('origin and extension lines must be non-empty single lines');
    }
  }
  if (!isUint(size)) malformed('tree size is not a safe non-negative integer');
  if (!(rootHash instanceof Uint8Array) || rootHash.length !== HASH_SIZE) {
    malformed(`root hash is not ${HASH_SIZE} bytes`);
  }
  return [origin, String(size), base64Encode(rootHash), ...extensions]
    .map((line) => `${line}\n`)
    .join('');
}

export type ParseCheckpointOptions = {
  /**
   * Root hash length to require; 32 (SHA-256, as tlog-tiles and Truce use)
   * unless a hash-agnostic caller says otherwise.
   */
  rootHashSize?: number;
};

/**
 * Parses a checkpoint body strictly: at least three non-empty lines, a
 * decimal size without leading zeros (at most 2^53 - 1 here), a canonical
 * base64 root hash of 32 bytes, and a final newline.
 */
export function parseCheckpoint(
  body: string,
  options: ParseCheckpointOptions = {}
): Checkpoint {
  const hashSize = options.rootHashSize ?? HASH_SIZE;
  if (typeof body !== 'string' || !body.endsWith('\n')) {
    malformed('checkpoint does not end in a newline');
  }
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) malformed('checkpoint has fewer than three lines');
  if (lines.some((line) => line === '' || hasControl(line))) {
    malformed('checkpoint has an empty line or a control character');
  }
  const [origin, sizeText, rootText, ...extensions] = lines as [
    string,
    string,
    string,
    ...string[],
  ];
  if (!DECIMAL.test(sizeText)) malformed('tree size is not canonical decimal');
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) malformed('tree size exceeds 2^53 - 1');
  let rootHash: Uint8Array;
  try {
    rootHash = base64Decode(rootText);
  } catch (error) {
    malformed('root hash is not canonical base64', error);
  }
  if (rootHash.length !== hashSize) {
    malformed(`root hash is not ${hashSize} bytes`);
  }
  return { origin, size, rootHash, extensions };
}

/** Signs a checkpoint as a note with the log key, whose name must be the origin (DESIGN §4.6). */
export function signCheckpoint(
  checkpoint: Checkpoint,
  signer: NoteSigner
): string {
  const body = formatCheckpoint(checkpoint);
  if (signer.name !== checkpoint.origin) {
    throw noteError(
      'CHECKPOINT_ORIGIN_MISMATCH',
      'log key name differs from the origin'
    );
  }
  return signNote(body, [signer]);
}

/**
 * Opens a signed checkpoint with the log's verifier: the log signature must
 * verify, and its key name must equal the origin line. Other signatures
 * (e.g. cosignatures) are returned unverified.
 */
export function openCheckpoint(
  note: string | Uint8Array,
  verifier: NoteVerifier
): { checkpoint: Checkpoint; note: OpenedNote } {
  const opened = openNote(note, [verifier]);
  const checkpoint = parseCheckpoint(opened.text);
  if (checkpoint.origin !== verifier.name) {
    throw noteError(
      'CHECKPOINT_ORIGIN_MISMATCH',
      'log key name differs from the origin'
    );
  }
  return { checkpoint, note: opened };
}
