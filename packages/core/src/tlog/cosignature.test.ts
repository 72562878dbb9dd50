/// <reference types="node" />
// Node types for reading the Sunlight test files (tests only).
import { readFileSync } from 'node:fs';
import { SHARED_DIR } from '@truce/testing';
import { describe, expect, it } from 'vitest';
import { hexEncode, utf8Decode, utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import { sha256 } from '../hash.js';
import {
  formatCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from './checkpoint.js';
import {
  COSIGNATURE_V1_HEADER,
  cosignatureKeyId,
  cosignatureMessage,
  cosignatureSigner,
  cosignatureTimestamp,
  cosignatureVerifier,
  signCosignature,
} from './cosignature.js';
import { parseVerifierKey } from './note-key.js';
import { ed25519Verify } from '../observation/ed25519.js';
import { ed25519SignerFromSeed } from './note-verifier.js';
import {
  formatNote,
  formatNoteSignature,
  openNote,
  parseNote,
} from './signed-note.js';

// VECTORS.md §4 and §6 (FiloSottile/sunlight cmd/skylight/testdata).
const WITNESS_DIR = `${SHARED_DIR}/vectors/sunlight-skylight-testdata/cmd/skylight/testdata/witness`;
const ORIGIN_HASH =
  '000de184301123b9278c086a7d9f68c9577e83872224c197058fd90784ea9706';
const WITNESS_VKEY =
  'witness.example.org+b8a2cf20+BFLN3yikSfFkVAJtrnh/CiY3Zozkoy7clp+P7XB28qUN';
const MIRROR_VKEY =
  'mirror.example.org+3fb148ef+BAAjjch9GyYz0sJsJx7ALhbdAtz2ov0unbzSl1vMp94O';
const WITNESS_SEED = sha256(utf8Encode('skylight test witness key'));
const TIME = 1767139200;
const BODY =
  'rome2026h1.example.org\n300\nlCkHUpkmVBEms2r2T1K6Og69+wUuuN3MIEW1/ezu2v0=\n';
const WITNESS_LINE =
  '— witness.example.org uKLPIAAAAABpVGeAhm2bOvKc3LaB9PFN1ruG19Y5yqslmcAAbhftnn1Zznmo0LXFZq4LGvqKqLX8jWlwLKasxEGTLIqAVusneCBmBw==\n';
// transparency-dev/witness README: a real ArmoredWitness cosignature,
// published with a type-0x01 vkey.
const AW_VKEY =
  'ArmoredWitness-small-breeze+7b3ada3a+AQAWYpUjfGGPQiWOgt6sLWap0P9rVOe+Ofu2uNZbO4FD';
const AW_NOTE =
  'developers.google.com/android/binary_transparency/0\n611\n2GZ1zmS5VkfUZmn2ZyR4KZXwHLD+xnwBIWzql/cD50w=\n\n' +
  '— ArmoredWitness-small-breeze nRq5UQAAAABnoqrsRIofXn68vTohcAm2KG4ACGyRPNePUk02BSWD0WKV5ElejTk5Z+Tm3GmJ5j/etA+fkL9XuaQsnTyZbr437sF4AQ==\n';

const read = (path: string) => utf8Decode(new Uint8Array(readFileSync(path)));

describe('signCosignature', () => {
  it('reproduces the Sunlight witness line byte for byte', () => {
    const sig = signCosignature({
      body: BODY,
      name: 'witness.example.org',
      seed: WITNESS_SEED,
      timestamp: TIME,
    });
    expect(formatNoteSignature(sig)).toBe(WITNESS_LINE);
    expect(cosignatureTimestamp(sig)).toBe(TIME);
  });

  describe('when the body is no checkpoint', () => {
    it('throws CHECKPOINT_MALFORMED', () => {
      expect(() =>
        signCosignature({
          body: 'hello\n',
          name: 'w',
          seed: WITNESS_SEED,
          timestamp: TIME,
        })
      ).toThrowWithCode(CoreError, 'CHECKPOINT_MALFORMED');
    });
  });

  describe.each([-1, 1.5, 2 ** 53])('when the timestamp is %s', (timestamp) => {
    it('throws COSIGNATURE_MALFORMED', () => {
      expect(() =>
        signCosignature({
          body: BODY,
          name: 'w',
          seed: WITNESS_SEED,
          timestamp,
        })
      ).toThrowWithCode(CoreError, 'COSIGNATURE_MALFORMED');
    });
  });

  describe('when the name is invalid', () => {
    it('throws NOTE_KEY_INVALID', () => {
      expect(() =>
        signCosignature({
          body: BODY,
          name: 'a b',
          seed: WITNESS_SEED,
          timestamp: TIME,
        })
      ).toThrowWithCode(CoreError, 'NOTE_KEY_INVALID');
    });
  });
});

describe('cosignatureMessage', () => {
  describe('when the timestamp is negative', () => {
    it('throws COSIGNATURE_MALFORMED', () => {
      expect(() => cosignatureMessage(BODY, -1)).toThrowWithCode(
        CoreError,
        'COSIGNATURE_MALFORMED'
      );
    });
  });

  it('prefixes the header and the time line', () => {
    expect(utf8Decode(cosignatureMessage(BODY, TIME))).toBe(
      `${COSIGNATURE_V1_HEADER}time ${TIME}\n${BODY}`
    );
  });
});

describe('cosignatureVerifier', () => {
  it('verifies the cosignature in the Sunlight witness checkpoint', () => {
    const note = read(`${WITNESS_DIR}/${ORIGIN_HASH}/checkpoint`);
    const opened = openNote(note, [cosignatureVerifier(WITNESS_VKEY)]);
    expect(opened.text).toBe(BODY);
    expect(opened.verified.map((s) => s.name)).toEqual(['witness.example.org']);
    // The log's own RFC 6962 signature (type 0x05) is an unknown key here.
    expect(opened.unverified.map((s) => s.name)).toEqual([
      'rome2026h1.example.org',
    ]);
    expect(cosignatureTimestamp(opened.verified[0]!)).toBe(TIME);
  });

  it('verifies the mirror cosignature over the 300-leaf checkpoint', () => {
    const note = read(`${WITNESS_DIR}/mirror/${ORIGIN_HASH}/checkpoint`);
    const opened = openNote(note, [cosignatureVerifier(MIRROR_VKEY)]);
    expect(parseCheckpoint(opened.text).size).toBe(300);
    expect(cosignatureTimestamp(opened.verified[0]!)).toBe(TIME);
  });

  it('verifies the real ArmoredWitness cosignature from its 0x01 vkey', () => {
    const verifier = cosignatureVerifier(AW_VKEY);
    expect(hexEncode(verifier.keyId)).toBe('9d1ab951');
    const opened = openNote(AW_NOTE, [verifier]);
    expect(cosignatureTimestamp(opened.verified[0]!)).toBe(0x67a2aaec);
  });

  it('keys a type-0x01 vkey with 0x04, so the log signature is not mistaken for it', () => {
    const key = parseVerifierKey(AW_VKEY);
    expect(hexEncode(key.keyId)).toBe('7b3ada3a');
    expect(cosignatureVerifier(AW_VKEY).keyId).toEqual(
      cosignatureKeyId(key.name, key.publicKey)
    );
  });

  it('uses an injected Ed25519 verify function', () => {
    let calls = 0;
    const verifier = cosignatureVerifier(WITNESS_VKEY, {
      ed25519Verify: (...args) => {
        calls++;
        return ed25519Verify(...args);
      },
    });
    openNote(`${BODY}\n${WITNESS_LINE}`, [verifier]);
    expect(calls).toBe(1);
  });

  describe('when the checkpoint body is altered', () => {
    it('throws NOTE_SIGNATURE_INVALID', () => {
      const note = `${BODY.replace('300', '301')}\n${WITNESS_LINE}`;
      expect(() =>
        openNote(note, [cosignatureVerifier(WITNESS_VKEY)])
      ).toThrowWithCode(CoreError, 'NOTE_SIGNATURE_INVALID');
    });
  });

  describe('when the timestamp is altered', () => {
    it('throws NOTE_SIGNATURE_INVALID', () => {
      const note = `${BODY}\n${WITNESS_LINE.replace('pVGeA', 'pVGeB')}`;
      expect(() =>
        openNote(note, [cosignatureVerifier(WITNESS_VKEY)])
      ).toThrowWithCode(CoreError, 'NOTE_SIGNATURE_INVALID');
    });
  });

  it('returns false for a wrong length or an unsafe timestamp', () => {
    const verifier = cosignatureVerifier(WITNESS_VKEY);
    const [sig] = parseNote(`${BODY}\n${WITNESS_LINE}`).signatures;
    const message = utf8Encode(BODY);
    expect(verifier.verify(message, sig!.signature.slice(1))).toBe(false);
    const huge = sig!.signature.slice();
    huge.fill(0xff, 0, 8);
    expect(verifier.verify(message, huge)).toBe(false);
  });

  describe('when a parsed key has a malformed public key', () => {
    it('throws NOTE_KEY_INVALID', () => {
      const key = {
        ...parseVerifierKey(WITNESS_VKEY),
        publicKey: new Uint8Array(31),
      };
      expect(() => cosignatureVerifier(key)).toThrowWithCode(
        CoreError,
        'NOTE_KEY_INVALID'
      );
    });
  });

  describe('when the key is ECDSA', () => {
    it('throws NOTE_KEY_INVALID', () => {
      const rekor =
        'rekor.sigstore.dev+c0d23d6a+AjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABNhtmPtrWm3U1eQXBogSMdGvXwBcK5AW5i0hrZLOC96l+smGNM7nwZ4QvFK/4sueRoVj//QP22Ni4Qt9DPfkWLc=';
      expect(() => cosignatureVerifier(rekor)).toThrowWithCode(
        CoreError,
        'NOTE_KEY_INVALID'
      );
    });
  });
});

describe('cosignatureSigner', () => {
  it('adds a witness line to a log-signed checkpoint', () => {
    const logSigner = ed25519SignerFromSeed(
      'rome2026h1.example.org',
      new Uint8Array(32)
    );
    const checkpoint = parseCheckpoint(BODY);
    const signed = parseNote(signCheckpoint(checkpoint, logSigner));
    const witness = cosignatureSigner(
      'witness.example.org',
      WITNESS_SEED,
      TIME
    );
    const cosig = witness.sign(utf8Encode(formatCheckpoint(checkpoint)));
    const note = formatNote({
      ...signed,
      signatures: [
        ...signed.signatures,
        { name: witness.name, keyId: witness.keyId, signature: cosig },
      ],
    });
    expect(note.endsWith(WITNESS_LINE)).toBe(true);
    expect(
      openNote(note, [cosignatureVerifier(WITNESS_VKEY)]).unverified
    ).toHaveLength(1);
  });
});

describe('cosignatureTimestamp', () => {
  describe.each([
    ['71 bytes', new Uint8Array(71)],
    ['a timestamp above 2^53 - 1', new Uint8Array(72).fill(0xff)],
  ])('when given %s', (_desc, bytes) => {
    it('throws COSIGNATURE_MALFORMED', () => {
      expect(() => cosignatureTimestamp(bytes)).toThrowWithCode(
        CoreError,
        'COSIGNATURE_MALFORMED'
      );
    });
  });
});
