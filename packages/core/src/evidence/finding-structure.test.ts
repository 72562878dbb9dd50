import { describe, expect, it } from 'vitest';
import type { EvidenceErrorCode } from '../errors.js';
import { acousticSceneBundle } from '../replay/replay-fixture.js';
import type { FindingEvidence } from './finding-evidence.js';
import { findingEvidenceFor, findingLogOf } from './finding-fixture.js';
import { verifyEvidence } from './verify-evidence.js';

// A finding file whose every proof holds but whose parts sit in the wrong
// slots: each is refused with the code that names the misplaced part.
const findingLog = findingLogOf(acousticSceneBundle());
const firstFinding = findingLog.replay.layout.firstFinding;
const good = findingEvidenceFor(findingLog, firstFinding);

const laterFinding = () =>
  findingEvidenceFor(findingLog, findingLog.log.entries.length - 1).finding;

type Change = (e: FindingEvidence) => void;
const cases: [string, Change, EvidenceErrorCode[]][] = [
  [
    'the agreement where the finding goes',
    (e) => {
      e.finding = e.agreement;
    },
    ['FINDING_ENTRY_INVALID'],
  ],
  [
    'a source where the agreement goes',
    (e) => {
      e.agreement = e.sources[0]!;
    },
    ['AGREEMENT_ENTRY_INVALID', 'SOURCE_ENTRY_UNEXPECTED'],
  ],
  [
    'another rules version',
    (e) => {
      e.engine.rules.version = 'truce-rules/0';
    },
    ['ENGINE_VERSION_UNSUPPORTED'],
  ],
  [
    'another fusion version',
    (e) => {
      e.engine.fusion.version = 'fusion/0';
    },
    ['ENGINE_VERSION_UNSUPPORTED'],
  ],
  [
    'a source listed twice',
    (e) => {
      e.sources.push(e.sources[0]!);
    },
    ['SOURCE_ENTRY_UNEXPECTED'],
  ],
  [
    'a registry entry among the sources',
    (e) => {
      e.sources.push(e.registry[0]!);
    },
    ['SOURCE_ENTRY_UNEXPECTED'],
  ],
  [
    'a registry entry as context',
    (e) => {
      e.context.push(e.registry[0]!);
      e.registry.splice(0, 1);
    },
    ['SOURCE_ENTRY_UNEXPECTED'],
  ],
  [
    'a registry entry listed twice',
    (e) => {
      e.registry.push(e.registry[0]!);
    },
    ['SENSOR_ENTRY_UNEXPECTED'],
  ],
  [
    'the agreement among the registry entries',
    (e) => {
      e.registry.push(e.agreement);
    },
    ['SENSOR_ENTRY_UNEXPECTED'],
  ],
  [
    'a later finding as a source',
    (e) => {
      e.sources.push(laterFinding());
    },
    ['SOURCE_ENTRY_UNEXPECTED'],
  ],
  [
    'a later finding among the registry entries',
    (e) => {
      e.registry.push(laterFinding());
    },
    ['SENSOR_ENTRY_UNEXPECTED'],
  ],
  [
    "a finding whose bytes are not its proof's",
    (e) => {
      e.finding.bytes = e.agreement.bytes;
    },
    ['INCLUSION_PROOF_INVALID'],
  ],
  [
    "a registry entry whose bytes are not its proof's",
    (e) => {
      e.registry[0]!.bytes = e.agreement.bytes;
    },
    ['SENSOR_PROOF_INVALID'],
  ],
];

describe('verifyEvidence of a finding file with misplaced parts', () => {
  it('passes the file as built', () => {
    expect(verifyEvidence(good).ok).toBe(true);
  });

  it.each(cases)('refuses %s', (_name, change, want) => {
    const evidence = structuredClone(good);
    change(evidence);
    const report = verifyEvidence(evidence);
    expect(report.ok).toBe(false);
    // The misplaced part's own code; what rested on it may fail as well.
    const codes = report.ok ? [] : report.issues.map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(want));
  });
});

describe('verifyEvidence of a finding file with unusable fusion parameters', () => {
  it.each([
    ['not an object', 'defaults'],
    ['a list', []],
    ['missing fields', {}],
    ['a field of the wrong type', { speedOfSoundMps: 'fast' }],
  ])('refuses them when %s', (_name, params) => {
    const evidence = structuredClone(good) as unknown as {
      engine: { fusion: { params: unknown } };
    };
    evidence.engine.fusion.params = params;
    const report = verifyEvidence(evidence);
    expect(report.ok).toBe(false);
  });
});
