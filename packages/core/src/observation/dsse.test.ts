/// <reference types="vite/client" />
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64Encode,
  hexDecode,
  hexEncode,
  utf8Decode,
  utf8Encode,
} from '../bytes.js';
import { CoreError } from '../errors.js';
import {
  decodeEnvelope,
  dsseBase64Decode,
  dssePae,
  parseEnvelope,
  signEnvelope,
  verifyEnvelope,
} from './dsse.js';
import { ed25519PublicKey, ed25519Sign, ed25519Verify } from './ed25519.js';

type DsseVectorFile = {
  keys: Record<string, { seed: string; public: string }>;
  vectors: {
    id: string;
    description: string;
    envelope: unknown;
    trustedKeys: string[];
    threshold: number;
    supportedPayloadTypes: string[];
    pae: string;
    expect: 'accept' | 'reject';
  }[];
};

const upstream = Object.values(
  import.meta.glob<DsseVectorFile>('../../test-vectors/dsse/vectors.json', {
    eager: true,
    import: 'default',
  })
)[0]!;

const SEED = hexDecode(upstream.keys.A!.seed);

describe('dssePae', () => {
  it('matches the example in the DSSE protocol spec', () => {
    const pae = dssePae(
      'http://example.com/HelloWorld',
      utf8Encode('hello world')
    );
    expect(utf8Decode(pae)).toBe(
      'DSSEv1 29 http://example.com/HelloWorld 11 hello world'
    );
  });

  describe('when given hand-computed cases', () => {
    const cases: [string, string, Uint8Array, string][] = [
      ['empty type and body', '', new Uint8Array(0), 'DSSEv1 0  0 '],
      [
        'a multi-byte type (LEN counts bytes)',
        'é',
        utf8Encode('x'),
        'DSSEv1 2 é 1 x',
      ],
      [
        'a 10-byte body (no leading zeros)',
        't',
        utf8Encode('0123456789'),
        'DSSEv1 1 t 10 0123456789',
      ],
    ];
    it.each(cases)('encodes %s', (_d, type, body, want) => {
      expect(utf8Decode(dssePae(type, body))).toBe(want);
    });
  });

  it('keeps binary bodies byte for byte', () => {
    const pae = dssePae('t', Uint8Array.of(0xff, 0x00));
    expect(hexEncode(pae)).toBe(
      hexEncode(utf8Encode('DSSEv1 1 t 2 ')) + 'ff00'
    );
  });

  describe('when the type has a lone surrogate', () => {
    it('throws ENVELOPE_MALFORMED', () => {
      expect(() => dssePae('\uD800', new Uint8Array(0))).toThrowWithCode(
        CoreError,
        'ENVELOPE_MALFORMED'
      );
    });

    it('throws even right after a well-formed type was encoded', () => {
      dssePae('t', new Uint8Array(0));
      expect(() => dssePae('t\uDFFF', new Uint8Array(0))).toThrowWithCode(
        CoreError,
        'ENVELOPE_MALFORMED'
      );
    });
  });

  describe('when types alternate (the prefix is cached per type)', () => {
    it('encodes each with its own type', () => {
      for (const [type, want] of [
        ['a', 'DSSEv1 1 a 1 x'],
        ['bb', 'DSSEv1 2 bb 1 x'],
        ['bb', 'DSSEv1 2 bb 1 x'],
        ['a', 'DSSEv1 1 a 1 x'],
      ] as const) {
        expect(utf8Decode(dssePae(type, utf8Encode('x')))).toBe(want);
      }
    });
  });
});

describe('dsseBase64Decode', () => {
  it.each([
    ['standard', '+/8='],
    ['URL-safe', '-_8='],
  ])('accepts the %s alphabet', (_d, text) => {
    expect(hexEncode(dsseBase64Decode(text))).toBe('fbff');
  });

  describe('when the text is not strict base64', () => {
    const cases: [string, string][] = [
      ['mixed alphabets', '+_8='],
      ['missing padding', '-_8'],
      ['whitespace', 'AA AA'],
      ['non-zero padding bits', 'AB=='],
    ];
    it.each(cases)('rejects %s with BYTES_BASE64_INVALID', (_d, text) => {
      expect(() => dsseBase64Decode(text)).toThrowWithCode(
        CoreError,
        'BYTES_BASE64_INVALID'
      );
    });
  });
});

