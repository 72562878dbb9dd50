import { describe, expect, it } from 'vitest';
import { encodeLogEntry } from '../log/entry.js';
import { parseAgreement } from '../rules/agreement.js';
import { BASE_AGREEMENT } from '../rules/vector-fixture.js';
import {
  SENSOR,
  TIME,
  buildTestLog,
  evidenceFor,
  observed,
  registered,
} from './evidence-fixture.js';
import { formatEntryEvidence } from './evidence-package.js';
import { verifyEvidence } from './verify-evidence.js';

describe('verifyEvidence of an entry that rests on no sensor', () => {
  // v1 evidence proves observations and registry entries; an agreement is
  // logged like them but has no sensor history to check it against.
  const log = buildTestLog([
    registered(SENSOR, 'acoustic-017 key 1'),
    encodeLogEntry({
      v: 1,
      type: 'agreement',
      time: TIME,
      actor: 'mission',
      agreement: parseAgreement(BASE_AGREEMENT),
    }),
    observed(SENSOR, 0, 'acoustic-017 key 1'),
  ]);

  it('is EVIDENCE_FORMAT_UNSUPPORTED, naming the entry bytes', () => {
    const report = verifyEvidence(
      formatEntryEvidence(evidenceFor(log, { index: 1, registry: [0] }))
    );
    expect(report.ok ? [] : report.issues).toEqual([
      expect.objectContaining({
        code: 'EVIDENCE_FORMAT_UNSUPPORTED',
        path: ['entry', 'bytes'],
      }),
    ]);
  });

  it('still verifies the observation beside it', () => {
    const report = verifyEvidence(
      formatEntryEvidence(evidenceFor(log, { index: 2, registry: [0] }))
    );
    expect(report.ok).toBe(true);
  });
});
