import { z } from 'zod';
import { engineParamsSchema } from '../engine/params.js';
import type { EngineParams } from '../engine/params.js';
import { CoreError } from '../errors.js';
import { resolveFusionParams } from '../fusion/params.js';
import type { FusionOptions, FusionParams } from '../fusion/params.js';
import { canonicalJson } from './canonical-json.js';
import {
  checkpointSize,
  entryEvidenceSchema,
  EVIDENCE_FORMAT_V1,
  loggedEntry,
  loggedEntrySchema,
  readEvidenceAs,
} from './evidence-package.js';
import type {
  EvidenceReadResult,
  LoggedEntryInput,
} from './evidence-package.js';

// The evidence file for one finding (DESIGN 4.7), docs/evidence.md: the
// format of an entry's file, plus everything needed to recompute the
// finding offline.

/** Whether `value` is a complete, valid FusionParams (what resolving it gives back). */
function isFusionParams(value: unknown): value is FusionParams {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  try {
    const resolved = resolveFusionParams(value as FusionOptions);
    return canonicalJson(resolved) === canonicalJson(value);
  } catch {
    // resolveFusionParams reads untrusted shapes: any throw means invalid.
    return false;
  }
}

const versionSchema = z.string().min(1).max(64);

/** The engine that made the finding: rules and fusion, versions and parameters. */
export const findingEngineSchema = z.strictObject({
  rules: z.strictObject({ version: versionSchema, params: engineParamsSchema }),
  fusion: z.strictObject({
    version: versionSchema,
    params: z.custom<FusionParams>(
      isFusionParams,
      'must be complete, valid fusion parameters'
    ),
  }),
});

export type FindingEngine = z.infer<typeof findingEngineSchema>;

/** A `truce-evidence/v1` file of kind `finding`; unknown fields are rejected. */
export const findingEvidenceSchema = z.strictObject({
  format: z.literal(EVIDENCE_FORMAT_V1),
  kind: z.literal('finding'),
  log: entryEvidenceSchema.shape.log,
  policy: z.string(),
  /** The `finding` log entry this file is evidence of. */
  finding: loggedEntrySchema,
  /** The agreement version the finding was judged against. */
  agreement: loggedEntrySchema,
  /** Every entry the finding's `sources` names, ascending by index. */
  sources: z.array(loggedEntrySchema).min(1),
  /** Weather observations the recomputation needs (fusion's sound speed). */
  context: z.array(loggedEntrySchema),
  /** Registry entries of every source's and context entry's sensor. */
  registry: z.array(loggedEntrySchema),
  engine: findingEngineSchema,
});

/** One self-contained evidence file for one finding. */
export type FindingEvidence = z.infer<typeof findingEvidenceSchema>;

/**
 * Reads a finding's evidence file (text, UTF-8 bytes or parsed JSON),
 * returning EVIDENCE_MALFORMED or EVIDENCE_FORMAT_UNSUPPORTED issues.
 */
export function readFindingEvidence(
  input: unknown
): EvidenceReadResult<FindingEvidence> {
  return readEvidenceAs(input, ['finding'], findingEvidenceSchema);
}

/** The pieces a log holds for one finding's evidence file. */
export type FindingEvidenceInput = {
  logVkey: string;
  /** The checkpoint note as cosigned to the policy's quorum. */
  checkpoint: string;
  policy: string;
  finding: LoggedEntryInput;
  agreement: LoggedEntryInput;
  /** Any order; the file lists each list by index. */
  sources: readonly LoggedEntryInput[];
  context: readonly LoggedEntryInput[];
  registry: readonly LoggedEntryInput[];
  engine: {
    rules: { version: string; params: EngineParams };
    fusion: { version: string; params: FusionParams };
  };
};

const byIndex = (list: readonly LoggedEntryInput[]) =>
  [...list].sort((a, b) => a.index - b.index);

/**
 * Assembles the evidence file for one finding (choose its entries with
 * selectFindingEvidence); pure, it checks the shape and proves nothing.
 * Throws EVIDENCE_MALFORMED.
 *
 * @example
 * const text = formatFindingEvidence(buildFindingEvidence({ logVkey, checkpoint, policy, finding, agreement, sources, context, registry, engine }));
 */
export function buildFindingEvidence(
  input: FindingEvidenceInput
): FindingEvidence {
  const size = checkpointSize(input.checkpoint);
  const logged = (list: readonly LoggedEntryInput[]) =>
    byIndex(list).map((item) => loggedEntry(item, size));
  const evidence = {
    format: EVIDENCE_FORMAT_V1,
    kind: 'finding',
    log: { vkey: input.logVkey, checkpoint: input.checkpoint },
    policy: input.policy,
    finding: loggedEntry(input.finding, size),
    agreement: loggedEntry(input.agreement, size),
    sources: logged(input.sources),
    context: logged(input.context),
    registry: logged(input.registry),
    engine: input.engine,
  };
  const result = readFindingEvidence(evidence);
  if (result.ok) return result.value;
  const [first] = result.issues;
  throw new CoreError(
    first!.code,
    `${first!.message} at ${first!.path.join('.')}`,
    { cause: result.issues }
  );
}

/** The file's text: two-space indented JSON and a final newline. */
export function formatFindingEvidence(evidence: FindingEvidence): string {
  return `${JSON.stringify(evidence, null, 2)}\n`;
}
