import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import { parseSignerKey } from './note-key.js';
import { ed25519SignerFromSeed, noteVerifierFromKey } from './note-verifier.js';
import {
  NOTE_MAX_SIGNATURES,
  formatNote,
  formatNoteSignature,
  isValidKeyName,
  openNote,
  parseNote,
  signNote,
} from './signed-note.js';
import type { NoteSigner, NoteVerifier } from './signed-note.js';

// VECTORS.md §1 (C2SP signed-note example) and §2 (golang.org/x/mod
// sumdb/note note_test.go).
const FOO_VKEY =
  'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const FOO_NOTE =
  'This is an example message.\n\n' +
  '— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';
const PETER_SKEY =
  'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY =
  'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_VKEY =
  'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT =
  'If you think cryptography is the answer to your problem,\n' +
  "then you don't know what your problem is.\n";
const PETER_SIG =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG =
  '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

const peterKey = parseSignerKey(PETER_SKEY);
const peter = ed25519SignerFromSeed(peterKey.name, peterKey.seed);
// EnochRoot's published key is the one of the all-zero seed (checked below).
const enoch = ed25519SignerFromSeed('EnochRoot', new Uint8Array(32));
const peterVerifier = noteVerifierFromKey(PETER_VKEY);
const enochVerifier = noteVerifierFromKey(ENOCH_VKEY);

