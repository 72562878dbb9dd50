import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Encode, utf8Decode, utf8Encode } from '../bytes.js';
import { canonicalJsonBytes } from '../evidence/canonical-json.js';
import { CoreError } from '../errors.js';
import {
  decodeLogEntry,
  encodeLogEntry,
  ENTRY_SCHEMAS,
  LOG_ENTRY_TYPES,
  MAX_ENTRY_BYTES,
  type LogEntry,
} from './entry.js';
import { ENTRIES, SIG, observation } from './entry-fixture.js';
import { OBSERVATION_PAYLOAD_TYPE } from '../observation/dsse.js';

// Canonical bytes of anything, so a rejection is about the schema alone.
const bytesOf = (value: unknown): Uint8Array => canonicalJsonBytes(value);

describe('encodeLogEntry', () => {
  it('writes RFC 8785 canonical JSON', () => {
    expect(utf8Decode(encodeLogEntry(observation()))).toBe(
      `{"envelope":{"payload":"e30=","payloadType":"${OBSERVATION_PAYLOAD_TYPE}",` +
        `"signatures":[{"keyid":"s1","sig":"${SIG}"}]},"type":"observation","v":1}`
    );
  });

  describe('when the entry is invalid', () => {
    const cases: [string, unknown][] = [
      ['an unknown type', { ...ENTRIES.sensor_revoked, type: 'complaint' }],
      [
        'a prototype key as type',
        { ...ENTRIES.sensor_revoked, type: 'constructor' },
      ],
      ['no type', { v: 1 }],
      ['not an object', 'observation'],
      [
        'an undefined optional field',
        {
          ...ENTRIES.sensor_registered,
          sensor: {
            ...ENTRIES.sensor_registered.sensor,
            timingSigmaS: undefined,
          },
        },
      ],
    ];
    it.each(cases)('rejects %s with ENTRY_MALFORMED', (_d, entry) => {
      expect(() => encodeLogEntry(entry as LogEntry)).toThrowWithCode(
        CoreError,
        'ENTRY_MALFORMED'
      );
    });
  });

  describe('when the entry is near MAX_ENTRY_BYTES', () => {
    // Pick a keyid length that makes a payload of whole base64 quads land
    // exactly on the limit.
    const overhead = (keyid: string) =>
      encodeLogEntry(observation('', keyid)).length;
    const keyid = ['a', 'ab', 'abc', 'abcd'].find(
      (k) => (MAX_ENTRY_BYTES - overhead(k)) % 4 === 0
    )!;
    const payload = 'A'.repeat(MAX_ENTRY_BYTES - overhead(keyid));

    it('accepts exactly 65535 bytes', () => {
      expect(encodeLogEntry(observation(payload, keyid))).toHaveLength(
        MAX_ENTRY_BYTES
      );
    });

    it('rejects 4 bytes more with ENTRY_TOO_LARGE', () => {
      expect(() =>
        encodeLogEntry(observation(`${payload}AAAA`, keyid))
      ).toThrowWithCode(CoreError, 'ENTRY_TOO_LARGE');
    });
  });
});

