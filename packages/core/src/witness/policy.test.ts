import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import {
  NOTE_KEY_TYPE_COSIGNATURE_V1,
  formatVerifierKey,
  publicKeyFromSeed,
} from '../tlog/note-key.js';
import {
  POLICY_MAX_ENTRIES,
  PolicyError,
  groupThreshold,
  parseWitnessPolicy,
} from './policy.js';
import { formatWitnessPolicy } from './policy-format.js';
import type { WitnessPolicy } from './policy.js';

const seed = (n: number) => new Uint8Array(32).fill(n);
const logKey = (name: string, n: number) =>
  formatVerifierKey(name, publicKeyFromSeed(seed(n)));
const witnessKey = (name: string, n: number) =>
  formatVerifierKey(
    name,
    publicKeyFromSeed(seed(n)),
    NOTE_KEY_TYPE_COSIGNATURE_V1
  );

const LOG = logKey('log.truce.example/2026', 1);
const W = (n: number) => witnessKey(`w${n}.truce.example`, 10 + n);
// Rekor's ECDSA checkpoint key (VECTORS.md §3).
const REKOR_VKEY =
  'rekor.sigstore.dev+c0d23d6a+AjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABNhtmPtrWm3U1eQXBogSMdGvXwBcK5AW5i0hrZLOC96l+smGNM7nwZ4QvFK/4sueRoVj//QP22Ni4Qt9DPfkWLc=';
// A published 0x01 witness vkey (VECTORS.md §4).
const AW_VKEY =
  'ArmoredWitness-small-breeze+7b3ada3a+AQAWYpUjfGGPQiWOgt6sLWap0P9rVOe+Ofu2uNZbO4FD';

// The two-level example of c2sp.org/tlog-policy "Example policy", with
// comments, blank lines, tabs and URLs around it.
const EXAMPLE = `# Truce test policy
log ${LOG} https://log.truce.example/

witness X1 ${W(1)}
witness X2 ${W(2)}\thttps://w2.truce.example/
  witness X3 ${W(3)}
group X-witnesses 2 X1 X2 X3
\t# the second operator
witness Y1 ${W(4)}
witness Y2 ${W(5)}
witness Y3 ${W(6)}
group Y-witnesses any Y1 Y2 Y3

group X-and-Y all X-witnesses Y-witnesses   
quorum X-and-Y
`;

