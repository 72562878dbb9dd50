import { describe, expect, it } from 'vitest';
import { utf8Decode, utf8Encode } from '../bytes.js';
import { decodeLogEntry, encodeLogEntry } from '../log/entry.js';
import { ed25519Verify } from '../observation/ed25519.js';
import { replayBundle } from '../replay/replay-bundle.js';
import { acousticSceneBundle } from '../replay/replay-fixture.js';
import { AuditIssues } from './audit-issue.js';
import { EntryAuditor } from './entry-audit.js';

describe('EntryAuditor', () => {
  describe('when the log holds an agreement and findings', () => {
    // Registrations, the agreement, observations, then finding entries.
    const { entries, layout } = replayBundle(acousticSceneBundle());

    it('passes them, and counts observations only', () => {
      const issues = new AuditIssues(10);
      const auditor = new EntryAuditor(issues, ed25519Verify);
      entries.forEach((bytes, index) => auditor.check(index, bytes));
      expect(issues.list).toEqual([]);
      expect(auditor.counts).toEqual({
        registryEntries: layout.agreementIndex,
        observations: layout.observations,
      });
    });

    it('still fails one that does not decode canonically', () => {
      const issues = new AuditIssues(10);
      const auditor = new EntryAuditor(issues, ed25519Verify);
      const agreement = decodeLogEntry(entries[layout.agreementIndex]!);
      const spaced = utf8Encode(` ${utf8Decode(encodeLogEntry(agreement))}`);
      auditor.check(0, spaced);
      expect(issues.list.map((i) => i.code)).toEqual(['ENTRY_INVALID']);
    });
  });
});