describe('encodeLogEntry for observations (fast path)', () => {
  // What the general path makes of a value: the schema's verdict and
  // message, then canonical JSON of what it returns.
  function viaSchema(value: unknown) {
    const result = ENTRY_SCHEMAS.observation.safeParse(value);
    if (!result.success) return { code: 'ENTRY_MALFORMED' };
    return { bytes: utf8Decode(canonicalJsonBytes(result.data)) };
  }
  function viaEncode(value: unknown) {
    try {
      return { bytes: utf8Decode(encodeLogEntry(value as LogEntry)) };
    } catch (err) {
      return { code: (err as CoreError).code };
    }
  }
  const b64 = fc.oneof(
    fc.uint8Array({ maxLength: 70 }).map(base64Encode),
    fc.constantFrom('', 'AA==', 'AB==', 'AAA=', 'AAB=', 'A===', '-_8=', '=AAA'),
    fc.string({ unit: fc.constantFrom('A', 'Q', 'g', '+', '/', '=', '-') })
  );
  const sig = fc.oneof(
    fc.uint8Array({ minLength: 64, maxLength: 64 }).map(base64Encode),
    fc.uint8Array({ minLength: 63, maxLength: 65 }).map(base64Encode),
    b64
  );
  const keyid = fc.constantFrom(
    's1',
    'bench-0001',
    'S1',
    '',
    '-a',
    'a'.repeat(65)
  );
  const maybe = <T>(arb: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 4, arbitrary: arb }, fc.constantFrom(undefined, 7));
  const value = fc
    .record({
      payloadType: maybe(
        fc.constantFrom(OBSERVATION_PAYLOAD_TYPE, 'application/x')
      ),
      payload: maybe(b64),
      keyid: maybe(keyid),
      sig: maybe(sig),
      v: maybe(fc.constantFrom(1, 2)),
      type: maybe(fc.constantFrom('observation', 'sensor_revoked')),
      extra: fc.constantFrom(
        'none',
        'entry',
        'envelope',
        'signature',
        'two sigs'
      ),
    })
    .map((r) => {
      const signature: Record<string, unknown> = { keyid: r.keyid, sig: r.sig };
      const envelope: Record<string, unknown> = {
        payloadType: r.payloadType,
        payload: r.payload,
        signatures:
          r.extra === 'two sigs' ? [signature, signature] : [signature],
      };
      const entry: Record<string, unknown> = { v: r.v, type: r.type, envelope };
      for (const obj of [signature, envelope, entry]) {
        for (const k of Object.keys(obj))
          if (obj[k] === undefined) delete obj[k];
      }
      if (r.extra === 'entry') entry['x'] = 1;
      if (r.extra === 'envelope') envelope['x'] = 1;
      if (r.extra === 'signature') signature['x'] = 1;
      return entry;
    });

  it('accepts exactly what the schema accepts, with the same bytes', () => {
    fc.assert(
      fc.property(value, (entry) => {
        expect(viaEncode(entry)).toEqual(viaSchema(entry));
      }),
      { numRuns: 5000 }
    );
  });

  // Each check on the signature by itself, so none rests on the property
  // above happening to draw it.
  it.each([
    ['64 bytes, canonical', SIG],
    ['88 characters ending in one "="', `${'A'.repeat(87)}=`],
    ['88 characters ending in "==" with stray bits', `${'A'.repeat(85)}B==`],
    [
      '88 characters ending in "==" outside the alphabet',
      `${'-'.repeat(86)}==`,
    ],
    ['86 characters', `${'A'.repeat(84)}==`],
    ['not a string', 7],
  ])('agrees with the schema on a signature of %s', (_, sig) => {
    const entry = observation();
    const signature = entry.envelope.signatures[0] as Record<string, unknown>;
    signature['sig'] = sig;
    expect(viaEncode(entry)).toEqual(viaSchema(entry));
  });

  it('takes the general path for objects that are not plain', () => {
    const entry = Object.assign(Object.create({ inherited: 1 }) as object, {
      ...observation(),
    });
    expect(viaEncode(entry)).toEqual(viaSchema(entry));
  });
});

