import { useEffect, useState } from 'preact/hooks';
import type { AppContext } from '../../api/context.js';
import { loadJson } from '../../api/http.js';
import type { Loaded } from '../../api/http.js';
import { Unavailable } from '../../ui/unavailable.js';
import type {
  CoalitionAnswer,
  PlansAnswer,
  ResponseAnswer,
} from './coalition-types.js';
import { PlanTimeline } from './plan-timeline.js';

/**
 * The guarantor coalition: members, pledges and their approval, the tier
 * reached and the response plan's timeline, and what no pledge covers.
 * `planVersion` changes when a `tier` or `plan` event arrives.
 */
export function CoalitionPage({
  ctx,
  planVersion,
}: {
  ctx: AppContext;
  planVersion: number;
}) {
  const [coalition, setCoalition] = useState<Loaded<CoalitionAnswer>>();
  const [response, setResponse] = useState<Loaded<ResponseAnswer>>();
  const [plans, setPlans] = useState<Loaded<PlansAnswer>>();
  const api = ctx.config.apiBase;
  useEffect(() => {
    void loadJson<CoalitionAnswer>(`${api}/v1/coalition`).then(setCoalition);
  }, [api]);
  useEffect(() => {
    void loadJson<ResponseAnswer>(`${api}/v1/response`).then(setResponse);
    void loadJson<PlansAnswer>(`${api}/v1/response/plans`).then(setPlans);
  }, [api, planVersion]);

  return (
    <div class="coalition-page">
      <h1>Guarantor coalition</h1>
      <section aria-labelledby="tier-title">
        <h2 id="tier-title">Current tier and response plan</h2>
        {response === undefined ? (
          <p role="status">Loading…</p>
        ) : response.state !== 'ok' ? (
          <Unavailable
            what="The response plan (GET /v1/response)"
            loaded={response}
          />
        ) : (
          <>
            <p class="tier" data-tier={response.value.tier?.id ?? 'none'}>
              {response.value.tier === null
                ? 'No tier reached: no response is called for.'
                : `Tier ${response.value.tier.level}: ${response.value.tier.name}`}
              <span class="muted"> (as of {response.value.at})</span>
            </p>
            {response.value.plan !== null && (
              <PlanTimeline plan={response.value.plan} />
            )}
          </>
        )}
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title">Tier changes</h2>
        {plans === undefined ? (
          <p role="status">Loading…</p>
        ) : plans.state !== 'ok' ? (
          <Unavailable
            what="The logged plans (GET /v1/response/plans)"
            loaded={plans}
          />
        ) : plans.value.plans.length === 0 ? (
          <p>No tier change has been logged.</p>
        ) : (
          <ol class="history" data-testid="plan-history">
            {plans.value.plans.map(({ index, time, plan }) => (
              <li key={index}>
                <time dateTime={time}>
                  {time.slice(0, 19).replace('T', ' ')}
                </time>{' '}
                {plan.tier === null
                  ? 'back to no tier'
                  : `tier ${plan.tier.level}: ${plan.tier.name}`}
                <span class="muted">
                  {' '}
                  (log entry {index}; {plan.findingCount ?? 0} findings
                  {(plan.uncovered ?? []).length > 0 &&
                    `; gaps: ${(plan.uncovered ?? []).join(', ')}`}
                  )
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="members-title">
        <h2 id="members-title">Members and pledges</h2>
        {coalition === undefined ? (
          <p role="status">Loading…</p>
        ) : coalition.state !== 'ok' ? (
          <Unavailable
            what="The coalition registry (GET /v1/coalition)"
            loaded={coalition}
          />
        ) : (
          <Pledges coalition={coalition.value} />
        )}
      </section>
    </div>
  );
}

function Pledges({ coalition }: { coalition: CoalitionAnswer }) {
  const members = coalition.members ?? [];
  const pledges = coalition.pledges ?? [];
  const nameOf = (iso3: string) =>
    members.find((m) => m.iso3 === iso3)?.name ?? iso3;
  return (
    <>
      <p>
        {members.length} members, {pledges.length} pledges
        {coalition.version === undefined
          ? ''
          : `, registry version ${coalition.version}`}
        .
        {coalition.source != null && (
          <span class="muted"> Source: {coalition.source}</span>
        )}
      </p>
      <div class="table-scroll">
        <table data-testid="pledges">
          <caption class="sr-only">
            Pledges by member, with approval status and state
          </caption>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Pledge</th>
              <th scope="col">Capability</th>
              <th scope="col">Approval</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {pledges.map((p) => (
              <tr key={p.id}>
                <td>
                  {nameOf(p.member)} <span class="muted">{p.member}</span>
                </td>
                <td>
                  {p.quantity} {p.unit} <span class="muted">{p.type}</span>
                  {p.illustrative === true && (
                    <span class="muted"> (illustrative)</span>
                  )}
                </td>
                <td>{p.capability ?? '—'}</td>
                <td>
                  {p.approval?.procedure ?? '—'}:{' '}
                  <span
                    class={`approval approval-${p.approval?.status ?? 'none'}`}
                  >
                    {p.approval?.status ?? '—'}
                  </span>
                  {p.approval?.leadTimeDays !== undefined && (
                    <span class="muted"> ({p.approval.leadTimeDays} d)</span>
                  )}
                </td>
                <td>{p.state ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Delivered coalition={coalition} />
    </>
  );
}

const eurBn = (value: number | undefined) =>
  value === undefined ? '—' : value.toFixed(2);

/** Pledged beside delivered: each member's record in the Kiel tracker. */
function Delivered({ coalition }: { coalition: CoalitionAnswer }) {
  const delivered = coalition.delivered ?? [];
  if (delivered.length === 0) return null;
  const pledged = (iso3: string) =>
    (coalition.pledges ?? []).filter((p) => p.member === iso3).length;
  return (
    <>
      <h3>Pledged and delivered</h3>
      <p class="muted">
        Support already given to Ukraine, EUR bn since 2022, beside the pledges
        in this registry.
      </p>
      <div class="table-scroll">
        <table data-testid="delivered">
          <caption class="sr-only">
            Delivered support by member (Kiel Ukraine Support Tracker) and
            pledges in this registry
          </caption>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Pledges here</th>
              <th scope="col">Committed</th>
              <th scope="col">Allocated</th>
              <th scope="col">Military</th>
              <th scope="col">Share of GDP</th>
            </tr>
          </thead>
          <tbody>
            {delivered.map((d) => (
              <tr key={d.iso3}>
                <td>
                  {d.name} <span class="muted">{d.iso3}</span>
                </td>
                <td>{pledged(d.iso3)}</td>
                <td>{eurBn(d.committedEurBn)}</td>
                <td>{eurBn(d.allocatedEurBn)}</td>
                <td>{eurBn(d.militaryEurBn)}</td>
                <td>
                  {d.pctGdp === undefined ? '—' : `${d.pctGdp.toFixed(2)} %`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
