import { z } from 'zod';
import { canonicalJsonSha256Hex } from '../evidence/digest.js';
import { CoreError } from '../errors.js';
import { describeIssues } from '../observation/issues.js';

/** The version of the rules engine; part of every finding id. */
export const ENGINE_VERSION = 'truce-rules/1';

const probability = z.number().min(0).max(1);

/** Parameters of rule evaluation: policy as data (DESIGN §3). */
export const engineParamsSchema = z.strictObject({
  /** A side's probability at or above which a finding names its party. */
  attributionThreshold: z.number().min(0.5).max(1),
  /** Distinct source entries a finding needs before it can be verified. */
  verifyMinSources: z.number().int().min(1).max(1000),
  /** Events below this confidence are not judged at all. */
  minEventConfidence: probability,
  /** Confidence that a monitoring gap of each reason was deliberate. */
  gapConfidence: z.strictObject({
    silence: probability,
    jamming: probability,
    tamper: probability,
  }),
});

export type EngineParams = z.infer<typeof engineParamsSchema>;

export type EngineParamsInput = Partial<
  Omit<EngineParams, 'gapConfidence'> & {
    gapConfidence: Partial<EngineParams['gapConfidence']>;
  }
>;

export const DEFAULT_ENGINE_PARAMS: EngineParams = Object.freeze({
  attributionThreshold: 0.9,
  verifyMinSources: 2,
  minEventConfidence: 0,
  gapConfidence: Object.freeze({ silence: 0.5, jamming: 0.9, tamper: 0.9 }),
});

/**
 * Fills in the defaults and checks the result, throwing
 * ENGINE_PARAMS_INVALID; the result is what the params digest covers.
 */
export function resolveEngineParams(
  input: EngineParamsInput = {}
): EngineParams {
  const merged = {
    ...DEFAULT_ENGINE_PARAMS,
    ...input,
    gapConfidence: {
      ...DEFAULT_ENGINE_PARAMS.gapConfidence,
      ...input.gapConfidence,
    },
  };
  const result = engineParamsSchema.safeParse(merged);
  if (!result.success) {
    throw new CoreError(
      'ENGINE_PARAMS_INVALID',
      `invalid engine params: ${describeIssues(result.error.issues)}`,
      { cause: result.error.issues }
    );
  }
  return result.data;
}

/** SHA-256 hex of the canonical JSON of resolved params. */
export function engineParamsDigest(params: EngineParams): string {
  return canonicalJsonSha256Hex(params);
}