describe('decodeLogEntry', () => {
  it('has an example of every entry type', () => {
    expect(Object.keys(ENTRIES).sort()).toEqual([...LOG_ENTRY_TYPES].sort());
  });

  describe.each(Object.values(ENTRIES))('when given a $type entry', (entry) => {
    it('round-trips with encodeLogEntry, byte for byte', () => {
      const bytes = encodeLogEntry(entry);
      expect(decodeLogEntry(bytes)).toEqual(entry);
      expect(encodeLogEntry(decodeLogEntry(bytes))).toEqual(bytes);
    });
  });

  describe('when the bytes are not canonical', () => {
    const canonical = utf8Decode(encodeLogEntry(ENTRIES.sensor_revoked));
    const cases: [string, Uint8Array][] = [
      [
        'pretty-printed',
        utf8Encode(JSON.stringify(JSON.parse(canonical), null, 2)),
      ],
      [
        'keys out of order',
        utf8Encode(
          canonical
            .replace('{"actor":"monitor",', '{')
            .replace('}', ',"actor":"monitor"}')
        ),
      ],
      ['a trailing newline', utf8Encode(`${canonical}\n`)],
      ['a byte order mark', utf8Encode(`\uFEFF${canonical}`)],
      [
        'an escaped letter',
        utf8Encode(canonical.replace('"captured"', '"\\u0063aptured"')),
      ],
      ['v written as 1.0', utf8Encode(canonical.replace('"v":1', '"v":1.0'))],
      [
        'a duplicate key',
        utf8Encode(canonical.replace('"v":1}', '"v":1,"v":1}')),
      ],
      ['invalid UTF-8', Uint8Array.of(0x7b, 0xff, 0x7d)],
      ['not JSON', utf8Encode('{')],
      ['empty', new Uint8Array(0)],
    ];
    it.each(cases)('rejects %s with ENTRY_MALFORMED', (_d, bytes) => {
      expect(() => decodeLogEntry(bytes)).toThrowWithCode(
        CoreError,
        'ENTRY_MALFORMED'
      );
    });
  });

  describe('when the content breaks the schema', () => {
    const obs = observation();
    const env = obs.envelope;
    const sig = env.signatures[0];
    const cases: [string, unknown][] = [
      ['v 2', { ...ENTRIES.sensor_revoked, v: 2 }],
      ['no v', { ...ENTRIES.sensor_revoked, v: undefined }],
      ['an unknown field', { ...ENTRIES.sensor_revoked, note: 'x' }],
      ['an unknown type', { ...ENTRIES.sensor_revoked, type: 'complaint' }],
      ['an array', [ENTRIES.sensor_revoked]],
      [
        'a time with an offset',
        { ...ENTRIES.sensor_revoked, time: '2026-12-01T00:00:00+00:00' },
      ],
      ['an empty reason', { ...ENTRIES.sensor_revoked, reason: '' }],
      [
        'an agreement whose leftParty is no party',
        {
          ...ENTRIES.agreement,
          agreement: { ...ENTRIES.agreement.agreement, leftParty: 'C' },
        },
      ],
      ['a review without a reason', { ...ENTRIES.finding_review, reason: '' }],
      [
        'a finding with a probability over 1',
        {
          ...ENTRIES.finding,
          finding: {
            ...ENTRIES.finding.finding,
            properties: {
              ...ENTRIES.finding.finding.properties,
              confidence: 1.5,
            },
          },
        },
      ],
      ['an empty actor', { ...ENTRIES.sensor_revoked, actor: '' }],
      [
        'a rotated key that is not a key',
        { ...ENTRIES.sensor_key_rotated, publicKey: 'AAAA' },
      ],
      [
        'a sensor record with an unknown field',
        { ...ENTRIES.sensor_registered, sensor: { id: 's1' } },
      ],
      [
        'an observation of another payload type',
        { ...obs, envelope: { ...env, payloadType: 'application/json' } },
      ],
      [
        'an observation with two signatures',
        { ...obs, envelope: { ...env, signatures: [sig, sig] } },
      ],
      [
        'an observation with URL-safe base64',
        { ...obs, envelope: { ...env, payload: '-_8=' } },
      ],
      [
        'an observation with a 63-byte sig',
        {
          ...obs,
          envelope: {
            ...env,
            signatures: [{ ...sig, sig: base64Encode(new Uint8Array(63)) }],
          },
        },
      ],
      [
        'an observation with an empty keyid',
        { ...obs, envelope: { ...env, signatures: [{ ...sig, keyid: '' }] } },
      ],
    ];
    it.each(cases)('rejects %s with ENTRY_MALFORMED', (_d, value) => {
      const json = JSON.parse(JSON.stringify(value)) as unknown;
      expect(() => decodeLogEntry(bytesOf(json))).toThrowWithCode(
        CoreError,
        'ENTRY_MALFORMED'
      );
    });
  });

  describe('when a string holds an escaped lone surrogate', () => {
    it('rejects it with ENTRY_MALFORMED', () => {
      const canonical = utf8Decode(encodeLogEntry(ENTRIES.sensor_revoked));
      const bytes = utf8Encode(canonical.replace('"captured"', '"\\ud800"'));
      expect(() => decodeLogEntry(bytes)).toThrowWithCode(
        CoreError,
        'ENTRY_MALFORMED'
      );
    });
  });

  describe('when the bytes exceed MAX_ENTRY_BYTES', () => {
    it('rejects them with ENTRY_TOO_LARGE before parsing', () => {
      const bytes = new Uint8Array(MAX_ENTRY_BYTES + 1).fill(0x20);
      expect(() => decodeLogEntry(bytes)).toThrowWithCode(
        CoreError,
        'ENTRY_TOO_LARGE'
      );
    });
  });
});
