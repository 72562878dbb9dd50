import { readdirSync, readFileSync } from 'node:fs';
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { SignatureVerifier, VerifyItem } from './verify-pool.js';
import { createInlineVerifier, createWorkerVerifier } from './verify-pool.js';

function makeItems(count: number): { items: VerifyItem[]; valid: boolean[] } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(
    publicKey.export({ format: 'der', type: 'spki' }).subarray(12)
  );
  const items: VerifyItem[] = [];
  const valid: boolean[] = [];
  for (let i = 0; i < count; i++) {
    const message = new TextEncoder().encode(`message ${i}`);
    const signature = new Uint8Array(sign(null, message, privateKey));
    const ok = i % 3 !== 0;
    if (!ok) signature[i % 64]! ^= 1;
    items.push({ publicKey: raw, message, signature });
    valid.push(ok);
  }
  // A public key that is not a curve point must fail, not throw.
  items.push({
    publicKey: new Uint8Array(32).fill(0xff),
    message: new Uint8Array(1),
    signature: new Uint8Array(64),
  });
  valid.push(false);
  return { items, valid };
}

const verifiers: [string, SignatureVerifier][] = [
  ['inline', createInlineVerifier()],
  ['workers', createWorkerVerifier({ workers: 2, minChunk: 4 })],
  [
    'niced workers',
    createWorkerVerifier({ workers: 2, minChunk: 4, nice: 10 }),
  ],
];

afterAll(async () => {
  await Promise.all(verifiers.map(([, v]) => v.close()));
});

describe.each(verifiers)('%s verifier', (_name, verifier) => {
  it.each([0, 1, 5, 101])('judges a batch of %i correctly', async (count) => {
    const { items, valid } = makeItems(count);
    expect(await verifier.verifyBatch(items)).toEqual(valid);
  });
});

describe.runIf(process.platform === 'linux')('niced workers', () => {
  const niceOfThreads = () =>
    readdirSync('/proc/self/task').map((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Field 19 (nice), counted after the parenthesised command name.
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    });

  it('run at the nice value given, one thread each', async () => {
    const before = niceOfThreads().filter((n) => n === 7).length;
    const verifier = createWorkerVerifier({ workers: 2, minChunk: 1, nice: 7 });
    try {
      await verifier.verifyBatch(makeItems(8).items);
      expect(niceOfThreads().filter((n) => n === 7).length).toBe(before + 2);
      expect(niceOfThreads()).toContain(0);
    } finally {
      await verifier.close();
    }
  });
});
