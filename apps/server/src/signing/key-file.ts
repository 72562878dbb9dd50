import { randomBytes } from 'node:crypto';
import {
  closeSync,
  openSync,
  readFileSync,
  writeSync,
  fsyncSync,
} from 'node:fs';
import {
  formatSignerKey,
  formatVerifierKey,
  parseSignerKey,
  publicKeyFromSeed,
} from '@truce/core';

export type KeyPair = {
  name: string;
  seed: Uint8Array;
  publicKey: Uint8Array;
  /** The C2SP note verifier key, `<name>+<id>+<key>`. */
  verifierKey: string;
  /** The C2SP note signer key, `PRIVATE+KEY+<name>+<id>+<key>`. */
  signerKey: string;
};

/** A fresh Ed25519 key named `name` (randomness from node:crypto). */
export function generateKeyPair(name: string): KeyPair {
  return keyPairFromSeed(name, new Uint8Array(randomBytes(32)));
}

export function keyPairFromSeed(name: string, seed: Uint8Array): KeyPair {
  const publicKey = publicKeyFromSeed(seed);
  return {
    name,
    seed,
    publicKey,
    verifierKey: formatVerifierKey(name, publicKey),
    signerKey: formatSignerKey(name, seed),
  };
}

/** Reads a signer key file (one line, C2SP signer-key format). */
export function readKeyFile(path: string): KeyPair {
  const { name, seed } = parseSignerKey(readFileSync(path, 'utf8').trim());
  return keyPairFromSeed(name, seed);
}

/**
 * Writes a new key file readable by its owner only. Refuses to overwrite:
 * a lost log key would mean a new log.
 */
export function writeKeyFile(path: string, key: KeyPair): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, `${key.signerKey}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
