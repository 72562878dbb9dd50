import { base64Encode } from '../bytes.js';
import type { FindingEntry } from '../engine/finding-entry.js';
import { findingId } from '../engine/finding.js';
import { ENGINE_VERSION, engineParamsDigest } from '../engine/params.js';
import { FUSION_ALGORITHM_VERSION } from '../fusion/params.js';
import type { LogEntryOf } from '../log/entry.js';
import type { Ed25519Verify } from '../observation/ed25519.js';
import type { VerifierKey } from '../tlog/note-key.js';
import type { EvidenceIssues, EvidenceSummary } from './evidence-issue.js';
import type { FindingEvidence } from './finding-evidence.js';
import { checkFindingParts, decodeProved } from './finding-parts.js';
import { compareFinding, recomputeFindings } from './finding-recompute.js';
import type { FindingComparison } from './finding-recompute.js';
import { checkCheckpoint } from './verify-checkpoint.js';
import type { CheckpointFindings } from './verify-checkpoint.js';
import { checkProofs, provedEntry } from './verify-proofs.js';

export type FindingVerifyContext = {
  policy?: string;
  trust?: readonly VerifierKey[];
  verify: Ed25519Verify;
};

// The finding entry: decodes, is a finding, and its id is its rule's and sources'.
function checkFindingEntry(
  evidence: FindingEvidence,
  index: number,
  issues: EvidenceIssues
): FindingEntry | undefined {
  const item = provedEntry(
    evidence.finding,
    ['finding'],
    'INCLUSION_PROOF_INVALID'
  );
  const decoded = decodeProved(item, issues)?.entry;
  if (decoded === undefined) return undefined;
  if (decoded.type !== 'finding') {
    issues.add(
      'FINDING_ENTRY_INVALID',
      ['finding', 'bytes'],
      `a ${decoded.type} entry, not a finding`
    );
    return undefined;
  }
  const { rule, sources, engineVersion, id } = decoded.finding.properties;
  if (findingId(rule, sources, engineVersion) !== id) {
    issues.add(
      'FINDING_ENTRY_INVALID',
      ['finding', 'bytes'],
      `id ${id} is not that of rule ${rule} on its sources (entry ${index})`
    );
  }
  return decoded;
}

// Versions this verifier can rerun, and the rules parameters the finding names.
function checkEngine(
  evidence: FindingEvidence,
  finding: FindingEntry,
  issues: EvidenceIssues
): boolean {
  const { rules, fusion } = evidence.engine;
  const { engineVersion, paramsDigest } = finding.finding.properties;
  const before = issues.list.length;
  if (engineVersion !== ENGINE_VERSION) {
    issues.add(
      'ENGINE_VERSION_UNSUPPORTED',
      ['finding', 'bytes'],
      `the finding was made by ${engineVersion}; this verifier reruns ${ENGINE_VERSION}`
    );
  }
  if (rules.version !== engineVersion) {
    issues.add(
      'ENGINE_VERSION_UNSUPPORTED',
      ['engine', 'rules', 'version'],
      `${rules.version} is not the finding's ${engineVersion}`
    );
  }
  if (fusion.version !== FUSION_ALGORITHM_VERSION) {
    issues.add(
      'ENGINE_VERSION_UNSUPPORTED',
      ['engine', 'fusion', 'version'],
      `fusion ${fusion.version}; this verifier reruns ${FUSION_ALGORITHM_VERSION}`
    );
  }
  if (engineParamsDigest(rules.params) !== paramsDigest) {
    issues.add(
      'ENGINE_PARAMS_MISMATCH',
      ['engine', 'rules', 'params'],
      `their digest is not the finding's paramsDigest ${paramsDigest}`
    );
  }
  return !issues.list
    .slice(before)
    .some((i) => i.code === 'ENGINE_VERSION_UNSUPPORTED');
}

function checkAgreement(
  evidence: FindingEvidence,
  finding: FindingEntry | undefined,
  findingIndex: number,
  issues: EvidenceIssues
): LogEntryOf<'agreement'> | undefined {
  const item = provedEntry(
    evidence.agreement,
    ['agreement'],
    'INCLUSION_PROOF_INVALID'
  );
  const decoded = decodeProved(item, issues);
  if (decoded === undefined || finding === undefined) return undefined;
  const path = ['agreement', 'bytes'];
  const { entry } = decoded;
  if (entry.type !== 'agreement') {
    issues.add(
      'AGREEMENT_ENTRY_INVALID',
      path,
      `a ${entry.type} entry, not an agreement`
    );
    return undefined;
  }
  const want = finding.finding.properties.agreement;
  const { id, version } = entry.agreement;
  if (id !== want.id || version !== want.version) {
    issues.add(
      'AGREEMENT_ENTRY_INVALID',
      path,
      `agreement ${id} v${version}; the finding was judged against ${want.id} v${want.version}`
    );
  }
  if (item.index >= findingIndex) {
    issues.add(
      'AGREEMENT_ENTRY_INVALID',
      path,
      `logged at ${item.index}, after the finding at ${findingIndex}`
    );
  }
  return entry;
}

