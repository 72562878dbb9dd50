import { z } from 'zod';
import {
  base64Decode,
  base64Encode,
  bytesConcat,
  bytesEqual,
  utf8Encode,
} from '../bytes.js';
import { CoreError } from '../errors.js';
import type { Ed25519Verify } from './ed25519.js';
import { describeIssues } from './issues.js';

/** DSSE payloadType of a Truce v1 observation (DESIGN 4.1). */
export const OBSERVATION_PAYLOAD_TYPE =
  'application/vnd.truce.observation.v1+json';

/** The JSON envelope of the DSSE spec (envelope.md), in our normal form. */
export type DsseEnvelope = {
  payloadType: string;
  payload: string;
  signatures: { keyid: string; sig: string }[];
};

/** An envelope with its base64 fields decoded. */
export type DecodedEnvelope = {
  envelope: DsseEnvelope;
  payload: Uint8Array;
  signatures: { keyid: string; sig: Uint8Array }[];
};

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const SP = utf8Encode(' ');
const DSSE_V1 = utf8Encode('DSSEv1');

// "DSSEv1" SP LEN(type) SP type SP, for the last payloadType seen: a server
// encodes one type over and over.
let paePrefixType: string | undefined;
let paePrefix: Uint8Array = new Uint8Array(0);

function paePrefixFor(payloadType: string): Uint8Array {
  if (payloadType === paePrefixType) return paePrefix;
  // UTF8() of a lone surrogate would silently become U+FFFD, so two types
  // would share one PAE.
  if (LONE_SURROGATE.test(payloadType)) {
    throw new CoreError('ENVELOPE_MALFORMED', 'payloadType is not Unicode');
  }
  const type = utf8Encode(payloadType);
  paePrefix = bytesConcat(
    DSSE_V1,
    SP,
    utf8Encode(String(type.length)),
    SP,
    type,
    SP
  );
  paePrefixType = payloadType;
  return paePrefix;
}

/**
 * DSSE v1 pre-authentication encoding (protocol.md, "Signature Definition"):
 * "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, where LEN is the byte
 * length in ASCII decimal without leading zeros.
 */
export function dssePae(payloadType: string, payload: Uint8Array): Uint8Array {
  const prefix = paePrefixFor(payloadType);
  const length = utf8Encode(String(payload.length));
  const out = new Uint8Array(
    prefix.length + length.length + 1 + payload.length
  );
  out.set(prefix, 0);
  out.set(length, prefix.length);
  out[prefix.length + length.length] = SP[0]!;
  out.set(payload, prefix.length + length.length + 1);
  return out;
}

/**
 * DSSE base64: "either standard or URL-safe encoding is allowed" and
 * verifiers MUST accept both (envelope.md, protocol.md). We accept either
 * alphabet, never mixed, padding required (RFC 4648 §3.2), canonical bits.
 */
export function dsseBase64Decode(text: string): Uint8Array {
  return decodeDsseBase64(text).bytes;
}

function decodeDsseBase64(text: string): {
  bytes: Uint8Array;
  urlSafe: boolean;
} {
  const urlSafe = /[-_]/.test(text);
  if (urlSafe && /[+/]/.test(text)) {
    throw new CoreError('BYTES_BASE64_INVALID', 'mixed base64 alphabets');
  }
  const bytes = base64Decode(
    urlSafe ? text.replaceAll('-', '+').replaceAll('_', '/') : text
  );
  return { bytes, urlSafe };
}

const wellFormed = z
  .string()
  .refine((s) => !LONE_SURROGATE.test(s), 'must be well-formed Unicode');

/*
 * Unknown-field policy: unknown fields are rejected at every level. The
 * signature covers only payloadType and payload, so anything else in the
 * envelope could be added by anyone on the way and would then sit in the log
 * under a sensor's name. `keyid` may be omitted ("empty fields may be
 * omitted", envelope.md) and then reads as "".
 */
const envelopeInputSchema = z.strictObject({
  payloadType: wellFormed,
  payload: z.string(),
  signatures: z
    .array(z.strictObject({ keyid: wellFormed.optional(), sig: z.string() }))
    .min(1),
});

