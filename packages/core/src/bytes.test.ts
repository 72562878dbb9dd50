import { describe, expect, it } from 'vitest';
import { base64Decode, base64Encode, hexDecode, hexEncode } from './bytes.js';
import { CoreError } from './errors.js';

describe('base64Decode', () => {
  const valid = ['', 'AA==', 'AAA=', 'AAAA', 'AQID', '/+8='];
  it.each(valid)('round-trips %j', (text) => {
    expect(base64Encode(base64Decode(text))).toBe(text);
  });

  const invalid: [string, string][] = [
    ['length not a multiple of 4', 'AAA'],
    ['whitespace', 'AA A'],
    ['URL alphabet', 'AA-_'],
    ['padding in the middle', 'A=AA'],
    ['non-zero trailing bits', 'AB=='],
    ['non-ASCII', 'AAA\u00e9'],
  ];
  it.each(invalid)('rejects %s with BYTES_BASE64_INVALID', (_desc, text) => {
    expect(() => base64Decode(text)).toThrowWithCode(
      CoreError,
      'BYTES_BASE64_INVALID'
    );
  });
});

describe('hexDecode', () => {
  it('round-trips', () => {
    expect(hexEncode(hexDecode('00ff10'))).toBe('00ff10');
  });
  it.each(['0', 'zz'])('rejects %j with BYTES_HEX_INVALID', (text) => {
    expect(() => hexDecode(text)).toThrowWithCode(
      CoreError,
      'BYTES_HEX_INVALID'
    );
  });
});
