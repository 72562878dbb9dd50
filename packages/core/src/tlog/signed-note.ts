import {
  base64Decode,
  base64Encode,
  bytesConcat,
  hexEncode,
  utf8Decode,
  utf8Encode,
} from '../bytes.js';
import { noteError } from './internal.js';

// C2SP signed-note (c2sp.org/signed-note), with the verification semantics
// of golang.org/x/mod/sumdb/note.

/** Most signature lines a note may carry (the Go implementation's limit). */
export const NOTE_MAX_SIGNATURES = 100;

/** One signature line: key name, 4-byte key ID and the signature proper. */
export type NoteSignature = {
  name: string;
  keyId: Uint8Array;
  signature: Uint8Array;
};

/** A parsed, not yet verified, note. */
export type Note = { text: string; signatures: NoteSignature[] };

/** A note whose text a trusted key vouched for. */
export type OpenedNote = {
  text: string;
  /** Signatures by known keys, each verified (one per key). */
  verified: NoteSignature[];
  /** Signatures by keys the caller did not pass in; not checked. */
  unverified: NoteSignature[];
};

/** Checks signatures of one key over note text. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: Uint8Array;
  /** `signature` excludes the key ID; false (never throw) when it does not verify. */
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** Signs note text with one key. */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: Uint8Array;
  /** Returns the signature bytes that follow the key ID. */
  sign(message: Uint8Array): Uint8Array;
}

const EM_DASH_SPACE = '\u2014 ';
// Go's unicode.IsSpace: ASCII spaces, U+0085, U+00A0 and categories Z*.
const UNICODE_SPACE =
  /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;

function malformed(message: string, cause?: unknown): never {
  throw noteError('NOTE_MALFORMED', message, cause);
}

/** True for a key name: non-empty, no Unicode space, no `+`, no control characters. */
export function isValidKeyName(name: string): boolean {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    !name.includes('+') &&
    !UNICODE_SPACE.test(name) &&
    isValidNoteText(name)
  );
}

/** True when a string has no lone surrogates (i.e. encodes to valid UTF-8) and no control characters other than newline. */
function isValidNoteText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

function noteString(note: string | Uint8Array): string {
  if (typeof note === 'string') return note;
  if (!(note instanceof Uint8Array)) {
    malformed('note is neither text nor bytes');
  }
  let text: string;
  try {
    text = utf8Decode(note);
  } catch (error) {
    malformed('note is not valid UTF-8', error);
  }
  // TextDecoder drops a leading BOM; the signed bytes must be kept exactly.
  if (utf8Encode(text).length !== note.length) {
    malformed('note starts with a BOM');
  }
  return text;
}

/**
 * Parses a signed note strictly (c2sp.org/signed-note "Format"): valid
 * UTF-8, no control characters but newline, text ending in a newline, a
 * blank line, then 1 to 100 lines `— <name> <base64(keyID || sig)>`.
 */
export function parseNote(note: string | Uint8Array): Note {
  const msg = noteString(note);
  if (!isValidNoteText(msg)) {
    malformed('note has control characters or invalid UTF-8');
  }
  // The text ends at the last blank line; it keeps its final newline.
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) malformed('note has no blank line before its signatures');
  const text = msg.slice(0, split + 1);
  const block = msg.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) {
    malformed('note has no signatures or lacks a final newline');
  }
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > NOTE_MAX_SIGNATURES) {
    malformed('note has too many signatures');
  }
  const signatures = lines.map((line): NoteSignature => {
    if (!line.startsWith(EM_DASH_SPACE)) malformed('signature line lacks "— "');
    const rest = line.slice(EM_DASH_SPACE.length);
    const space = rest.indexOf(' ');
    if (space < 0) malformed('signature line lacks a space after the name');
    const name = rest.slice(0, space);
    const encoded = rest.slice(space + 1);
    if (!isValidKeyName(name)) {
      malformed('signature line has an invalid key name');
    }
    let bytes: Uint8Array;
    try {
      bytes = base64Decode(encoded);
    } catch (error) {
      malformed('signature is not canonical base64', error);
    }
    if (bytes.length < 5) {
      malformed('signature is shorter than key ID plus one byte');
    }
    return { name, keyId: bytes.slice(0, 4), signature: bytes.slice(4) };
  });
  return { text, signatures };
}

