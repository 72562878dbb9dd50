import { describe, expect, it } from 'vitest';
import type { EvidenceErrorCode } from '../errors.js';
import type { Finding } from '../engine/finding.js';
import { findingId } from '../engine/finding.js';
import { decodeLogEntry, encodeLogEntry } from '../log/entry.js';
import type { LogEntryOf } from '../log/entry.js';
import type { ReplayResult } from '../replay/replay-bundle.js';
import { acousticSceneBundle } from '../replay/replay-fixture.js';
import { findingEvidenceFor, findingLogOf } from './finding-fixture.js';
import { verifyEvidence } from './verify-evidence.js';

// A dishonest or faulty log: the finding (or agreement) it logged is not
// what the engine computes from the entries it rests on. Every proof and
// signature in these files is valid; only the recomputation catches them.

const bundle = acousticSceneBundle();
type Edit = (entries: Uint8Array[], replay: ReplayResult) => Uint8Array[];

/** The log with finding `k` (by rule and sensor kind) replaced by `change(finding)`. */
function withFinding(
  rule: string,
  kind: string,
  change: (f: Finding) => void
): { index: number; edit: Edit } {
  const replay = findingLogOf(bundle).replay;
  const k = replay.findings.findIndex(
    (f) => f.properties.rule === rule && f.properties.sensorKinds.includes(kind)
  );
  const index = replay.layout.firstFinding + k;
  const edit: Edit = (entries) => {
    const entry = decodeLogEntry(entries[index]!) as LogEntryOf<'finding'>;
    change(entry.finding);
    entries[index] = encodeLogEntry(entry);
    return entries;
  };
  return { index, edit };
}

function codesOf(rule: string, kind: string, change: (f: Finding) => void) {
  const { index, edit } = withFinding(rule, kind, change);
  const report = verifyEvidence(
    findingEvidenceFor(findingLogOf(bundle, edit), index)
  );
  return report.ok ? [] : report.issues.map((i) => i.code);
}

// Degrees of latitude for `share` of the finding's semi-major axis.
const northDegrees = (f: Finding, share: number) =>
  (share * f.properties.errorEllipse.semiMajorM) / 111_200;

const rehash = (f: Finding) => {
  const p = f.properties;
  p.id = findingId(p.rule, p.sources, p.engineVersion);
};

describe('a finding the engine would not have made', () => {
  const cases: [
    string,
    EvidenceErrorCode,
    string,
    string,
    (f: Finding) => void,
  ][] = [
    [
      'moved 1 km north',
      'FINDING_LOCATION_MISMATCH',
      'no-fire',
      'acoustic',
      (f) => {
        f.geometry.coordinates[1] += 0.009;
      },
    ],
    [
      'moved 0.6 of its round ellipse north',
      'FINDING_LOCATION_MISMATCH',
      'no-fire',
      'radar',
      (f) => {
        f.geometry.coordinates[1] += northDegrees(f, 0.6);
      },
    ],
    [
      'given another rule',
      'FINDING_RULE_MISMATCH',
      'no-fire',
      'radar',
      (f) => {
        f.properties.rule = 'withdraw-mlrs';
        rehash(f);
      },
    ],
    [
      'given to the other party',
      'FINDING_ATTRIBUTION_MISMATCH',
      'no-fire',
      'acoustic',
      (f) => {
        f.properties.attribution.party = 'B';
      },
    ],
    [
      'made less certain',
      'FINDING_ATTRIBUTION_MISMATCH',
      'no-fire',
      'radar',
      (f) => {
        f.properties.attribution.probability = 0.95;
      },
    ],
    [
      'given a source it does not rest on',
      'FINDING_NOT_REPRODUCED',
      'no-fire',
      'radar',
      (f) => {
        f.properties.sources = [11, ...f.properties.sources];
        rehash(f);
      },
    ],
    [
      'with an id that is not its rule and sources',
      'FINDING_ENTRY_INVALID',
      'no-fire',
      'radar',
      (f) => {
        f.properties.id = '0'.repeat(64);
      },
    ],
  ];
  it.each(cases)('%s fails with %s', (_d, code, rule, kind, change) => {
    expect(codesOf(rule, kind, change)).toContain(code);
  });
});

describe('a finding moved within the tolerance', () => {
  it('still verifies: 0.3 of its round ellipse', () => {
    const shift = (f: Finding) => {
      f.geometry.coordinates[1] += northDegrees(f, 0.3);
    };
    expect(codesOf('no-fire', 'radar', shift)).toEqual([]);
  });
});

describe('an agreement other than the one judged against', () => {
  it('gives the other attribution, as the same id and version', () => {
    const replay = findingLogOf(bundle).replay;
    const at = replay.layout.agreementIndex;
    const log = findingLogOf(bundle, (entries) => {
      const entry = decodeLogEntry(entries[at]!) as LogEntryOf<'agreement'>;
      entries[at] = encodeLogEntry({
        ...entry,
        agreement: { ...entry.agreement, leftParty: 'B' },
      });
      return entries;
    });
    const index = replay.layout.firstFinding;
    const report = verifyEvidence(findingEvidenceFor(log, index));
    expect(report.ok ? [] : report.issues.map((i) => i.code)).toEqual([
      'FINDING_ATTRIBUTION_MISMATCH',
    ]);
  });
});