function summarize(
  evidence: FindingEvidence,
  checkpoint: Required<CheckpointFindings>,
  trusted: EvidenceSummary['trusted'],
  finding: FindingEntry,
  agreementIndex: number,
  compared: FindingComparison
): EvidenceSummary {
  const p = finding.finding.properties;
  const match = compared.match!;
  return {
    kind: 'finding',
    log: {
      origin: checkpoint.checkpoint.origin,
      vkey: evidence.log.vkey,
      size: checkpoint.checkpoint.size,
      rootHash: base64Encode(checkpoint.checkpoint.rootHash),
    },
    cosigners: checkpoint.cosigners,
    quorum: checkpoint.quorum,
    trusted,
    entry: { index: evidence.finding.proof.index, value: finding },
    finding: {
      id: p.id,
      rule: p.rule,
      kind: p.kind,
      position: [...finding.finding.geometry.coordinates],
      party: p.attribution.party,
      probability: p.attribution.probability,
      agreement: { index: agreementIndex, ...p.agreement },
      engine: {
        rules: p.engineVersion,
        fusion: evidence.engine.fusion.version,
        paramsDigest: p.paramsDigest,
      },
      sources: [...p.sources],
      context: evidence.context.map((c) => c.proof.index),
      recomputed: {
        id: match.properties.id,
        position: [...match.geometry.coordinates],
        distanceM: compared.distanceM,
        ellipseFraction: compared.ellipseFraction,
        party: match.properties.attribution.party,
        probability: match.properties.attribution.probability,
      },
    },
  };
}

/**
 * Checks a finding's evidence file: the checks of an entry's file for
 * every entry in it, then the finding itself, recomputed by fusion and the
 * rules from the file's entries with the file's parameters. Returns the
 * summary when no issue was found.
 */
export function checkFindingEvidence(
  evidence: FindingEvidence,
  ctx: FindingVerifyContext,
  trusted: EvidenceSummary['trusted'],
  issues: EvidenceIssues
): EvidenceSummary | undefined {
  const checkpoint = checkCheckpoint({ evidence, ...ctx }, issues);
  const proved = (list: FindingEvidence['sources'], name: string) =>
    list.map((item, i) =>
      provedEntry(
        item,
        [name, i],
        name === 'registry' ? 'SENSOR_PROOF_INVALID' : 'INCLUSION_PROOF_INVALID'
      )
    );
  const items = {
    sources: proved(evidence.sources, 'sources'),
    context: proved(evidence.context, 'context'),
    registry: proved(evidence.registry, 'registry'),
  };
  const findingItem = provedEntry(
    evidence.finding,
    ['finding'],
    'INCLUSION_PROOF_INVALID'
  );
  const agreementItem = provedEntry(
    evidence.agreement,
    ['agreement'],
    'INCLUSION_PROOF_INVALID'
  );
  checkProofs(
    [
      findingItem,
      agreementItem,
      ...items.sources,
      ...items.context,
      ...items.registry,
    ],
    checkpoint,
    issues
  );
  const findingIndex = findingItem.index;
  const finding = checkFindingEntry(evidence, findingIndex, issues);
  const rerunnable =
    finding !== undefined && checkEngine(evidence, finding, issues);
  const agreement = checkAgreement(evidence, finding, findingIndex, issues);
  const entries = checkFindingParts(
    {
      findingIndex,
      sources: finding?.finding.properties.sources ?? [],
      taken: [findingIndex, agreementItem.index],
      items,
      verify: ctx.verify,
    },
    issues
  );
  if (!rerunnable || agreement === undefined) return undefined;
  let compared: FindingComparison;
  try {
    const recomputed = recomputeFindings({
      entries,
      agreement: agreement.agreement,
      engine: evidence.engine,
    });
    compared = compareFinding(finding.finding, recomputed);
  } catch (err) {
    // Fusion or the rules refused the file's inputs: nothing was recomputed.
    issues.add('FINDING_NOT_REPRODUCED', ['finding'], (err as Error).message);
    return undefined;
  }
  for (const { code, message } of compared.problems) {
    issues.add(code, ['finding'], message);
  }
  if (issues.list.length > 0) return undefined;
  return summarize(
    evidence,
    checkpoint as Required<CheckpointFindings>,
    trusted,
    finding,
    agreementItem.index,
    compared
  );
}
