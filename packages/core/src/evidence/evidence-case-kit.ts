// Test fixture: the helpers the evidence cases are written with (see
// evidence-cases.ts), kept apart so each file stays readable.
import { base64Decode, base64Encode } from '../bytes.js';
import type { EvidenceErrorCode } from '../errors.js';
import {
  OTHER_SENSOR,
  SENSOR,
  buildTestLog,
  evidenceFor,
  registered,
  rotated,
  revoked,
} from './evidence-fixture.js';
import type { TestLog } from './evidence-fixture.js';
import type { EntryEvidence } from './evidence-package.js';

export type Path = (string | number)[];

export type EvidenceCaseWant =
  | { ok: true }
  | {
      ok: false;
      unusable: boolean;
      issues: { code: EvidenceErrorCode; path: Path }[];
    };

/** One vector file: `evidence` is a file's JSON, `evidenceText` its raw text. */
export type EvidenceCase = {
  desc: string;
  options?: { policy?: string; trust?: string[] };
  evidence?: unknown;
  evidenceText?: string;
  want: EvidenceCaseWant;
};

export const OK: EvidenceCaseWant = { ok: true };

export function invalid(
  ...issues: [EvidenceErrorCode, Path][]
): EvidenceCaseWant {
  return {
    ok: false,
    unusable: false,
    issues: issues.map(([code, path]) => ({ code, path })),
  };
}

export function unusable(
  ...issues: [EvidenceErrorCode, Path][]
): EvidenceCaseWant {
  return {
    ok: false,
    unusable: true,
    issues: issues.map(([code, path]) => ({ code, path })),
  };
}

export function edit(
  evidence: EntryEvidence,
  change: (copy: EntryEvidence) => void
): EntryEvidence {
  const copy = structuredClone(evidence);
  change(copy);
  return copy;
}

/** Replaces one line of the checkpoint note (0 = origin, 2 = root, 4 = log signature). */
export function withNoteLine(note: string, line: number, text: string): string {
  const lines = note.split('\n');
  lines[line] = text;
  return lines.join('\n');
}

export function flippedBase64(text: string, at: number): string {
  const bytes = base64Decode(text);
  bytes[at] = bytes[at]! ^ 0x01;
  return base64Encode(bytes);
}

// A log that admitted what an honest one refuses: registration, rotation,
// then `last` at index 4.
export function forgedLog(last: Uint8Array): TestLog {
  return buildTestLog([
    registered(SENSOR, 'acoustic-017 key 1'),
    registered(OTHER_SENSOR, 'acoustic-018 key 1'),
    rotated(SENSOR, 'acoustic-017 key 2'),
    revoked(OTHER_SENSOR),
    last,
  ]);
}

export function forged(desc: string, last: Uint8Array, want: EvidenceCaseWant) {
  return {
    desc,
    evidence: evidenceFor(forgedLog(last), { index: 4, registry: [0, 2] }),
    want,
  };
}

/** Every vector, by file name (without `.json`). */
