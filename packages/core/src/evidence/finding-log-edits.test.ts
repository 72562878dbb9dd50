import { describe, expect, it } from 'vitest';
import { base64Encode, utf8Encode } from '../bytes.js';
import type { EvidenceErrorCode } from '../errors.js';
import { findingId } from '../engine/finding.js';
import { decodeLogEntry, encodeLogEntry } from '../log/entry.js';
import type { LogEntryOf } from '../log/entry.js';
import { acousticSceneBundle } from '../replay/replay-fixture.js';
import type { ReplayResult } from '../replay/replay-bundle.js';
import { inclusionProof } from '../tlog/inclusion-proof.js';
import { loggedEntry } from './evidence-package.js';
import type { FindingEvidence } from './finding-evidence.js';
import {
  LOG_VKEY,
  cosignature,
  cosignedNote,
  policyText,
} from './evidence-fixture.js';
import { buildFindingEvidence } from './finding-evidence.js';
import { findingEvidenceFor, findingLogOf } from './finding-fixture.js';
import { selectFindingEvidence } from './finding-select.js';
import { verifyEvidence } from './verify-evidence.js';

// Logs that lie about the finding's agreement or engine, and files whose
// bytes do not decode: every proof holds, each is refused by its code.
const bundle = acousticSceneBundle();
type Edit = (entries: Uint8Array[], replay: ReplayResult) => Uint8Array[];

function editFinding(change: (e: LogEntryOf<'finding'>) => void): Edit {
  return (entries, replay) => {
    const i = replay.layout.firstFinding;
    const entry = decodeLogEntry(entries[i]!) as LogEntryOf<'finding'>;
    change(entry);
    const p = entry.finding.properties;
    p.id = findingId(p.rule, p.sources, p.engineVersion);
    entries[i] = encodeLogEntry(entry);
    return entries;
  };
}

function codesOf(edit: Edit, change: (e: FindingEvidence) => void = () => {}) {
  const log = findingLogOf(bundle, edit);
  const evidence = findingEvidenceFor(log, log.replay.layout.firstFinding);
  change(evidence);
  const report = verifyEvidence(evidence);
  return report.ok ? [] : report.issues.map((i) => i.code);
}

// The log with a second agreement entry, v2 of the same agreement, at its end.
const appendAgreement: Edit = (entries, replay) => {
  const entry = decodeLogEntry(
    entries[replay.layout.agreementIndex]!
  ) as LogEntryOf<'agreement'>;
  const v2 = { ...entry, agreement: { ...entry.agreement, version: 2 } };
  return [...entries, encodeLogEntry(v2)];
};

const garbage = base64Encode(utf8Encode('not a log entry'));

const cases: [
  string,
  Edit,
  ((e: FindingEvidence) => void) | undefined,
  EvidenceErrorCode[],
][] = [
  [
    'a finding made by another engine version',
    editFinding((e) => {
      e.finding.properties.engineVersion = 'truce-rules/0';
    }),
    undefined,
    // Its engine is not this verifier's, nor the file's rules version.
    ['ENGINE_VERSION_UNSUPPORTED', 'ENGINE_VERSION_UNSUPPORTED'],
  ],
  [
    'a finding attributed to nobody that the engine attributes',
    editFinding((e) => {
      e.finding.properties.attribution = { party: null, probability: 0.5 };
    }),
    undefined,
    ['FINDING_ATTRIBUTION_MISMATCH'],
  ],
  [
    'an agreement of another version, logged after the finding',
    appendAgreement,
    (e) => {
      const log = findingLogOf(bundle, appendAgreement);
      const last = log.log.entries.length - 1;
      e.agreement = loggedEntry(
        {
          index: last,
          bytes: log.log.entries[last]!,
          proof: inclusionProof(last, last + 1, log.log.reader),
        },
        last + 1
      );
    },
    ['AGREEMENT_ENTRY_INVALID', 'AGREEMENT_ENTRY_INVALID'],
  ],
  [
    'finding bytes that are no log entry',
    (entries) => entries,
    (e) => {
      e.finding.bytes = garbage;
    },
    ['ENTRY_DECODE_FAILED'],
  ],
  [
    'registry bytes that are no log entry',
    (entries) => entries,
    (e) => {
      e.registry[0]!.bytes = garbage;
    },
    ['ENTRY_DECODE_FAILED'],
  ],
];

describe('verifyEvidence of a finding on a lying log', () => {
  it('refuses a finding naming a registry entry as one of its sources', () => {
    // The server's selection refuses such a finding, so the file is put
    // together by hand: the honest file's entries, read from the lying
    // log, and registry entry 0 among the sources.
    const lying = findingLogOf(
      bundle,
      editFinding((e) => {
        const p = e.finding.properties;
        p.sources = [0, ...p.sources];
      })
    ).log;
    const honest = findingLogOf(bundle);
    const at = honest.replay.layout.firstFinding;
    const pick = selectFindingEvidence({
      entries: honest.decoded,
      findingIndex: at,
      fusion: honest.replay.engine.fusion.params,
    });
    const size = lying.entries.length;
    const logged = (index: number) => ({
      index,
      bytes: lying.entries[index]!,
      proof: inclusionProof(index, size, lying.reader),
    });
    const report = verifyEvidence(
      buildFindingEvidence({
        logVkey: LOG_VKEY,
        checkpoint: cosignedNote(lying, [
          cosignature(lying, 0),
          cosignature(lying, 1),
        ]),
        policy: policyText(),
        finding: logged(at),
        agreement: logged(pick.agreement),
        sources: [0, ...pick.sources].map(logged),
        context: pick.context.map(logged),
        registry: pick.registry.map(logged),
        engine: honest.replay.engine,
      })
    );
    expect(report.ok ? [] : report.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'SOURCE_ENTRY_UNEXPECTED',
          message: 'a sensor_registered entry is not an observation',
        }),
      ])
    );
  });

  it('says so when the engine attributes the finding to nobody', () => {
    // The logged agreement's contact line, moved to run through the fire:
    // either side is as likely, so the recomputed finding names nobody.
    const [lon, lat] =
      findingLogOf(bundle).replay.findings[0]!.geometry.coordinates;
    const log = findingLogOf(bundle, (entries, replay) => {
      const i = replay.layout.agreementIndex;
      const entry = decodeLogEntry(entries[i]!) as LogEntryOf<'agreement'>;
      entries[i] = encodeLogEntry({
        ...entry,
        agreement: {
          ...entry.agreement,
          contactLine: {
            type: 'LineString',
            coordinates: [
              [lon, lat - 0.5],
              [lon, lat + 0.5],
            ],
          },
        },
      });
      return entries;
    });
    const report = verifyEvidence(
      findingEvidenceFor(log, log.replay.layout.firstFinding)
    );
    const messages = report.ok
      ? []
      : report.issues
          .filter((i) => i.code === 'FINDING_ATTRIBUTION_MISMATCH')
          .map((i) => i.message);
    expect(messages).toEqual([
      expect.stringMatching(/^recomputed attribution is none at 0\.5/),
    ]);
  });

  // Each wanted code as often as wanted; what rested on the lie may fail too.
  it.each(cases)('refuses %s', (_name, edit, change, want) => {
    const codes = codesOf(edit, change);
    expect(codes.filter((c) => want.includes(c))).toEqual(want);
  });
});
