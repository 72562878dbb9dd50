import { describe, expect, it } from 'vitest';
import { base64Encode, utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import {
  ADD_CHECKPOINT_MAX_PROOF_LINES,
  formatAddCheckpointRequest,
  parseAddCheckpointRequest,
} from './add-checkpoint.js';

// The example request body of c2sp.org/tlog-witness "add-checkpoint".
const PROOF = [
  'PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=',
  'jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=',
  '5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=',
  '/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=',
];
const NOTE = `example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
— example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=
`;
const BODY = `old 20852014\n${PROOF.map((p) => `${p}\n`).join('')}\n${NOTE}`;

describe('parseAddCheckpointRequest', () => {
  it('parses the tlog-witness example body', () => {
    const request = parseAddCheckpointRequest(BODY);
    expect(request.oldSize).toBe(20852014);
    expect(request.proof.map(base64Encode)).toEqual(PROOF);
    expect(request.note).toBe(NOTE);
    expect(request.checkpoint.origin).toBe('example.com/behind-the-sofa');
    expect(request.checkpoint.size).toBe(20852163);
  });

  it('parses the same body given as bytes', () => {
    expect(parseAddCheckpointRequest(utf8Encode(BODY))).toEqual(
      parseAddCheckpointRequest(BODY)
    );
  });

  it('parses old 0 with no proof lines', () => {
    const request = parseAddCheckpointRequest(`old 0\n\n${NOTE}`);
    expect(request.oldSize).toBe(0);
    expect(request.proof).toEqual([]);
  });

  const hash = PROOF[0]!;
  const tooMany = `old 1\n${`${hash}\n`.repeat(ADD_CHECKPOINT_MAX_PROOF_LINES + 1)}\n${NOTE}`;
  const invalid: [string, string | Uint8Array][] = [
    ['no empty line', `old 0\n${NOTE.replace('\n\n', '\n')}`],
    ['no old line', `${hash}\n\n${NOTE}`],
    ['an empty body', ''],
    ['"Old"', `Old 1\n\n${NOTE}`],
    ['two spaces', `old  1\n\n${NOTE}`],
    ['a trailing space', `old 1 \n\n${NOTE}`],
    ['a leading zero', `old 01\n\n${NOTE}`],
    ['a negative size', `old -1\n\n${NOTE}`],
    ['a size above 2^53 - 1', `old 9007199254740992\n\n${NOTE}`],
    ['CRLF line ends', BODY.replaceAll('\n', '\r\n')],
    ['a proof line that is not base64', `old 1\nnot-base64\n\n${NOTE}`],
    [
      'a 31-byte proof hash',
      `old 1\n${base64Encode(new Uint8Array(31))}\n\n${NOTE}`,
    ],
    ['64 proof lines', tooMany],
    ['a note without signatures', `old 0\n\n${NOTE.split('\n\n')[0]}\n`],
    [
      'a two-line checkpoint',
      `old 0\n\nexample.com/behind-the-sofa\n20852163\n\n${NOTE.split('\n\n')[1]}`,
    ],
    ['invalid UTF-8', new Uint8Array([0x6f, 0x6c, 0x64, 0x20, 0xff])],
    ['a BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8Encode(BODY)])],
    ['a number', 42 as unknown as string],
  ];
  describe.each(invalid)('when given %s', (_desc, body) => {
    it('throws WITNESS_REQUEST_MALFORMED', () => {
      expect(() => parseAddCheckpointRequest(body)).toThrowWithCode(
        CoreError,
        'WITNESS_REQUEST_MALFORMED'
      );
    });
  });
});

describe('formatAddCheckpointRequest', () => {
  it('writes the tlog-witness example byte for byte', () => {
    const { oldSize, proof, note } = parseAddCheckpointRequest(BODY);
    expect(formatAddCheckpointRequest({ oldSize, proof, note })).toBe(BODY);
  });

  const { proof } = parseAddCheckpointRequest(BODY);
  const invalid: [string, Parameters<typeof formatAddCheckpointRequest>[0]][] =
    [
      ['a negative old size', { oldSize: -1, proof: [], note: NOTE }],
      ['a fractional old size', { oldSize: 1.5, proof: [], note: NOTE }],
      [
        '64 proof hashes',
        {
          oldSize: 1,
          proof: Array.from({ length: 64 }, () => proof[0]!),
          note: NOTE,
        },
      ],
      [
        'a short proof hash',
        { oldSize: 1, proof: [new Uint8Array(31)], note: NOTE },
      ],
      ['a malformed note', { oldSize: 1, proof, note: 'nope\n' }],
      [
        'a note that is not text',
        { oldSize: 1, proof, note: 7 as unknown as string },
      ],
    ];
  describe.each(invalid)('when given %s', (_desc, input) => {
    it('throws WITNESS_REQUEST_MALFORMED', () => {
      expect(() => formatAddCheckpointRequest(input)).toThrowWithCode(
        CoreError,
        'WITNESS_REQUEST_MALFORMED'
      );
    });
  });
});