function malformed(message: string, cause?: unknown): never {
  throw new CoreError('ENVELOPE_MALFORMED', message, { cause });
}

/** A base64 field's bytes and its normal form (standard alphabet). */
function decodeField(
  text: string,
  name: string
): { bytes: Uint8Array; normal: string } {
  let decoded: { bytes: Uint8Array; urlSafe: boolean };
  try {
    decoded = decodeDsseBase64(text);
  } catch (err) {
    return malformed(`${name} is not base64`, err);
  }
  const { bytes, urlSafe } = decoded;
  // Strict decoding accepts one spelling per byte string, so text in the
  // standard alphabet is already the normal form: no need to re-encode.
  return { bytes, normal: urlSafe ? base64Encode(bytes) : text };
}

/**
 * Validates a parsed DSSE JSON envelope and decodes it; the returned
 * envelope is in normal form (standard base64, keyid present), which is the
 * form the log stores. Throws ENVELOPE_MALFORMED.
 */
export function decodeEnvelope(json: unknown): DecodedEnvelope {
  const result = envelopeInputSchema.safeParse(json);
  if (!result.success) {
    malformed(
      `not a DSSE envelope: ${describeIssues(result.error.issues)}`,
      result.error.issues
    );
  }
  const input = result.data;
  const payload = decodeField(input.payload, 'payload');
  const signatures = input.signatures.map((s, i) => ({
    keyid: s.keyid ?? '',
    sig: decodeField(s.sig, `signatures.${i}.sig`),
  }));
  return {
    envelope: {
      payloadType: input.payloadType,
      payload: payload.normal,
      signatures: signatures.map((s) => ({
        keyid: s.keyid,
        sig: s.sig.normal,
      })),
    },
    payload: payload.bytes,
    signatures: signatures.map((s) => ({ keyid: s.keyid, sig: s.sig.bytes })),
  };
}

/** Validates a parsed DSSE JSON envelope and returns its normal form; throws ENVELOPE_MALFORMED. */
export function parseEnvelope(json: unknown): DsseEnvelope {
  return decodeEnvelope(json).envelope;
}

/** Signs `payload` as a one-signature DSSE envelope; `sign` receives the PAE bytes. */
export function signEnvelope(input: {
  payloadType: string;
  payload: Uint8Array;
  keyid: string;
  sign: (message: Uint8Array) => Uint8Array;
}): DsseEnvelope {
  const sig = input.sign(dssePae(input.payloadType, input.payload));
  return {
    payloadType: input.payloadType,
    payload: base64Encode(input.payload),
    signatures: [{ keyid: input.keyid, sig: base64Encode(sig) }],
  };
}

/** A key a verifier trusts; `keyid`, when both sides have one, narrows the search. */
export type DsseTrustedKey = { keyid?: string; publicKey: Uint8Array };

/**
 * DSSE (t, n) multi-signature verification (protocol.md): true when
 * signatures by at least `threshold` distinct trusted keys verify over the
 * PAE. The caller still checks that payloadType is one it supports.
 * Throws ENVELOPE_MALFORMED for an envelope that does not decode.
 */
export function verifyEnvelope(
  json: unknown,
  options: { keys: DsseTrustedKey[]; threshold?: number; verify: Ed25519Verify }
): boolean {
  const { envelope, payload, signatures } = decodeEnvelope(json);
  const threshold = options.threshold ?? 1;
  // A threshold of 0 would accept anything; fail closed instead.
  if (!Number.isInteger(threshold) || threshold < 1) return false;
  const message = dssePae(envelope.payloadType, payload);
  const accepted: Uint8Array[] = [];
  for (const signature of signatures) {
    for (const key of options.keys) {
      // KEYID is an unauthenticated hint: it may only narrow the keys tried.
      const hinted = signature.keyid !== '' && key.keyid !== undefined;
      if (hinted && key.keyid !== signature.keyid) continue;
      if (accepted.some((k) => bytesEqual(k, key.publicKey))) continue;
      if (options.verify(key.publicKey, message, signature.sig)) {
        accepted.push(key.publicKey);
        break;
      }
    }
    if (accepted.length >= threshold) return true;
  }
  return false;
}
