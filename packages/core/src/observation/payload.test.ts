/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { hexDecode, utf8Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import {
  OBSERVATION_KINDS,
  parseObservationPayload,
  type Observation,
} from './payload.js';

/**
 * A case either holds a whole `payload`, raw `payloadText` / `payloadHex`, or
 * names a valid `base` case and an RFC 7396 merge `patch` to apply to it.
 */
type PayloadVector = {
  desc: string;
  payload?: unknown;
  payloadText?: string;
  payloadHex?: string;
  base?: string;
  patch?: unknown;
  want?: 'valid';
  wantErr?: string;
};

const files = import.meta.glob<PayloadVector>(
  '../../test-vectors/observation-payload/*.json',
  { eager: true, import: 'default' }
);
const vectors = new Map(
  Object.entries(files).map(([path, v]) => [
    path.replace(/^.*\/|\.json$/g, ''),
    v,
  ])
);

// RFC 7396 §2 MergePatch: objects merge recursively, null deletes a member,
// anything else replaces the target.
function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    return patch;
  }
  const isObject =
    typeof target === 'object' && target !== null && !Array.isArray(target);
  const out: Record<string, unknown> = isObject ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function payloadBytes(vector: PayloadVector): Uint8Array {
  if (vector.payloadHex !== undefined) return hexDecode(vector.payloadHex);
  if (vector.payloadText !== undefined) return utf8Encode(vector.payloadText);
  if (vector.base === undefined) {
    return utf8Encode(JSON.stringify(vector.payload));
  }
  const base = vectors.get(vector.base);
  if (base?.payload === undefined) throw new Error(`no base ${vector.base}`);
  return utf8Encode(JSON.stringify(mergePatch(base.payload, vector.patch)));
}

describe('parseObservationPayload', () => {
  it('has a valid vector for every kind', () => {
    const kinds = [...vectors.values()]
      .filter((v) => v.want === 'valid' && v.payload !== undefined)
      .map((v) => (v.payload as Observation).kind);
    expect(new Set(kinds)).toEqual(new Set(OBSERVATION_KINDS));
  });

  describe.each([...vectors])('vector %s', (_name, vector) => {
    const bytes = payloadBytes(vector);
    if (vector.wantErr === undefined) {
      it(`accepts ${vector.desc}`, () => {
        const parsed = parseObservationPayload(bytes);
        expect(parsed).toEqual(JSON.parse(new TextDecoder().decode(bytes)));
      });
    } else {
      it(`rejects ${vector.desc} with ${vector.wantErr}`, () => {
        expect(() => parseObservationPayload(bytes)).toThrowWithCode(
          CoreError,
          vector.wantErr!
        );
      });
    }
  });

  describe('when the schema rejects a payload', () => {
    it('puts the zod issues, with paths, in cause', () => {
      const bad = { ...vectors.get('valid-heartbeat')!.payload!, seq: -1 };
      try {
        parseObservationPayload(utf8Encode(JSON.stringify(bad)));
        expect.unreachable();
      } catch (err) {
        const issues = (err as CoreError).cause as { path: unknown[] }[];
        expect(issues.map((i) => i.path)).toEqual([['seq']]);
      }
    });
  });
});
