import { describe, expect, it } from 'vitest';
import { base64Decode, utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import { sha256 } from '../hash.js';
import { signCheckpoint } from '../tlog/checkpoint.js';
import { signCosignature } from '../tlog/cosignature.js';
import {
  NOTE_KEY_TYPE_COSIGNATURE_V1,
  formatVerifierKey,
  publicKeyFromSeed,
} from '../tlog/note-key.js';
import {
  ed25519SignerFromSeed,
  noteVerifierFromKey,
} from '../tlog/note-verifier.js';
import { formatNoteSignature } from '../tlog/signed-note.js';
import { verifyCosignedCheckpoint } from './cosigned-checkpoint.js';
import { parseWitnessPolicy } from './policy.js';

// VECTORS.md §4: a Sunlight cosignature over a rome2026h1 checkpoint and a
// real ArmoredWitness cosignature published under a 0x01 vkey. The log
// signatures here are our own (the vectors' log keys are not published);
// cosignatures sign the body only, so they still verify.
const ROME_BODY =
  'rome2026h1.example.org\n300\nlCkHUpkmVBEms2r2T1K6Og69+wUuuN3MIEW1/ezu2v0=\n';
const SUNLIGHT_VKEY =
  'witness.example.org+b8a2cf20+BFLN3yikSfFkVAJtrnh/CiY3Zozkoy7clp+P7XB28qUN';
const SUNLIGHT_LINE =
  '— witness.example.org uKLPIAAAAABpVGeAhm2bOvKc3LaB9PFN1ruG19Y5yqslmcAAbhftnn1Zznmo0LXFZq4LGvqKqLX8jWlwLKasxEGTLIqAVusneCBmBw==\n';
const AW_BODY =
  'developers.google.com/android/binary_transparency/0\n611\n2GZ1zmS5VkfUZmn2ZyR4KZXwHLD+xnwBIWzql/cD50w=\n';
const AW_VKEY =
  'ArmoredWitness-small-breeze+7b3ada3a+AQAWYpUjfGGPQiWOgt6sLWap0P9rVOe+Ofu2uNZbO4FD';
const AW_LINE =
  '— ArmoredWitness-small-breeze nRq5UQAAAABnoqrsRIofXn68vTohcAm2KG4ACGyRPNePUk02BSWD0WKV5ElejTk5Z+Tm3GmJ5j/etA+fkL9XuaQsnTyZbr437sF4AQ==\n';

const logSeed = new Uint8Array(32).fill(1);
function logOf(origin: string) {
  const signer = ed25519SignerFromSeed(origin, logSeed);
  const vkey = formatVerifierKey(origin, publicKeyFromSeed(logSeed));
  return { signer, vkey, verifier: noteVerifierFromKey(vkey) };
}
function logSigned(body: string): string {
  const [origin, size, root] = body.split('\n') as [string, string, string];
  return signCheckpoint(
    {
      origin,
      size: Number(size),
      rootHash: base64Decode(root),
      extensions: [],
    },
    logOf(origin).signer
  );
}

const witnessSeed = (n: number) => new Uint8Array(32).fill(40 + n);
const witnessVkey = (n: number) =>
  formatVerifierKey(
    `w${n}.truce.example`,
    publicKeyFromSeed(witnessSeed(n)),
    NOTE_KEY_TYPE_COSIGNATURE_V1
  );
function cosignLine(body: string, n: number, timestamp: number): string {
  return formatNoteSignature(
    signCosignature({
      body,
      name: `w${n}.truce.example`,
      seed: witnessSeed(n),
      timestamp,
    })
  );
}

const rome = logOf('rome2026h1.example.org');
const romePolicy = parseWitnessPolicy(
  `log ${rome.vkey}
witness sunlight ${SUNLIGHT_VKEY}
witness w1 ${witnessVkey(1)}
witness w2 ${witnessVkey(2)}
group ours any w1 w2
group both all sunlight ours
quorum both
`
);

describe('verifyCosignedCheckpoint', () => {
  it('verifies the Sunlight cosignature vector under the policy', () => {
    const note = logSigned(ROME_BODY) + SUNLIGHT_LINE;
    const result = verifyCosignedCheckpoint({ note, policy: romePolicy });
    expect(result.checkpoint.size).toBe(300);
    expect(result.cosigners).toEqual([
      {
        name: 'sunlight',
        keyName: 'witness.example.org',
        timestamp: 1767139200,
      },
    ]);
    expect(result.quorumMet).toBe(false);
    expect(result.unknown).toEqual([]);
  });

  it('meets the quorum once one of our witnesses cosigns too', () => {
    const note =
      logSigned(ROME_BODY) + SUNLIGHT_LINE + cosignLine(ROME_BODY, 2, 1800);
    const result = verifyCosignedCheckpoint({
      note,
      policy: romePolicy,
      logVkey: rome.vkey,
    });
    expect(result.cosigners.map((c) => c.name)).toEqual(['sunlight', 'w2']);
    expect(result.quorumMet).toBe(true);
    expect(result.quorum.satisfied).toEqual(['sunlight', 'w2', 'ours', 'both']);
  });

  it('re-derives a 0x01 witness vkey as cosignature/v1 (ArmoredWitness)', () => {
    const aw = logOf('developers.google.com/android/binary_transparency/0');
    const policy = parseWitnessPolicy(
      `log ${aw.vkey}\nwitness aw ${AW_VKEY}\nquorum aw\n`
    );
    const result = verifyCosignedCheckpoint({
      note: logSigned(AW_BODY) + AW_LINE,
      policy,
    });
    expect(result.quorumMet).toBe(true);
    expect(result.cosigners[0]!.keyName).toBe('ArmoredWitness-small-breeze');
  });

  it('ignores and lists signatures by unknown keys', () => {
    const stranger = (timestamp: number) =>
      formatNoteSignature(
        signCosignature({
          body: ROME_BODY,
          name: 'stranger.example',
          seed: sha256(utf8Encode('stranger')),
          timestamp,
        })
      );
    const note =
      logSigned(ROME_BODY) + stranger(5) + stranger(6) + SUNLIGHT_LINE;
    const result = verifyCosignedCheckpoint({
      note,
      policy: romePolicy,
      logVerifier: rome.verifier,
    });
    expect(result.unknown).toEqual(['stranger.example']);
    expect(result.cosigners).toHaveLength(1);
  });

  it('lets the first line of a witness key decide', () => {
    const good = cosignLine(ROME_BODY, 1, 100);
    const other = cosignLine(ROME_BODY, 1, 200);
    const note = logSigned(ROME_BODY) + good + other;
    const result = verifyCosignedCheckpoint({ note, policy: romePolicy });
    expect(result.cosigners).toEqual([
      { name: 'w1', keyName: 'w1.truce.example', timestamp: 100 },
    ]);
  });

  describe('when a known witness cosignature does not verify', () => {
    it('throws WITNESS_COSIGNATURE_INVALID for a cosignature of another body', () => {
      const wrongBody = ROME_BODY.replace('300', '301');
      const note = logSigned(ROME_BODY) + cosignLine(wrongBody, 1, 100);
      expect(() =>
        verifyCosignedCheckpoint({ note, policy: romePolicy })
      ).toThrowWithCode(CoreError, 'WITNESS_COSIGNATURE_INVALID');
    });

    it('throws WITNESS_COSIGNATURE_INVALID when the verifier throws', () => {
      const note = logSigned(ROME_BODY) + SUNLIGHT_LINE;
      expect(() =>
        verifyCosignedCheckpoint({
          note,
          policy: romePolicy,
          logVerifier: rome.verifier,
          options: {
            ed25519Verify: () => {
              throw new Error('broken verifier');
            },
          },
        })
      ).toThrowWithCode(CoreError, 'WITNESS_COSIGNATURE_INVALID');
    });
  });

  describe('when the log signature is missing or wrong', () => {
    it('throws NOTE_NO_VERIFIABLE_SIGNATURE without a policy log for the origin', () => {
      const policy = parseWitnessPolicy(
        `witness sunlight ${SUNLIGHT_VKEY}\nquorum sunlight\n`
      );
      expect(() =>
        verifyCosignedCheckpoint({
          note: logSigned(ROME_BODY) + SUNLIGHT_LINE,
          policy,
        })
      ).toThrowWithCode(CoreError, 'NOTE_NO_VERIFIABLE_SIGNATURE');
    });

    it('throws NOTE_NO_VERIFIABLE_SIGNATURE for a note with cosignatures only', () => {
      const note = `${ROME_BODY}\n${SUNLIGHT_LINE}`;
      expect(() =>
        verifyCosignedCheckpoint({ note, policy: romePolicy })
      ).toThrowWithCode(CoreError, 'NOTE_NO_VERIFIABLE_SIGNATURE');
    });

    it('throws CHECKPOINT_ORIGIN_MISMATCH for a log key of another name', () => {
      const other = logOf('other.example');
      const note = `${ROME_BODY}\n${formatNoteSignature({
        name: 'other.example',
        keyId: other.signer.keyId,
        signature: other.signer.sign(utf8Encode(ROME_BODY)),
      })}`;
      expect(() =>
        verifyCosignedCheckpoint({
          note,
          policy: romePolicy,
          logVerifier: other.verifier,
        })
      ).toThrowWithCode(CoreError, 'CHECKPOINT_ORIGIN_MISMATCH');
    });
  });

  it('throws POLICY_INVALID for a hand-built policy listing one key twice', () => {
    const policy = {
      ...romePolicy,
      witnesses: [
        { name: 'a', vkey: witnessVkey(1) },
        { name: 'b', vkey: witnessVkey(1) },
      ],
    };
    expect(() =>
      verifyCosignedCheckpoint({ note: logSigned(ROME_BODY), policy })
    ).toThrowWithCode(CoreError, 'POLICY_INVALID');
  });
});