describe('signNote', () => {
  it('reproduces the PeterNeumann signature line byte for byte', () => {
    expect(signNote(TEXT, [peter])).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it('reproduces both lines with PeterNeumann and EnochRoot', () => {
    expect(enoch.keyId).toEqual(enochVerifier.keyId);
    expect(signNote(TEXT, [peter, enoch])).toBe(
      `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`
    );
  });

  describe.each([
    ['text without a final newline', 'no newline'],
    ['text with a control character', 'tab\there\n'],
    ['text with a lone surrogate', 'bad \ud800\n'],
  ])('when given %s', (_desc, text) => {
    it('throws NOTE_MALFORMED', () => {
      expect(() => signNote(text, [peter])).toThrowWithCode(
        CoreError,
        'NOTE_MALFORMED'
      );
    });
  });

  describe('when given no signer', () => {
    it('throws NOTE_MALFORMED', () => {
      expect(() => signNote(TEXT, [])).toThrowWithCode(
        CoreError,
        'NOTE_MALFORMED'
      );
    });
  });

  describe('when a signer appears twice', () => {
    it('throws NOTE_KEY_INVALID', () => {
      expect(() => signNote(TEXT, [peter, peter])).toThrowWithCode(
        CoreError,
        'NOTE_KEY_INVALID'
      );
    });
  });

  describe('when a signer has an invalid name', () => {
    it('throws NOTE_KEY_INVALID', () => {
      const bad: NoteSigner = { ...peter, name: 'Peter Neumann' };
      expect(() => signNote(TEXT, [bad])).toThrowWithCode(
        CoreError,
        'NOTE_KEY_INVALID'
      );
    });
  });
});

describe('openNote', () => {
  it('verifies the C2SP example note', () => {
    const opened = openNote(FOO_NOTE, [noteVerifierFromKey(FOO_VKEY)]);
    expect(opened.text).toBe('This is an example message.\n');
    expect(opened.verified.map((s) => s.name)).toEqual(['example.com/foo']);
    expect(opened.unverified).toEqual([]);
  });

  it('verifies both Go vector signatures, from text or bytes', () => {
    const note = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    for (const input of [note, utf8Encode(note)]) {
      const opened = openNote(input, [peterVerifier, enochVerifier]);
      expect(opened.text).toBe(TEXT);
      expect(opened.verified).toHaveLength(2);
    }
  });

  it('ignores unknown keys and reports them unverified', () => {
    const opened = openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [
      enochVerifier,
    ]);
    expect(opened.verified.map((s) => s.name)).toEqual(['EnochRoot']);
    expect(opened.unverified.map((s) => s.name)).toEqual(['PeterNeumann']);
  });

  it('reports identical unknown signature lines once', () => {
    const opened = openNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}`, [
      enochVerifier,
    ]);
    expect(opened.unverified).toHaveLength(1);
  });

  it('ignores a key that shares only the name with a known key', () => {
    const other = ed25519SignerFromSeed(
      'PeterNeumann',
      new Uint8Array(32).fill(9)
    );
    const note = signNote(TEXT, [other, enoch]);
    const opened = openNote(note, [peterVerifier, enochVerifier]);
    expect(opened.unverified.map((s) => s.name)).toEqual(['PeterNeumann']);
  });

  it('lets the first signature of a key decide and skips repeats (as Go does)', () => {
    const repeated = `${TEXT}\n${PETER_SIG}${PETER_SIG.replace('ZInNIu', 'ZInNIv')}`;
    expect(openNote(repeated, [peterVerifier]).verified).toHaveLength(1);
  });

  describe('when a known key signature fails', () => {
    it('throws NOTE_SIGNATURE_INVALID for the whole note', () => {
      const note = `${TEXT.replace('answer', 'answers')}\n${PETER_SIG}${ENOCH_SIG}`;
      expect(() =>
        openNote(note, [peterVerifier, enochVerifier])
      ).toThrowWithCode(CoreError, 'NOTE_SIGNATURE_INVALID');
    });
  });

  describe('when a verifier throws', () => {
    it('throws NOTE_SIGNATURE_INVALID', () => {
      const throwing: NoteVerifier = {
        ...peterVerifier,
        verify: () => {
          throw new RangeError('boom');
        },
      };
      expect(() =>
        openNote(`${TEXT}\n${PETER_SIG}`, [throwing])
      ).toThrowWithCode(CoreError, 'NOTE_SIGNATURE_INVALID');
    });
  });

  describe('when only unknown keys signed', () => {
    it('throws NOTE_NO_VERIFIABLE_SIGNATURE', () => {
      expect(() =>
        openNote(`${TEXT}\n${PETER_SIG}`, [enochVerifier])
      ).toThrowWithCode(CoreError, 'NOTE_NO_VERIFIABLE_SIGNATURE');
    });
  });

  describe('when two verifiers share a name and key ID', () => {
    it('throws NOTE_KEY_INVALID', () => {
      expect(() =>
        openNote(`${TEXT}\n${PETER_SIG}`, [peterVerifier, peterVerifier])
      ).toThrowWithCode(CoreError, 'NOTE_KEY_INVALID');
    });
  });
});

describe('parseNote', () => {
  it('splits at the last blank line, keeping blank lines in the text', () => {
    const text = 'a\n\nb\n';
    const note = parseNote(`${text}\n${PETER_SIG}`);
    expect(note.text).toBe(text);
    expect(note.signatures[0]!.keyId).toEqual(peter.keyId);
  });

  it('accepts astral characters (surrogate pairs) in the text', () => {
    const text = 'cease-fire \u{1F54A}\n';
    const note = signNote(text, [peter]);
    expect(openNote(note, [peterVerifier]).text).toBe(text);
    expect(openNote(utf8Encode(note), [peterVerifier]).text).toBe(text);
  });

  it(`accepts ${NOTE_MAX_SIGNATURES} signatures`, () => {
    const sigs = PETER_SIG.repeat(NOTE_MAX_SIGNATURES);
    expect(parseNote(`${TEXT}\n${sigs}`).signatures).toHaveLength(
      NOTE_MAX_SIGNATURES
    );
  });

  const invalid: [string, string | Uint8Array][] = [
    ['more than 100 signatures', `${TEXT}\n${PETER_SIG.repeat(101)}`],
    ['a control character in the text', `${TEXT}\u0007\n${PETER_SIG}`],
    ['a carriage return', `${TEXT.replace('\n', '\r\n')}\n${PETER_SIG}`],
    ['a missing final newline', `${TEXT}\n${PETER_SIG.slice(0, -1)}`],
    ['no blank line', `${TEXT}${PETER_SIG}`],
    ['no signatures', `${TEXT}\n`],
    [
      'an empty signature line',
      `${TEXT}\n${PETER_SIG}\n`.replace(/\n\n$/, '\n \n'),
    ],
    [
      'a key name with a space',
      `${TEXT}\n${PETER_SIG.replace('PeterNeumann', 'Peter Neumann')}`,
    ],
    [
      'a key name with a plus',
      `${TEXT}\n${PETER_SIG.replace('PeterNeumann', 'Peter+Neumann')}`,
    ],
    [
      'a key name with a no-break space',
      `${TEXT}\n${PETER_SIG.replace('Peter', 'Peter\u00a0')}`,
    ],
    ['an empty key name', `${TEXT}\n— ${PETER_SIG.slice(15)}`],
    [
      'a hyphen instead of the em dash',
      `${TEXT}\n${PETER_SIG.replace('—', '-')}`,
    ],
    ['no space after the name', `${TEXT}\n— PeterNeumann\n`],
    ['bad base64', `${TEXT}\n— PeterNeumann x08go!==\n`],
    ['non-canonical base64', `${TEXT}\n— PeterNeumann AAAAAAB=\n`],
    ['a signature of four bytes', `${TEXT}\n— PeterNeumann AAAAAA==\n`],
    ['an empty signature', `${TEXT}\n— PeterNeumann \n`],
    ['a lone surrogate', `${TEXT}\ud800\n\n${PETER_SIG}`],
    ['a lone low surrogate', `${TEXT}\udc00\n\n${PETER_SIG}`],
    ['a high surrogate at the end', `${TEXT}\n${PETER_SIG}\ud800`],
    ['invalid UTF-8 bytes', new Uint8Array([0x61, 0xff, 0x0a, 0x0a])],
    ['a UTF-8 BOM', utf8Encode(`\ufeff${TEXT}\n${PETER_SIG}`)],
  ];
  describe.each(invalid)('when given %s', (_desc, note) => {
    it('throws NOTE_MALFORMED', () => {
      expect(() => parseNote(note)).toThrowWithCode(
        CoreError,
        'NOTE_MALFORMED'
      );
    });
  });

  describe('when given neither text nor bytes', () => {
    it('throws NOTE_MALFORMED', () => {
      expect(() => parseNote(42 as unknown as string)).toThrowWithCode(
        CoreError,
        'NOTE_MALFORMED'
      );
    });
  });
});

describe('formatNote', () => {
  it('inverts parseNote', () => {
    const note = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    expect(formatNote(parseNote(note))).toBe(note);
  });

  it('appends signatures, e.g. cosignature lines, to a signed note', () => {
    const signed = parseNote(signNote(TEXT, [peter]));
    const extra = parseNote(signNote(TEXT, [enoch])).signatures;
    const both = formatNote({
      ...signed,
      signatures: [...signed.signatures, ...extra],
    });
    expect(
      openNote(both, [peterVerifier, enochVerifier]).verified
    ).toHaveLength(2);
  });

  describe(`when given more than ${NOTE_MAX_SIGNATURES} signatures`, () => {
    it('throws NOTE_MALFORMED', () => {
      const [sig] = parseNote(`${TEXT}\n${PETER_SIG}`).signatures;
      expect(() =>
        formatNote({
          text: TEXT,
          signatures: Array.from({ length: 101 }, () => sig!),
        })
      ).toThrowWithCode(CoreError, 'NOTE_MALFORMED');
    });
  });
});

describe('formatNoteSignature', () => {
  it('formats the line with its final newline', () => {
    const [sig] = parseNote(`${TEXT}\n${PETER_SIG}`).signatures;
    expect(formatNoteSignature(sig!)).toBe(PETER_SIG);
  });

  describe('when the key ID is not 4 bytes', () => {
    it('throws NOTE_MALFORMED', () => {
      expect(() =>
        formatNoteSignature({
          name: 'a',
          keyId: new Uint8Array(3),
          signature: new Uint8Array(1),
        })
      ).toThrowWithCode(CoreError, 'NOTE_MALFORMED');
    });
  });

  describe('when the name is invalid', () => {
    it('throws NOTE_KEY_INVALID', () => {
      expect(() =>
        formatNoteSignature({
          name: '',
          keyId: new Uint8Array(4),
          signature: new Uint8Array(1),
        })
      ).toThrowWithCode(CoreError, 'NOTE_KEY_INVALID');
    });
  });
});

describe('isValidKeyName', () => {
  it.each(['example.com/foo', 'PeterNeumann', 'oid/1.3.6', 'ünïcødé'])(
    'accepts %j',
    (name) => {
      expect(isValidKeyName(name)).toBe(true);
    }
  );

  it.each(['', 'a b', 'a+b', 'a\tb', 'a\u3000b', 'a\u2028b', 'a\u0000b'])(
    'rejects %j',
    (name) => {
      expect(isValidKeyName(name)).toBe(false);
    }
  );
});
