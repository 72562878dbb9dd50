import { randomBytes } from 'node:crypto';
import {
  NOTE_KEY_TYPE_COSIGNATURE_V1,
  NOTE_KEY_TYPE_ED25519,
  base64Encode,
  formatSignerKey,
  formatVerifierKey,
  publicKeyFromSeed,
} from '@truce/core';
import type { Command } from '../command.js';
import { keygenTarget, parseCommandConfig, usageOf } from '../config.js';
import { EXIT_OK } from '../errors.js';
import { println } from '../io.js';
import { writeFileAtomic } from '../key-file.js';

/** `truce keygen`: a new Ed25519 signer key for a log, a witness or a sensor. */
export const generateKeyCommand: Command = {
  name: 'keygen',
  summary: 'Make a signer key for a log, a witness or a sensor',
  usage: usageOf(
    'keygen',
    'truce keygen (--log NAME | --witness NAME | --sensor ID) --out FILE [--force]',
    'Writes a C2SP signer key file (PRIVATE+KEY+...) readable by its owner only and\nprints its verifier key. For a sensor it also prints the base64 public key and a\nsensors.json record to complete (position, operator) and register.'
  ),
  async run(argv, io) {
    const config = parseCommandConfig('keygen', argv, io.env);
    const { role, name } = keygenTarget(config);
    const seed = new Uint8Array(randomBytes(32));
    const publicKey = publicKeyFromSeed(seed);
    writeFileAtomic(config.out, `${formatSignerKey(name, seed)}\n`, {
      replace: config.force,
    });
    // Witnesses cosign with cosignature/v1 (c2sp.org/tlog-cosignature),
    // whose verifier keys carry signature type 0x04.
    const type =
      role === 'witness' ? NOTE_KEY_TYPE_COSIGNATURE_V1 : NOTE_KEY_TYPE_ED25519;
    println(
      io.stdout,
      `wrote ${role} key ${name} to ${config.out} (mode 0600)`
    );
    println(
      io.stdout,
      `verifier key: ${formatVerifierKey(name, publicKey, type)}`
    );
    if (role === 'sensor') {
      const record = {
        id: name,
        kind: config.kind,
        publicKey: base64Encode(publicKey),
        position: [0, 0],
        operator: 'monitor',
      };
      println(io.stdout, `public key: ${record.publicKey}`);
      println(
        io.stdout,
        'sensors.json record (set position [lon, lat(, altM)] and operator):'
      );
      println(io.stdout, JSON.stringify(record, null, 2));
    }
    return EXIT_OK;
  },
};
