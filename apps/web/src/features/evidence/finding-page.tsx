import { useEffect, useState } from 'preact/hooks';
import type { AgreementView, AppContext } from '../../api/context.js';
import { loadAgreement } from '../../api/context.js';
import { loadJson } from '../../api/http.js';
import type { Loaded } from '../../api/http.js';
import type { FindingFeature } from '../../api/types.js';
import { useStoreVersion } from '../../api/use-store.js';
import { VerifyPanel } from './verify-panel.js';

function partyName(
  agreement: Loaded<AgreementView> | undefined,
  id: string
): string {
  if (agreement?.state !== 'ok') return id;
  return agreement.value.parties.find((p) => p.id === id)?.name ?? id;
}

/** One finding: what was found, where, on which log entries, and Verify. */
export function FindingPage({ ctx, id }: { ctx: AppContext; id: string }) {
  useStoreVersion(ctx.store);
  const known = ctx.store.get(id);
  const [fetched, setFetched] = useState<Loaded<FindingFeature> | undefined>();
  const [agreement, setAgreement] = useState<Loaded<AgreementView>>();
  useEffect(() => {
    void loadAgreement(ctx.config).then(setAgreement);
  }, [ctx.config]);
  useEffect(() => {
    setFetched(undefined);
    if (known === undefined)
      void loadJson<FindingFeature>(
        `${ctx.config.apiBase}/v1/findings/${id}`
      ).then(setFetched);
  }, [id, known === undefined]);

  const finding =
    known ?? (fetched?.state === 'ok' ? fetched.value : undefined);
  if (finding === undefined) {
    return (
      <section>
        <h1>Finding</h1>
        <p role="status">
          {fetched === undefined
            ? 'Loading…'
            : fetched.state === 'ok'
              ? ''
              : `Not available: ${fetched.message}`}
        </p>
        <a href="#/">Back to the map</a>
      </section>
    );
  }
  const p = finding.properties;
  const [lon, lat] = finding.geometry.coordinates;
  const api = ctx.config.apiBase;
  return (
    <article class="finding-page" data-finding-id={id}>
      <p>
        <a href="#/">← Map</a>
      </p>
      <h1>
        Finding <code class="id">{id.slice(0, 16)}…</code>
      </h1>
      <dl class="facts">
        <dt>Rule</dt>
        <dd>
          {p.rule}{' '}
          <span class="muted">
            ({p.kind}
            {p.weaponClass === undefined ? '' : `, ${p.weaponClass}`})
          </span>
        </dd>
        <dt>Time</dt>
        <dd>{p.time}</dd>
        <dt>Location</dt>
        <dd>
          {lat.toFixed(5)} N, {lon.toFixed(5)} E; 95 % ellipse{' '}
          {Math.round(p.errorEllipse.semiMajorM)} ×{' '}
          {Math.round(p.errorEllipse.semiMinorM)} m, azimuth{' '}
          {Math.round(p.errorEllipse.azimuthDeg)}°
        </dd>
        <dt>Attribution</dt>
        <dd>
          {p.attribution.party === null
            ? 'none'
            : `${partyName(agreement, p.attribution.party)} (${p.attribution.party})`}{' '}
          at {Math.round(p.attribution.probability * 100)} %
        </dd>
        <dt>Confidence</dt>
        <dd>{Math.round(p.confidence * 100)} %</dd>
        <dt>Status</dt>
        <dd>
          <span class={`status status-${p.status}`}>{p.status}</span>
          {p.review !== undefined && (
            <span class="muted">
              {' '}
              by {p.review.actor} at {p.review.time}: {p.review.reason}
            </span>
          )}
        </dd>
        <dt>Log entry</dt>
        <dd>
          index {p.index}; sources {p.sources.join(', ')}; sensors{' '}
          {p.sensorKinds.join(', ')}
        </dd>
        <dt>Agreement</dt>
        <dd>
          {p.agreement.id} v{p.agreement.version}; engine {p.engineVersion}
        </dd>
        {p.supersededBy !== undefined && (
          <>
            <dt>Superseded by</dt>
            <dd>
              <a href={`#/findings/${p.supersededBy}`}>
                {p.supersededBy.slice(0, 16)}…
              </a>
            </dd>
          </>
        )}
      </dl>
      <p class="downloads">
        <a href={`#/@${lat.toFixed(5)},${lon.toFixed(5)},15`}>
          Show on the map
        </a>{' '}
        ·{' '}
        <a
          href={`${api}/v1/findings/${id}/evidence`}
          download={`finding-${id.slice(0, 12)}.evidence.json`}
        >
          Download the evidence file
        </a>{' '}
        · <a href={`${api}/v1/findings/${id}/cap`}>CAP 1.2 alert</a>
      </p>
      <VerifyPanel config={ctx.config} id={id} />
    </article>
  );
}
