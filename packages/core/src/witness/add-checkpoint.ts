import { base64Decode, base64Encode, utf8Decode } from '../bytes.js';
import { CoreError } from '../errors.js';
import { parseCheckpoint } from '../tlog/checkpoint.js';
import type { Checkpoint } from '../tlog/checkpoint.js';
import { HASH_SIZE } from '../tlog/merkle.js';
import { parseNote } from '../tlog/signed-note.js';

// The add-checkpoint request body (c2sp.org/tlog-witness "add-checkpoint"):
// `old <size>\n`, up to 63 base64 proof hashes one per line, an empty
// line, then the signed checkpoint note.

/** The path a witness serves under its submission prefix. */
export const ADD_CHECKPOINT_PATH = '/add-checkpoint';
/** The client "MUST NOT send more than 63 consistency proof lines". */
export const ADD_CHECKPOINT_MAX_PROOF_LINES = 63;
/** Content type of a 409 answer, whose body is the witness's size and a newline. */
export const TLOG_SIZE_CONTENT_TYPE = 'text/x.tlog.size';

/** A parsed add-checkpoint request; nothing in it is verified yet. */
export type AddCheckpointRequest = {
  oldSize: number;
  proof: Uint8Array[];
  /** The signed checkpoint note, exactly as sent. */
  note: string;
  /** The note's checkpoint body, parsed. */
  checkpoint: Checkpoint;
};

const OLD_LINE = /^old (0|[1-9][0-9]*)$/;

function malformed(message: string, cause?: unknown): never {
  throw new CoreError(
    'WITNESS_REQUEST_MALFORMED',
    message,
    cause === undefined ? {} : { cause }
  );
}

function bodyText(body: string | Uint8Array): string {
  if (typeof body === 'string') return body;
  if (!(body instanceof Uint8Array))
    malformed('body is neither text nor bytes');
  // TextDecoder would drop a BOM silently; the body must start with `old `.
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) {
    malformed('body starts with a BOM');
  }
  try {
    return utf8Decode(body);
  } catch (error) {
    malformed('body is not valid UTF-8', error);
  }
}

function parseProofLine(line: string, index: number): Uint8Array {
  let hash: Uint8Array;
  try {
    hash = base64Decode(line);
  } catch (error) {
    malformed(`proof line ${index + 1} is not canonical base64`, error);
  }
  if (hash.length !== HASH_SIZE) {
    malformed(`proof line ${index + 1} is not a ${HASH_SIZE}-byte hash`);
  }
  return hash;
}

function parseCheckpointNote(note: string): Checkpoint {
  try {
    return parseCheckpoint(parseNote(note).text);
  } catch (error) {
    malformed('checkpoint is not a well-formed signed note', error);
  }
}

/** Parses an add-checkpoint body strictly, or throws WITNESS_REQUEST_MALFORMED. */
export function parseAddCheckpointRequest(
  body: string | Uint8Array
): AddCheckpointRequest {
  const text = bodyText(body);
  // The old size and proof lines are never empty, so the first empty line
  // ends them; checkpoint lines are never empty either.
  const end = text.indexOf('\n\n');
  if (end < 0) malformed('body has no empty line before the checkpoint');
  const [oldLine, ...proofLines] = text.slice(0, end).split('\n') as [
    string,
    ...string[],
  ];
  const old = OLD_LINE.exec(oldLine);
  if (old === null) malformed('first line is not "old <size>"');
  const oldSize = Number(old[1]);
  if (!Number.isSafeInteger(oldSize)) malformed('old size exceeds 2^53 - 1');
  if (proofLines.length > ADD_CHECKPOINT_MAX_PROOF_LINES) {
    malformed(`more than ${ADD_CHECKPOINT_MAX_PROOF_LINES} proof lines`);
  }
  const proof = proofLines.map(parseProofLine);
  const note = text.slice(end + 2);
  return { oldSize, proof, note, checkpoint: parseCheckpointNote(note) };
}

/** Formats an add-checkpoint body; the inverse of parseAddCheckpointRequest. */
export function formatAddCheckpointRequest(input: {
  oldSize: number;
  proof: readonly Uint8Array[];
  note: string;
}): string {
  const { oldSize, proof, note } = input;
  if (!Number.isSafeInteger(oldSize) || oldSize < 0) {
    malformed('old size is not a safe non-negative integer');
  }
  if (proof.length > ADD_CHECKPOINT_MAX_PROOF_LINES) {
    malformed(`more than ${ADD_CHECKPOINT_MAX_PROOF_LINES} proof hashes`);
  }
  const lines = proof.map((hash, i) => {
    if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
      malformed(`proof hash ${i + 1} is not ${HASH_SIZE} bytes`);
    }
    return `${base64Encode(hash)}\n`;
  });
  if (typeof note !== 'string') malformed('note is not text');
  parseCheckpointNote(note);
  return `old ${oldSize}\n${lines.join('')}\n${note}`;
}
