import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError, ed25519SignerFromSeed, signCheckpoint } from '@truce/core';
import { nodeNoteSigner } from './node-signer.js';

describe('nodeNoteSigner', () => {
  it('signs exactly as core does (Ed25519 is deterministic)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 300 }),
        (seed, message) => {
          const ours = nodeNoteSigner('log.example/a', seed);
          const core = ed25519SignerFromSeed('log.example/a', seed);
          expect(ours.keyId).toEqual(core.keyId);
          expect(ours.sign(message)).toEqual(core.sign(message));
        }
      ),
      { numRuns: 50 }
    );
  });

  it('makes the same signed checkpoint', () => {
    const seed = new Uint8Array(32).fill(9);
    const checkpoint = {
      origin: 'log.example/a',
      size: 7,
      rootHash: new Uint8Array(32).fill(1),
      extensions: [],
    };
    expect(
      signCheckpoint(checkpoint, nodeNoteSigner('log.example/a', seed))
    ).toBe(
      signCheckpoint(checkpoint, ed25519SignerFromSeed('log.example/a', seed))
    );
  });

  describe('when the key name is invalid', () => {
    it('throws NOTE_KEY_INVALID, as core does', () => {
      expect(() =>
        nodeNoteSigner('a name', new Uint8Array(32))
      ).toThrowWithCode(CoreError, 'NOTE_KEY_INVALID');
    });
  });
});
