import type { ResponsePlan } from './coalition-types.js';

const DAY_MS = 86_400_000;

/**
 * When each planned pledge can take effect, as bars from the plan's moment
 * (day 0) to its effective date, grouped by response type; the types no
 * pledge covers are the gaps.
 */
export function PlanTimeline({ plan }: { plan: ResponsePlan }) {
  const responses = plan.responses ?? [];
  const burden = (plan.burden ?? [])
    .filter((b) => b.share > 0)
    .sort((a, b) => b.share - a.share);
  const start = Date.parse(plan.at);
  const maxDays = Math.max(
    1,
    ...responses.flatMap((r) => r.pledges.map((p) => p.waitDays))
  );
  return (
    <div class="plan" data-testid="plan">
      <p>
        Rests on {plan.findingCount ?? 0} findings
        {(plan.awaitingCommission ?? []).length > 0 &&
          `; awaiting the Special Commission on ${(plan.awaitingCommission ?? []).join(', ')}`}
        .
      </p>
      {responses.map((r) => (
        <section key={r.type} class="plan-response">
          <h3>
            {r.type}{' '}
            <span class="muted">
              {r.effectiveAt === null
                ? 'no pledge can act'
                : `first effect ${r.effectiveAt.slice(0, 10)}`}
            </span>
          </h3>
          <ol class="bars">
            {r.pledges.map((p) => (
              <li key={p.id}>
                <span class="bar-label">
                  {p.member} · {p.quantity} {p.unit} · {p.approval} (
                  {p.procedure})
                </span>
                <span
                  class="bar"
                  style={{
                    width: `${Math.max(2, (p.waitDays / maxDays) * 100)}%`,
                  }}
                  aria-hidden="true"
                />
                <span class="bar-days">
                  day {p.waitDays} (
                  {new Date(start + p.waitDays * DAY_MS)
                    .toISOString()
                    .slice(0, 10)}
                  )
                </span>
              </li>
            ))}
          </ol>
        </section>
      ))}
      <h3>Gaps</h3>
      {(plan.uncovered ?? []).length === 0 ? (
        <p>Every response the tier calls for has a pledge.</p>
      ) : (
        <p class="gaps" data-testid="gaps">
          No pledge covers: {(plan.uncovered ?? []).join(', ')}
        </p>
      )}
      {(plan.excluded ?? []).length > 0 && (
        <p class="muted">
          Left out:{' '}
          {(plan.excluded ?? [])
            .map((e) => `${e.member} ${e.capability} (${e.reason})`)
            .join('; ')}
        </p>
      )}
      {burden.length > 0 && (
        <p class="muted">
          Burden share:{' '}
          {burden
            .map((b) => `${b.member} ${(b.share * 100).toFixed(0)} %`)
            .join(', ')}
        </p>
      )}
    </div>
  );
}
