import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import {
  formatVerifierKey,
  parseVerifierKey,
  publicKeyFromSeed,
} from './note-key.js';
import {
  ecdsaNoteVerifier,
  ed25519NoteVerifier,
  ed25519SignerFromSeed,
  noteVerifierFromKey,
} from './note-verifier.js';
import { ed25519Verify } from '../observation/ed25519.js';
import { openNote, parseNote, signNote } from './signed-note.js';

// VECTORS.md §3: a Rekor v1 checkpoint signed with ECDSA P-256.
const REKOR_VKEY =
  'rekor.sigstore.dev+c0d23d6a+AjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABNhtmPtrWm3U1eQXBogSMdGvXwBcK5AW5i0hrZLOC96l+smGNM7nwZ4QvFK/4sueRoVj//QP22Ni4Qt9DPfkWLc=';
const REKOR_NOTE =
  'Rekor\n798034\nf+7CoKgXKE/tNys9TTXcr/ad6U/K3xvznmzew9y6SP0=\n\n' +
  '— rekor.sigstore.dev wNI9ajBEAiARInWIWyCdyG27CO6LPnPekyw20qO0YJfoaPaowGp/XgIgc+qEHS3+GKVClgqq20uDLet7MCoTURUCRdxwWBHHufk=\n';
const WITNESS_VKEY =
  'witness.example.org+b8a2cf20+BFLN3yikSfFkVAJtrnh/CiY3Zozkoy7clp+P7XB28qUN';

const seed = new Uint8Array(32).fill(1);
const signer = ed25519SignerFromSeed('log.example', seed);
const publicKey = publicKeyFromSeed(seed);
const TEXT = 'hello\n';

describe('ecdsaNoteVerifier', () => {
  it('verifies the Rekor checkpoint', () => {
    const opened = openNote(REKOR_NOTE, [noteVerifierFromKey(REKOR_VKEY)]);
    expect(opened.text).toBe(
      'Rekor\n798034\nf+7CoKgXKE/tNys9TTXcr/ad6U/K3xvznmzew9y6SP0=\n'
    );
  });

  describe('when the text is altered', () => {
    it('throws NOTE_SIGNATURE_INVALID', () => {
      const altered = REKOR_NOTE.replace('798034', '798035');
      expect(() =>
        openNote(altered, [noteVerifierFromKey(REKOR_VKEY)])
      ).toThrowWithCode(CoreError, 'NOTE_SIGNATURE_INVALID');
    });
  });

  it('returns false, never throws, on a malformed DER signature', () => {
    const key = parseVerifierKey(REKOR_VKEY);
    const verifier = ecdsaNoteVerifier(key.name, key.publicKey);
    expect(
      verifier.verify(utf8Encode(TEXT), new Uint8Array([0x30, 0xff]))
    ).toBe(false);
    // Even when handed something that is not bytes at all.
    const notBytes = 'x' as unknown as Uint8Array;
    expect(verifier.verify(utf8Encode(TEXT), notBytes)).toBe(false);
  });

  describe('when the SPKI is not P-256', () => {
    it('throws NOTE_KEY_INVALID', () => {
      expect(() =>
        ecdsaNoteVerifier('rekor', new Uint8Array(91))
      ).toThrowWithCode(CoreError, 'NOTE_KEY_INVALID');
    });
  });
});

describe('ed25519NoteVerifier', () => {
  it('verifies what ed25519SignerFromSeed signs', () => {
    const vkey = formatVerifierKey('log.example', publicKey);
    expect(parseVerifierKey(vkey).keyId).toEqual(signer.keyId);
    expect(
      openNote(signNote(TEXT, [signer]), [noteVerifierFromKey(vkey)]).verified
    ).toHaveLength(1);
  });

  it('uses an injected Ed25519 verify function', () => {
    const calls: number[] = [];
    const verifier = ed25519NoteVerifier('log.example', publicKey, {
      ed25519Verify: (publicKey, message, signature) => {
        calls.push(message.length);
        return ed25519Verify(publicKey, message, signature);
      },
    });
    openNote(signNote(TEXT, [signer]), [verifier]);
    expect(calls).toEqual([TEXT.length]);
  });

  it('returns false for a signature of the wrong length', () => {
    const verifier = ed25519NoteVerifier('log.example', publicKey);
    const [sig] = parseNote(signNote(TEXT, [signer])).signatures;
    expect(verifier.verify(utf8Encode(TEXT), sig!.signature.slice(1))).toBe(
      false
    );
  });

  describe('when the public key is not 32 bytes', () => {
    it('throws NOTE_KEY_INVALID', () => {
      expect(() =>
        ed25519NoteVerifier('a', new Uint8Array(31))
      ).toThrowWithCode(CoreError, 'NOTE_KEY_INVALID');
    });
  });
});

describe('ed25519Verify', () => {
  it('rejects a non-canonical S (RFC 8032 strict, as Go)', () => {
    const message = utf8Encode(TEXT);
    const sig = signer.sign(message);
    expect(ed25519Verify(publicKey, message, sig)).toBe(true);
    // S + L is the same scalar mod L but not canonical.
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(sig[32 + i]!);
    const big = s + L;
    const forged = sig.slice();
    for (let i = 0; i < 32; i++)
      forged[32 + i] = Number((big >> BigInt(8 * i)) & 0xffn);
    expect(ed25519Verify(publicKey, message, forged)).toBe(false);
  });

  it('returns false for malformed keys and signatures', () => {
    const notBytes = 'x'.repeat(64) as unknown as Uint8Array;
    expect(ed25519Verify(new Uint8Array(32), utf8Encode(TEXT), notBytes)).toBe(
      false
    );
    expect(
      ed25519Verify(
        new Uint8Array(32).fill(0xff),
        utf8Encode(TEXT),
        new Uint8Array(64)
      )
    ).toBe(false);
    expect(
      ed25519Verify(new Uint8Array(31), utf8Encode(TEXT), new Uint8Array(64))
    ).toBe(false);
  });
});

describe('ed25519SignerFromSeed', () => {
  describe.each([
    ['an invalid name', 'a b', seed],
    ['a short seed', 'a', new Uint8Array(16)],
  ])('when given %s', (_desc, name, badSeed) => {
    it('throws NOTE_KEY_INVALID', () => {
      expect(() => ed25519SignerFromSeed(name, badSeed)).toThrowWithCode(
        CoreError,
        'NOTE_KEY_INVALID'
      );
    });
  });
});

describe('noteVerifierFromKey', () => {
  it('accepts a parsed key as well as its text', () => {
    const verifier = noteVerifierFromKey(parseVerifierKey(REKOR_VKEY));
    expect(openNote(REKOR_NOTE, [verifier]).verified).toHaveLength(1);
  });

  describe('when given a cosignature (0x04) key', () => {
    it('throws NOTE_KEY_INVALID (use cosignatureVerifier)', () => {
      expect(() => noteVerifierFromKey(WITNESS_VKEY)).toThrowWithCode(
        CoreError,
        'NOTE_KEY_INVALID'
      );
    });
  });
});
