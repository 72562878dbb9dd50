/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { parseAgreement } from '../rules/agreement.js';
import {
  BASE_AGREEMENT,
  eventOf,
  type EventSpec,
} from '../rules/vector-fixture.js';
import { evaluateAgreement } from './engine.js';
import type { FindingReview } from './finding-entry.js';
import { applyReviews, applyVerification } from './status.js';

/**
 * One case of test-vectors/rules/reviews: findings from `events`, the ones
 * whose entries are `cosigned` (by index in the engine's output), then
 * `reviews` naming findings by index, and the statuses wanted.
 */
type ReviewVector = {
  desc: string;
  rules: unknown[];
  events: EventSpec[];
  cosigned?: number[];
  reviews: {
    finding: number | 'unknown';
    status: string;
    reason?: string;
    actor: string;
    time: string;
  }[];
  want?: {
    statuses: string[];
    unmatched?: number;
    review?: { finding: number; reason: string; actor: string };
  };
  wantErr?: string;
};

const files = import.meta.glob<ReviewVector>(
  '../../test-vectors/rules/reviews/*.json',
  { eager: true, import: 'default' }
);

describe('review vectors', () => {
  describe.each(Object.entries(files))('%s', (_path, v) => {
    it(v.desc, () => {
      const agreement = parseAgreement({ ...BASE_AGREEMENT, rules: v.rules });
      const findings = evaluateAgreement({
        agreement,
        events: v.events.map(eventOf),
      });
      const cosigned = new Set(
        (v.cosigned ?? []).map((i) => findings[i]!.properties.id)
      );
      const verified = applyVerification(findings, (f) =>
        cosigned.has(f.properties.id)
      );
      const reviews = v.reviews.map(({ finding, ...rest }) => ({
        ...rest,
        findingId:
          finding === 'unknown'
            ? '0'.repeat(64)
            : findings[finding]!.properties.id,
      })) as FindingReview[];
      if (v.wantErr !== undefined) {
        expect(() => applyReviews(verified, reviews)).toThrowWithCode(
          CoreError,
          v.wantErr
        );
        return;
      }
      const { findings: reviewed, unmatched } = applyReviews(verified, reviews);
      expect(reviewed.map((f) => f.properties.status)).toEqual(
        v.want!.statuses
      );
      // Verification after reviews changes nothing a review decided.
      const again = applyVerification(reviewed, () => true);
      again.forEach((f, i) => {
        if (reviewed[i]!.properties.review !== undefined)
          expect(f).toBe(reviewed[i]);
      });
      expect(unmatched).toHaveLength(v.want!.unmatched ?? 0);
      if (v.want!.review !== undefined) {
        const { finding, reason, actor } = v.want!.review;
        expect(reviewed[finding]!.properties.review).toMatchObject({
          reason,
          actor,
        });
      }
    });
  });
});

describe('applyVerification', () => {
  it('uses verifyMinSources from params', () => {
    const agreement = parseAgreement({
      ...BASE_AGREEMENT,
      rules: [{ id: 'no-fire', kind: 'no_fire' }],
    });
    const findings = evaluateAgreement({
      agreement,
      events: [eventOf({ kind: 'fire', at: [-5, 0], sources: [1] })],
    });
    expect(applyVerification(findings, () => true)[0]!.properties.status).toBe(
      'provisional'
    );
    expect(
      applyVerification(findings, () => true, { verifyMinSources: 1 })[0]!
        .properties.status
    ).toBe('verified');
  });
});
