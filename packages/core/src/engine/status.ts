import { CoreError } from '../errors.js';
import { describeIssues } from '../observation/issues.js';
import { type FindingReview, findingReviewSchema } from './finding-entry.js';
import type { Finding } from './finding.js';
import { type EngineParamsInput, resolveEngineParams } from './params.js';

/**
 * Marks `provisional` findings `verified` where they rest on at least
 * `verifyMinSources` entries and `isCosigned` says the finding's own log
 * entry is in a checkpoint cosigned to the witness quorum (core knows no
 * checkpoints: the caller answers). Other statuses are left as they are.
 */
export function applyVerification(
  findings: readonly Finding[],
  isCosigned: (finding: Finding) => boolean,
  params?: EngineParamsInput
): Finding[] {
  const { verifyMinSources } = resolveEngineParams(params);
  return findings.map((f) =>
    f.properties.status === 'provisional' &&
    f.properties.sources.length >= verifyMinSources &&
    isCosigned(f)
      ? { ...f, properties: { ...f.properties, status: 'verified' } }
      : f
  );
}

/**
 * Applies analysts' reviews in log order: the later review of a finding
 * wins, and the finding records it. Reviews of findings not given come
 * back as `unmatched` (another engine version, another day). Throws
 * FINDING_REVIEW_INVALID for a review without a reason or otherwise
 * malformed, before changing anything.
 */
export function applyReviews(
  findings: readonly Finding[],
  reviews: readonly FindingReview[]
): { findings: Finding[]; unmatched: FindingReview[] } {
  const latest = new Map<string, FindingReview>();
  reviews.forEach((review, i) => {
    const result = findingReviewSchema.safeParse(review);
    if (!result.success) {
      throw new CoreError(
        'FINDING_REVIEW_INVALID',
        `reviews[${i}]: ${describeIssues(result.error.issues)}`,
        { cause: result.error.issues }
      );
    }
    latest.set(review.findingId, result.data);
  });
  const ids = new Set(findings.map((f) => f.properties.id));
  const unmatched = reviews.filter((r) => !ids.has(r.findingId));
  return {
    findings: findings.map((f) => {
      const r = latest.get(f.properties.id);
      if (r === undefined) return f;
      const review = {
        status: r.status,
        reason: r.reason,
        actor: r.actor,
        time: r.time,
      };
      return {
        ...f,
        properties: { ...f.properties, status: r.status, review },
      };
    }),
    unmatched,
  };
}
