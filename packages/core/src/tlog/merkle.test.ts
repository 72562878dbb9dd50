import { describe, expect, it } from 'vitest';
import { base64Encode, hexDecode, hexEncode, utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import { sha256 } from '../hash.js';
import {
  EMPTY_TREE_ROOT,
  RFC9162_LEAF_PREFIX,
  RFC9162_NODE_PREFIX,
  hashChildren,
  hashLeaf,
  rootFromLeafHashes,
} from './merkle.js';

// VECTORS.md §5: the RFC 6962 reference tree (transparency-dev/merkle
// testonly/constants.go).
const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(hexDecode);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('hashLeaf', () => {
  it('is SHA-256(0x00 || entry)', () => {
    const entry = utf8Encode('entry');
    expect(hashLeaf(entry)).toEqual(
      sha256(new Uint8Array([RFC9162_LEAF_PREFIX, ...entry]))
    );
  });

  it('matches sumdb RecordHash("hello world") (VECTORS.md §7)', () => {
    expect(base64Encode(hashLeaf(utf8Encode('hello world')))).toBe(
      'TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0='
    );
  });
});

describe('hashChildren', () => {
  it('is SHA-256(0x01 || left || right)', () => {
    const left = sha256(utf8Encode('l'));
    const right = sha256(utf8Encode('r'));
    expect(hashChildren(left, right)).toEqual(
      sha256(new Uint8Array([RFC9162_NODE_PREFIX, ...left, ...right]))
    );
  });
});

describe('EMPTY_TREE_ROOT', () => {
  it('is SHA-256 of the empty string', () => {
    expect(hexEncode(EMPTY_TREE_ROOT)).toBe(ROOTS[0]);
  });
});

describe('rootFromLeafHashes', () => {
  it.each(ROOTS.map((root, size) => [size, root] as const))(
    'gives the reference root for size %i',
    (size, root) => {
      const hashes = LEAVES.slice(0, size).map(hashLeaf);
      expect(hexEncode(rootFromLeafHashes(hashes))).toBe(root);
    }
  );

  describe('when a leaf hash is not 32 bytes', () => {
    it('throws TLOG_HASH_SIZE_INVALID', () => {
      expect(() =>
        rootFromLeafHashes([hashLeaf(LEAVES[0]!), new Uint8Array(31)])
      ).toThrowWithCode(CoreError, 'TLOG_HASH_SIZE_INVALID');
    });
  });

  describe('when the empty root is returned', () => {
    it('is a copy that callers may mutate safely', () => {
      const root = rootFromLeafHashes([]);
      root[0] = 0;
      expect(hexEncode(rootFromLeafHashes([]))).toBe(ROOTS[0]);
    });
  });
});
