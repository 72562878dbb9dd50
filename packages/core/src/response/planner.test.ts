import { join } from 'node:path';
import { loadJsonVectors } from '@truce/testing';
import { describe, expect, it } from 'vitest';
import type { Ladder } from './ladder.js';
import type { ResponsePlan } from './plan.js';
import { responsePlanSchema } from './plan.js';
import { planResponse } from './planner.js';
import type { CompactPlanInput } from './response-fixture.js';
import { ladderOf, planInputOf, shortId } from './response-fixture.js';

const DIR = join(import.meta.dirname, 'test-vectors');

type PlanVector = {
  desc: string;
  input: CompactPlanInput;
  want: Record<string, unknown>;
};

const ladders: Record<string, Ladder> = Object.fromEntries(
  loadJsonVectors<unknown>(join(DIR, 'ladders')).map((v) => [
    v.name.replace(/\.json$/, ''),
    ladderOf(v.data),
  ])
);

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** The plan in the vectors' terms: short ids, `id@effectiveAt`, `id:reason`. */
function summaryOf(plan: ResponsePlan): Record<string, unknown> {
  return {
    tier: plan.tier?.id ?? null,
    findingIds: plan.findingIds.map(shortId),
    findingCount: plan.findingCount,
    awaitingCommission: plan.awaitingCommission,
    uncovered: plan.uncovered,
    responses: Object.fromEntries(
      plan.responses.map((r) => [
        r.type,
        r.pledges.map((p) => `${p.id}@${p.effectiveAt}`),
      ])
    ),
    excluded: plan.excluded.map((e) => `${e.id}:${e.reason}`),
    burden: Object.fromEntries(
      plan.burden.map((b) => [
        b.member,
        {
          share: round(b.share),
          ...(b.burdenToGdp === undefined
            ? {}
            : { burdenToGdp: round(b.burdenToGdp) }),
        },
      ])
    ),
  };
}

describe('planResponse test vectors', () => {
  const vectors = loadJsonVectors<PlanVector>(join(DIR, 'plan'));

  it('finds the vectors', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(20);
  });

  describe.each(vectors)('$name', ({ data }) => {
    const plan = planResponse(planInputOf(data.input, ladders));

    it(data.desc, () => {
      const summary = summaryOf(plan);
      const picked = Object.fromEntries(
        Object.keys(data.want).map((k) => [k, summary[k]])
      );
      expect(picked).toEqual(data.want);
    });

    it('is a plan the log accepts', () => {
      expect(responsePlanSchema.safeParse(plan).success).toBe(true);
    });

    it('is the same plan on a second run', () => {
      expect(planResponse(planInputOf(data.input, ladders))).toEqual(plan);
    });
  });
});