describe('parseEnvelope', () => {
  const good = {
    payloadType: 'application/x',
    payload: 'aGk=',
    signatures: [{ keyid: 'k', sig: 'AAAA' }],
  };

  it('returns a valid envelope unchanged', () => {
    expect(parseEnvelope(good)).toEqual(good);
  });

  describe('when fields are in another allowed spelling', () => {
    it('normalises URL-safe base64 to standard', () => {
      const env = parseEnvelope({
        ...good,
        payload: '-_8=',
        signatures: [{ keyid: 'k', sig: '__8=' }],
      });
      expect(env.payload).toBe('+/8=');
      expect(env.signatures[0]!.sig).toBe('//8=');
    });

    it('keeps standard base64 as given, which is its only spelling', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
          const text = base64Encode(bytes);
          const env = parseEnvelope({
            ...good,
            payload: text,
            signatures: [{ keyid: 'k', sig: text }],
          });
          expect(env.payload).toBe(text);
          expect(env.signatures[0]!.sig).toBe(text);
        })
      );
    });

    it('reads an omitted keyid as ""', () => {
      const env = parseEnvelope({ ...good, signatures: [{ sig: 'AAAA' }] });
      expect(env.signatures).toEqual([{ keyid: '', sig: 'AAAA' }]);
    });
  });

  describe('when the envelope is malformed', () => {
    const sig = good.signatures[0]!;
    const cases: [string, unknown][] = [
      ['null', null],
      ['an array', [good]],
      ['a JSON string', JSON.stringify(good)],
      ['an unknown top-level field', { ...good, extra: 1 }],
      [
        'an unknown signature field',
        { ...good, signatures: [{ ...sig, cert: 'x' }] },
      ],
      ['no signatures', { ...good, signatures: [] }],
      ['a missing payloadType', { payload: 'aGk=', signatures: [sig] }],
      ['a numeric payload', { ...good, payload: 5 }],
      ['a payload that is not base64', { ...good, payload: 'aGk' }],
      [
        'a sig that is not base64',
        { ...good, signatures: [{ keyid: 'k', sig: '!!!!' }] },
      ],
      [
        'a payloadType with a lone surrogate',
        { ...good, payloadType: '\uDFFF' },
      ],
      [
        'a keyid with a lone surrogate',
        { ...good, signatures: [{ keyid: '\uD800', sig: 'AAAA' }] },
      ],
    ];
    it.each(cases)('rejects %s with ENVELOPE_MALFORMED', (_d, json) => {
      expect(() => parseEnvelope(json)).toThrowWithCode(
        CoreError,
        'ENVELOPE_MALFORMED'
      );
    });
  });
});

describe('signEnvelope', () => {
  it('signs the PAE, and the result verifies', () => {
    const payload = utf8Encode('{"a":1}');
    const env = signEnvelope({
      payloadType: 'application/x',
      payload,
      keyid: 'k',
      sign: (message) => ed25519Sign(SEED, message),
    });
    const decoded = decodeEnvelope(env);
    expect(decoded.payload).toEqual(payload);
    expect(decoded.signatures[0]!.sig).toEqual(
      ed25519Sign(SEED, dssePae('application/x', payload))
    );
    const keys = [{ publicKey: ed25519PublicKey(SEED) }];
    expect(verifyEnvelope(env, { keys, verify: ed25519Verify })).toBe(true);
  });
});

describe('verifyEnvelope', () => {
  describe.each(upstream.vectors)('DSSE vector $id', (vector) => {
    const keys = vector.trustedKeys.map((keyid) => ({
      keyid,
      publicKey: hexDecode(upstream.keys[keyid]!.public),
    }));
    const { envelope, payload } = decodeEnvelope(vector.envelope);

    // The swapped-type vector lists the PAE its signature covers, which is
    // exactly what the envelope's own PAE must not be.
    const swapped = vector.id === 'payload-type-swapped';
    it(
      swapped ? 'has a PAE its signature does not cover' : 'has the listed PAE',
      () => {
        const pae = hexEncode(dssePae(envelope.payloadType, payload));
        expect(pae === vector.pae).toBe(!swapped);
      }
    );

    it(`is ${vector.expect}ed: ${vector.description}`, () => {
      const accepted =
        verifyEnvelope(vector.envelope, {
          keys,
          threshold: vector.threshold,
          verify: ed25519Verify,
        }) && vector.supportedPayloadTypes.includes(envelope.payloadType);
      expect(accepted).toBe(vector.expect === 'accept');
    });
  });

  describe('when the threshold is not a positive integer', () => {
    const vector = upstream.vectors[0]!;
    const keys = [{ publicKey: hexDecode(upstream.keys.A!.public) }];
    it.each([0, -1, 1.5, NaN])('fails closed for %d', (threshold) => {
      expect(
        verifyEnvelope(vector.envelope, {
          keys,
          threshold,
          verify: ed25519Verify,
        })
      ).toBe(false);
    });
  });
});