/** Formats one signature line, including its final newline. */
export function formatNoteSignature(signature: NoteSignature): string {
  if (!isValidKeyName(signature.name)) {
    throw noteError('NOTE_KEY_INVALID', 'invalid key name');
  }
  if (signature.keyId.length !== 4 || signature.signature.length < 1) {
    throw noteError(
      'NOTE_MALFORMED',
      'signature needs a 4-byte key ID and a body'
    );
  }
  const blob = base64Encode(bytesConcat(signature.keyId, signature.signature));
  return `${EM_DASH_SPACE}${signature.name} ${blob}\n`;
}

function assertNoteText(text: string): void {
  if (
    typeof text !== 'string' ||
    !text.endsWith('\n') ||
    !isValidNoteText(text)
  ) {
    malformed(
      'note text must be valid, end in a newline and have no control characters'
    );
  }
}

/** Formats text and signatures as a signed note (the inverse of parseNote). */
export function formatNote(note: Note): string {
  assertNoteText(note.text);
  if (
    note.signatures.length < 1 ||
    note.signatures.length > NOTE_MAX_SIGNATURES
  ) {
    malformed(`a note carries 1 to ${NOTE_MAX_SIGNATURES} signatures`);
  }
  return `${note.text}\n${note.signatures.map(formatNoteSignature).join('')}`;
}

function keyOf(name: string, keyId: Uint8Array): string {
  return `${name}+${hexEncode(keyId)}`;
}

/** Signs `text` (ending in a newline) with each signer and returns the signed note. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  assertNoteText(text);
  const message = utf8Encode(text);
  const seen = new Set<string>();
  const signatures = signers.map((signer) => {
    const key = keyOf(signer.name, signer.keyId);
    if (seen.has(key)) {
      throw noteError('NOTE_KEY_INVALID', `duplicate signer ${key}`);
    }
    seen.add(key);
    return {
      name: signer.name,
      keyId: signer.keyId,
      signature: signer.sign(message),
    };
  });
  return formatNote({ text, signatures });
}

function verifies(
  verifier: NoteVerifier,
  message: Uint8Array,
  signature: Uint8Array
): boolean {
  try {
    return verifier.verify(message, signature) === true;
  } catch {
    return false;
  }
}

/**
 * Parses a note and verifies it with the known keys, like Go's note.Open:
 * signatures by unknown keys are ignored and returned as unverified, a
 * known key's first signature must verify or the whole note is rejected
 * (NOTE_SIGNATURE_INVALID), and at least one must verify
 * (NOTE_NO_VERIFIABLE_SIGNATURE).
 */
export function openNote(
  note: string | Uint8Array,
  verifiers: readonly NoteVerifier[]
): OpenedNote {
  const known = new Map<string, NoteVerifier>();
  for (const verifier of verifiers) {
    const key = keyOf(verifier.name, verifier.keyId);
    if (known.has(key)) {
      throw noteError('NOTE_KEY_INVALID', `ambiguous verifiers for ${key}`);
    }
    known.set(key, verifier);
  }
  const { text, signatures } = parseNote(note);
  const message = utf8Encode(text);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seenKeys = new Set<string>();
  const seenLines = new Set<string>();
  for (const signature of signatures) {
    const key = keyOf(signature.name, signature.keyId);
    const verifier = known.get(key);
    if (verifier === undefined) {
      // Identical unknown lines are reported once.
      const line = `${key} ${base64Encode(signature.signature)}`;
      if (!seenLines.has(line)) unverified.push(signature);
      seenLines.add(line);
      continue;
    }
    // As in Go, a key's first signature decides; repeats are skipped.
    if (seenKeys.has(key)) continue;
    seenKeys.add(key);
    if (!verifies(verifier, message, signature.signature)) {
      throw noteError(
        'NOTE_SIGNATURE_INVALID',
        `signature by ${key} does not verify`
      );
    }
    verified.push(signature);
  }
  if (verified.length === 0) {
    throw noteError(
      'NOTE_NO_VERIFIABLE_SIGNATURE',
      'no signature by a known key'
    );
  }
  return { text, verified, unverified };
}