describe('parseWitnessPolicy', () => {
  it('parses the tlog-policy example with two levels of groups', () => {
    const policy = parseWitnessPolicy(EXAMPLE);
    expect(policy.logs).toEqual([
      {
        vkey: LOG,
        origin: 'log.truce.example/2026',
        url: 'https://log.truce.example/',
      },
    ]);
    expect(policy.witnesses.map((w) => w.name)).toEqual([
      'X1',
      'X2',
      'X3',
      'Y1',
      'Y2',
      'Y3',
    ]);
    expect(policy.witnesses[1]).toEqual({
      name: 'X2',
      vkey: W(2),
      url: 'https://w2.truce.example/',
    });
    expect(policy.groups).toEqual([
      { name: 'X-witnesses', threshold: 2, members: ['X1', 'X2', 'X3'] },
      { name: 'Y-witnesses', threshold: 'any', members: ['Y1', 'Y2', 'Y3'] },
      {
        name: 'X-and-Y',
        threshold: 'all',
        members: ['X-witnesses', 'Y-witnesses'],
      },
    ]);
    expect(policy.quorum).toBe('X-and-Y');
  });

  it('accepts "quorum none" with no logs or witnesses', () => {
    expect(parseWitnessPolicy('quorum none\n')).toEqual({
      logs: [],
      witnesses: [],
      groups: [],
      quorum: 'none',
    });
  });

  it('accepts an ECDSA log key and a 0x01 witness key', () => {
    const policy = parseWitnessPolicy(
      `log ${REKOR_VKEY}\nwitness aw ${AW_VKEY}\nquorum aw\n`
    );
    expect(policy.logs[0]!.origin).toBe('rekor.sigstore.dev');
    expect(policy.witnesses[0]!.vkey).toBe(AW_VKEY);
  });

  it('accepts a quorum of one witness and non-ASCII names', () => {
    const policy = parseWitnessPolicy(
      `witness свідок ${W(1)}\nquorum свідок\n`
    );
    expect(policy.quorum).toBe('свідок');
  });

  const head = `log ${LOG}\nwitness a ${W(1)}\nwitness b ${W(2)}\n`;
  const invalid: [string, string, number][] = [
    ['an unknown keyword', `${head}witnesses c ${W(3)}\nquorum a\n`, 4],
    ['a carriage return', `quorum none\r\n`, 1],
    ['a DEL character', `${head}quorum a\u007f\n`, 4],
    ['a NUL character', `quorum none\n\u0000\n`, 2],
    ['no final newline', `${head}quorum a`, 4],
    ['an empty policy', '', 0],
    ['no quorum line', head, 3],
    ['two quorum lines', `${head}quorum a\nquorum b\n`, 5],
    ['a quorum of an undefined name', `${head}quorum c\n`, 4],
    ['a quorum before its witness', `quorum c\nwitness c ${W(3)}\n`, 1],
    ['a quorum line with two names', `${head}quorum a b\n`, 4],
    ['a log line without a key', `log\nquorum none\n`, 1],
    ['a log line with four fields', `log ${LOG} u x\nquorum none\n`, 1],
    ['a log with an invalid vkey', `log nope+1+AA==\nquorum none\n`, 1],
    ['a log with a cosignature key', `log ${W(1)}\nquorum none\n`, 1],
    ['a duplicate log key', `log ${LOG}\nlog ${LOG}\nquorum none\n`, 2],
    [
      'a duplicate log key under another name',
      `log ${LOG}\nlog ${logKey('other', 1)}\nquorum none\n`,
      2,
    ],
    ['a witness without a key', `witness a\nquorum none\n`, 1],
    ['a witness with five fields', `witness a ${W(1)} u x\nquorum a\n`, 1],
    ['a witness named none', `witness none ${W(1)}\nquorum none\n`, 1],
    ['a duplicate witness name', `${head}witness a ${W(3)}\nquorum a\n`, 4],
    ['a duplicate witness key', `${head}witness c ${W(1)}\nquorum a\n`, 4],
    [
      'the same witness key as 0x01 and 0x04',
      `${head}witness c ${logKey('w1.truce.example', 11)}\nquorum a\n`,
      4,
    ],
    ['an ECDSA witness key', `witness r ${REKOR_VKEY}\nquorum r\n`, 1],
    ['an inline comment', `witness a ${W(1)} # first\nquorum a\n`, 1],
    ['a group without members', `${head}group g any\nquorum g\n`, 4],
    ['a threshold of 0', `${head}group g 0 a b\nquorum g\n`, 4],
    ['a threshold with a leading zero', `${head}group g 01 a b\nquorum g\n`, 4],
    ['a threshold above n', `${head}group g 3 a b\nquorum g\n`, 4],
    ['a threshold that is a word', `${head}group g most a b\nquorum g\n`, 4],
    ['an undefined member', `${head}group g any a c\nquorum g\n`, 4],
    [
      'a member defined later',
      `${head}group g any a c\nwitness c ${W(3)}\nquorum g\n`,
      4,
    ],
    ['none as a member', `${head}group g any a none\nquorum g\n`, 4],
    ['a member listed twice', `${head}group g 1 a a\nquorum g\n`, 4],
    [
      'a member of two groups',
      `${head}group g any a\ngroup h any a b\nquorum h\n`,
      5,
    ],
    ['a group named like a witness', `${head}group a any b\nquorum a\n`, 4],
    ['a group named none', `${head}group none any a\nquorum none\n`, 4],
    ['a group that contains itself', `${head}group g any g\nquorum g\n`, 4],
  ];
  describe.each(invalid)('when given %s', (_desc, text, line) => {
    it(`throws POLICY_INVALID naming line ${line}`, () => {
      expect(() => parseWitnessPolicy(text)).toThrowWithCode(
        CoreError,
        'POLICY_INVALID'
      );
      try {
        parseWitnessPolicy(text);
      } catch (error) {
        expect(error).toBeInstanceOf(PolicyError);
        expect((error as PolicyError).line).toBe(line);
      }
    });
  });

  it('throws POLICY_INVALID for something other than text', () => {
    expect(() => parseWitnessPolicy(42 as unknown as string)).toThrowWithCode(
      CoreError,
      'POLICY_INVALID'
    );
  });

  it(`refuses more than ${POLICY_MAX_ENTRIES} witnesses`, () => {
    const seedOf = (i: number) => {
      const s = new Uint8Array(32).fill(7);
      s[0] = i % 256;
      s[1] = Math.floor(i / 256);
      return s;
    };
    const lines = Array.from({ length: POLICY_MAX_ENTRIES + 1 }, (_, i) => {
      const vkey = formatVerifierKey(
        `w${i}`,
        publicKeyFromSeed(seedOf(i)),
        NOTE_KEY_TYPE_COSIGNATURE_V1
      );
      return `witness w${i} ${vkey}\n`;
    });
    expect(() =>
      parseWitnessPolicy(`${lines.join('')}quorum w0\n`)
    ).toThrowWithCode(CoreError, 'POLICY_INVALID');
    expect(() =>
      parseWitnessPolicy(`${lines.slice(1).join('')}quorum w1\n`)
    ).not.toThrow();
  });
});

describe('formatWitnessPolicy', () => {
  it('round-trips a parsed policy', () => {
    const policy = parseWitnessPolicy(EXAMPLE);
    const text = formatWitnessPolicy(policy);
    expect(parseWitnessPolicy(text)).toEqual(policy);
    expect(text.endsWith('quorum X-and-Y\n')).toBe(true);
  });

  const base: WitnessPolicy = {
    logs: [{ vkey: LOG, origin: 'log.truce.example/2026' }],
    witnesses: [{ name: 'a', vkey: W(1) }],
    groups: [],
    quorum: 'a',
  };
  const invalid: [string, WitnessPolicy][] = [
    [
      'a name with a space',
      { ...base, witnesses: [{ name: 'a b', vkey: W(1) }] },
    ],
    [
      'an origin that is not the key name',
      { ...base, logs: [{ vkey: LOG, origin: 'other' }] },
    ],
    [
      'a threshold above n',
      {
        ...base,
        groups: [{ name: 'g', threshold: 2, members: ['a'] }],
        quorum: 'g',
      },
    ],
    ['an undefined quorum', { ...base, quorum: 'z' }],
  ];
  describe.each(invalid)('when given %s', (_desc, policy) => {
    it('throws POLICY_INVALID', () => {
      expect(() => formatWitnessPolicy(policy)).toThrowWithCode(
        CoreError,
        'POLICY_INVALID'
      );
    });
  });
});

describe('groupThreshold', () => {
  it.each([
    ['any', 1],
    ['all', 3],
    [2, 2],
  ] as const)('reads %s of three members as %d', (threshold, k) => {
    expect(
      groupThreshold({ name: 'g', threshold, members: ['a', 'b', 'c'] })
    ).toBe(k);
  });
});
