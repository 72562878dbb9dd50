import type { SignerKey } from '@truce/core';
import {
  OBSERVATION_PAYLOAD_TYPE,
  ed25519Sign,
  signEnvelope,
  utf8Encode,
} from '@truce/core';

/** Why `truce submit` did not send a line, before any server saw it. */
export type LineRejectCode = 'LINE_INVALID' | 'SENSOR_MISMATCH' | 'SEQ_MISSING';

export type LineOutcome =
  | { ok: true; envelope: unknown }
  | { ok: false; code: LineRejectCode; message: string };

/**
 * Turns one JSONL line into what to send: a line that is already a DSSE
 * envelope (it has `payloadType`) goes as it is; any other object is an
 * observation payload (DESIGN 4.1), completed with the key's sensor id and
 * the next seq where it lacks them, and signed with the sensor key.
 */
export function envelopeFromLine(
  line: string,
  key: SignerKey,
  nextSeq: () => number | undefined
): LineOutcome {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return {
      ok: false,
      code: 'LINE_INVALID',
      message: (error as Error).message,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: 'LINE_INVALID', message: 'not a JSON object' };
  }
  const object = value as Record<string, unknown>;
  if (Object.hasOwn(object, 'payloadType'))
    return { ok: true, envelope: object };
  const sensor = object.sensor ?? key.name;
  if (sensor !== key.name) {
    return {
      ok: false,
      code: 'SENSOR_MISMATCH',
      message: `payload sensor ${JSON.stringify(sensor)} is not the key's sensor ${key.name}`,
    };
  }
  const seq = object.seq ?? nextSeq();
  if (seq === undefined) {
    return {
      ok: false,
      code: 'SEQ_MISSING',
      message: 'the payload has no seq; pass --start-seq to number such lines',
    };
  }
  const payload = { ...object, sensor, seq };
  return {
    ok: true,
    envelope: signEnvelope({
      payloadType: OBSERVATION_PAYLOAD_TYPE,
      payload: utf8Encode(JSON.stringify(payload)),
      keyid: key.name,
      sign: (message) => ed25519Sign(key.seed, message),
    }),
  };
}
