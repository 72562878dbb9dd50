import { useEffect, useMemo, useState } from 'preact/hooks';
import type { AppContext } from './api/context.js';
import { FindingsStore } from './api/findings-store.js';
import { startLive } from './api/live.js';
import type { CheckpointEvent, LiveMode } from './api/types.js';
import type { WebConfig } from './config.js';
import { CoalitionPage } from './features/coalition/coalition-page.js';
import { FindingPage } from './features/evidence/finding-page.js';
import { LogPage } from './features/log/log-page.js';
import { MapPage } from './features/map/map-page.js';
import { parseRoute } from './router.js';
import type { Route } from './router.js';

const LIVE_LABELS: Record<LiveMode, string> = {
  connecting: 'connecting…',
  sse: 'live',
  polling: 'polling (no event stream)',
  offline: 'offline',
};

/** The shell: navigation, the live connection, and the current page. */
export function App({ config }: { config: WebConfig }) {
  const store = useMemo(() => new FindingsStore(), []);
  const [route, setRoute] = useState<Route>(parseRoute(location.hash));
  const [live, setLive] = useState<LiveMode>('connecting');
  const [planVersion, setPlanVersion] = useState(0);
  const [checkpoint, setCheckpoint] = useState<CheckpointEvent | undefined>();

  useEffect(() => {
    const onHash = () => {
      setRoute(parseRoute(location.hash));
      // Land keyboard and screen-reader users on the new page's content.
      document.getElementById('main')?.focus();
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(
    () =>
      startLive(config, store, {
        mode: setLive,
        tier: () => setPlanVersion((v) => v + 1),
        plan: () => setPlanVersion((v) => v + 1),
        checkpoint: setCheckpoint,
      }),
    [config, store]
  );

  const ctx: AppContext = useMemo(
    () => ({ config, store, navigate: (hash) => (location.hash = hash) }),
    [config, store]
  );
  const current = (page: Route['page']) =>
    route.page === page ? 'page' : undefined;

  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(e) => (
          e.preventDefault(),
          document.getElementById('main')?.focus()
        )}
      >
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Truce</span>
        <nav aria-label="Pages">
          <a href="#/" aria-current={current('map')}>
            Map
          </a>
          <a href="#/coalition" aria-current={current('coalition')}>
            Coalition
          </a>
          <a href="#/log" aria-current={current('log')}>
            Log
          </a>
        </nav>
        <span class={`live live-${live}`} data-live={live} role="status">
          {LIVE_LABELS[live]}
          {checkpoint !== undefined && (
            <span class="muted"> · log size {checkpoint.size}</span>
          )}
        </span>
      </header>
      <main id="main" tabIndex={-1} data-page={route.page}>
        {route.page === 'map' && <MapPage ctx={ctx} at={route.at} />}
        {route.page === 'finding' && <FindingPage ctx={ctx} id={route.id} />}
        {route.page === 'coalition' && (
          <CoalitionPage ctx={ctx} planVersion={planVersion} />
        )}
        {route.page === 'log' && (
          <LogPage ctx={ctx} checkpointVersion={checkpoint?.size ?? 0} />
        )}
      </main>
    </>
  );
}
