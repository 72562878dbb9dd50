// Our checkpoints and inclusion proofs, checked by an independent
// implementation: sigstore-js's Rekor-tile verifier (@sigstore/verify 3.1.1,
// pinned: its `dist/tlog` module is internal). See shared/vectors/VECTORS.md §8.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublicKeyDetails } from '@sigstore/protobuf-specs';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial } from '@sigstore/verify';
import {
  base64Decode,
  bytesConcat,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  sha256,
  utf8Encode,
} from '@truce/core';
import type { TestLog } from './helpers.js';
import {
  acousticPayload,
  createTestLog,
  makeSensor,
  signPayload,
} from './helpers.js';

const require = createRequire(import.meta.url);
const { verifyTLogInclusion } = require('@sigstore/verify/dist/tlog') as {
  verifyTLogInclusion: (entry: unknown, tlogs: unknown) => void;
};

// RFC 8410 §4: DER SubjectPublicKeyInfo prefix of an Ed25519 key.
const ED25519_SPKI_PREFIX = new Uint8Array([
  0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
]);

const sensor = makeSensor('acoustic-001');
let log: TestLog;

beforeAll(async () => {
  log = await createTestLog({ sensors: [sensor] });
  const envelopes = Array.from({ length: 40 }, (_, i) =>
    signPayload(acousticPayload('acoustic-001', i), sensor.seed)
  );
  await log.app.inject({
    method: 'POST',
    url: '/v1/observations',
    payload: { envelopes },
  });
  await log.services.sequencer.integrate();
});
afterAll(async () => {
  await log.close();
});

function trustMaterial() {
  const { name, publicKey } = parseVerifierKey(log.services.verifierKey);
  const spki = bytesConcat(ED25519_SPKI_PREFIX, publicKey);
  const root = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    certificateAuthorities: [],
    timestampAuthorities: [],
    ctlogs: [],
    tlogs: [
      {
        baseUrl: `https://${name}`,
        hashAlgorithm: 1,
        publicKey: {
          rawBytes: Buffer.from(spki),
          keyDetails: PublicKeyDetails.PKIX_ED25519,
        },
        logId: { keyId: Buffer.from(sha256(spki)) },
        checkpointKeyId: {
          keyId: Buffer.from(
            sha256(
              bytesConcat(
                utf8Encode(name),
                new Uint8Array([0x0a, 0x01]),
                publicKey
              )
            )
          ),
        },
      },
    ],
  } as unknown as TrustedRoot;
  return toTrustMaterial(root);
}

async function sigstoreEntry(index: number) {
  const note = (await log.app.inject({ url: '/log/checkpoint' })).body;
  const size = parseCheckpoint(parseNote(note).text).size;
  const proof = (
    await log.app.inject({
      url: `/v1/proofs/inclusion?index=${index}&size=${size}`,
    })
  ).json();
  const [entry] = await log.services.store.readEntries(index, index + 1);
  return {
    logIndex: String(index),
    canonicalizedBody: Buffer.from(entry!),
    inclusionProof: {
      logIndex: String(index),
      treeSize: String(size),
      rootHash: Buffer.from(parseCheckpoint(parseNote(note).text).rootHash),
      hashes: proof.hashes.map((h: string) => Buffer.from(base64Decode(h))),
      checkpoint: { envelope: note },
    },
  };
}

describe('@sigstore/verify verifyTLogInclusion', () => {
  it.each([0, 1, 17, 39, 40])(
    'accepts our checkpoint and inclusion proof for entry %i',
    async (index) => {
      const entry = await sigstoreEntry(index);
      expect(() =>
        verifyTLogInclusion(entry, trustMaterial().tlogs)
      ).not.toThrow();
    }
  );

  it('rejects the same proof with one hash altered (so the check above can fail)', async () => {
    const entry = await sigstoreEntry(17);
    entry.inclusionProof.hashes[0]![0]! ^= 1;
    expect(() => verifyTLogInclusion(entry, trustMaterial().tlogs)).toThrow();
  });

  it('rejects the proof for an altered entry', async () => {
    const entry = await sigstoreEntry(17);
    entry.canonicalizedBody[10]! ^= 1;
    expect(() => verifyTLogInclusion(entry, trustMaterial().tlogs)).toThrow();
  });
});
