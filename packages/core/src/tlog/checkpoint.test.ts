/// <reference types="node" />
// Node types for reading the Sunlight test files (tests only).
import { readFileSync } from 'node:fs';
import { SHARED_DIR } from '@truce/testing';
import { describe, expect, it } from 'vitest';
import { base64Decode, utf8Decode, utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import {
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from './checkpoint.js';
import type { Checkpoint } from './checkpoint.js';
import { formatVerifierKey, publicKeyFromSeed } from './note-key.js';
import { ed25519SignerFromSeed, noteVerifierFromKey } from './note-verifier.js';
import { parseNote, signNote } from './signed-note.js';
import type { NoteSigner } from './signed-note.js';

const WITNESS_DIR = `${SHARED_DIR}/vectors/sunlight-skylight-testdata/cmd/skylight/testdata/witness`;
const ORIGIN_HASH =
  '000de184301123b9278c086a7d9f68c9577e83872224c197058fd90784ea9706';

const seed = new Uint8Array(32).fill(3);
const origin = 'log.truce.example/2026';
const signer = ed25519SignerFromSeed(origin, seed);
const verifier = noteVerifierFromKey(
  formatVerifierKey(origin, publicKeyFromSeed(seed))
);
const checkpoint: Checkpoint = {
  origin,
  size: 300,
  rootHash: base64Decode('gw31yQrqZZCcEOPrzX+bpy3nJ6QgngTKn8G1m0i62uU='),
  extensions: [],
};

describe('formatCheckpoint', () => {
  it('writes origin, size, base64 root and extensions, each ending in a newline', () => {
    expect(formatCheckpoint({ ...checkpoint, extensions: ['ext one'] })).toBe(
      `${origin}\n300\ngw31yQrqZZCcEOPrzX+bpy3nJ6QgngTKn8G1m0i62uU=\next one\n`
    );
  });

  describe.each([
    ['an empty origin', { origin: '' }],
    ['a multi-line origin', { origin: 'a\nb' }],
    ['an empty extension', { extensions: [''] }],
    ['a negative size', { size: -1 }],
    ['an unsafe size', { size: 2 ** 53 }],
    ['a short root hash', { rootHash: new Uint8Array(31) }],
  ])('when given %s', (_desc, change) => {
    it('throws CHECKPOINT_MALFORMED', () => {
      expect(() =>
        formatCheckpoint({ ...checkpoint, ...change })
      ).toThrowWithCode(CoreError, 'CHECKPOINT_MALFORMED');
    });
  });
});

describe('parseCheckpoint', () => {
  it('parses the transparency-dev/formats example with a 7-byte hash (VECTORS.md §7)', () => {
    const parsed = parseCheckpoint('Log\n123\nYmFuYW5hcw==\n', {
      rootHashSize: 7,
    });
    expect(parsed).toEqual({
      origin: 'Log',
      size: 123,
      rootHash: utf8Encode('bananas'),
      extensions: [],
    });
  });

  it('turns trailing lines into extensions', () => {
    const body = 'Log\n123\nYmFuYW5hcw==\nfoo\nbar baz\n';
    expect(parseCheckpoint(body, { rootHashSize: 7 }).extensions).toEqual([
      'foo',
      'bar baz',
    ]);
  });

  it('round-trips formatCheckpoint', () => {
    const body = formatCheckpoint({ ...checkpoint, size: 0 });
    expect(parseCheckpoint(body)).toEqual({ ...checkpoint, size: 0 });
  });

  it('accepts the largest safe size', () => {
    const body = formatCheckpoint({
      ...checkpoint,
      size: Number.MAX_SAFE_INTEGER,
    });
    expect(parseCheckpoint(body).size).toBe(Number.MAX_SAFE_INTEGER);
  });

  const root = 'gw31yQrqZZCcEOPrzX+bpy3nJ6QgngTKn8G1m0i62uU=';
  const invalid: [string, string][] = [
    ['two lines (formats "Head\\n9944\\n")', 'Head\n9944\n'],
    ['no final newline', `Log\n123\n${root}`],
    ['the 32-bit hash "bananas" by default', 'Log\n123\nYmFuYW5hcw==\n'],
    ['an empty origin', `\n123\n${root}\n`],
    ['an empty extension line', `Log\n123\n${root}\n\nx\n`],
    ['a leading zero', `Log\n0123\n${root}\n`],
    ['a plus sign', `Log\n+123\n${root}\n`],
    ['a negative size', `Log\n-1\n${root}\n`],
    ['a hex size', `Log\n0x10\n${root}\n`],
    ['a size with spaces', `Log\n 123\n${root}\n`],
    ['a size above 2^53 - 1', `Log\n9007199254740992\n${root}\n`],
    ['a uint64 size', `Log\n18446744073709551615\n${root}\n`],
    ['non-canonical base64', `Log\n1\n${root.replace('U=', 'V=')}\n`],
    ['base64 without padding', `Log\n1\n${root.slice(0, -1)}\n`],
    ['a carriage return', `Log\r\n1\n${root}\n`],
    ['a NUL in the origin', `Lo\u0000g\n1\n${root}\n`],
  ];
  describe.each(invalid)('when given %s', (_desc, body) => {
    it('throws CHECKPOINT_MALFORMED', () => {
      expect(() => parseCheckpoint(body)).toThrowWithCode(
        CoreError,
        'CHECKPOINT_MALFORMED'
      );
    });
  });

  it('parses the Sunlight witness and mirror checkpoints', () => {
    for (const dir of [WITNESS_DIR, `${WITNESS_DIR}/mirror`]) {
      const note = utf8Decode(
        new Uint8Array(readFileSync(`${dir}/${ORIGIN_HASH}/checkpoint`))
      );
      const parsed = parseCheckpoint(parseNote(note).text);
      expect(parsed.origin).toBe('rome2026h1.example.org');
      expect(parsed.size).toBe(300);
    }
  });
});

describe('signCheckpoint', () => {
  it('signs a note that openCheckpoint accepts', () => {
    const note = signCheckpoint(checkpoint, signer);
    const opened = openCheckpoint(note, verifier);
    expect(opened.checkpoint).toEqual(checkpoint);
    expect(opened.note.verified.map((s) => s.name)).toEqual([origin]);
  });

  describe('when the signer name differs from the origin', () => {
    it('throws CHECKPOINT_ORIGIN_MISMATCH', () => {
      expect(() =>
        signCheckpoint({ ...checkpoint, origin: 'other.example' }, signer)
      ).toThrowWithCode(CoreError, 'CHECKPOINT_ORIGIN_MISMATCH');
    });
  });
});

describe('openCheckpoint', () => {
  const note = signCheckpoint(checkpoint, signer);

  it('accepts bytes as well as text', () => {
    expect(openCheckpoint(utf8Encode(note), verifier).checkpoint.size).toBe(
      300
    );
  });

  describe('when the log key name is not the origin', () => {
    it('throws CHECKPOINT_ORIGIN_MISMATCH', () => {
      const other = ed25519SignerFromSeed('other.example', seed);
      const otherVerifier = noteVerifierFromKey(
        formatVerifierKey('other.example', publicKeyFromSeed(seed))
      );
      const body = formatCheckpoint(checkpoint);
      const forged = `${body}\n${signCheckpointLine(body, other)}`;
      expect(() => openCheckpoint(forged, otherVerifier)).toThrowWithCode(
        CoreError,
        'CHECKPOINT_ORIGIN_MISMATCH'
      );
    });
  });

  describe('when the checkpoint is altered', () => {
    it('throws NOTE_SIGNATURE_INVALID', () => {
      expect(() =>
        openCheckpoint(note.replace('\n300\n', '\n301\n'), verifier)
      ).toThrowWithCode(CoreError, 'NOTE_SIGNATURE_INVALID');
    });
  });

  describe('when another key signed it', () => {
    it('throws NOTE_NO_VERIFIABLE_SIGNATURE', () => {
      const stranger = ed25519SignerFromSeed(
        origin,
        new Uint8Array(32).fill(4)
      );
      const body = formatCheckpoint(checkpoint);
      expect(() =>
        openCheckpoint(
          `${body}\n${signCheckpointLine(body, stranger)}`,
          verifier
        )
      ).toThrowWithCode(CoreError, 'NOTE_NO_VERIFIABLE_SIGNATURE');
    });
  });

  describe('when the signed text is no checkpoint', () => {
    it('throws CHECKPOINT_MALFORMED', () => {
      const body = `${origin}\n300\n`;
      expect(() =>
        openCheckpoint(`${body}\n${signCheckpointLine(body, signer)}`, verifier)
      ).toThrowWithCode(CoreError, 'CHECKPOINT_MALFORMED');
    });
  });
});

// Signs any text with any key, bypassing signCheckpoint's origin check.
function signCheckpointLine(body: string, key: NoteSigner): string {
  return signNote(body, [key]).slice(body.length + 1);
}
