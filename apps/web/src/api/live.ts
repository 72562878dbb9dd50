import type { WebConfig } from '../config.js';
import type { FindingsStore } from './findings-store.js';
import { loadJson } from './http.js';
import type {
  CheckpointEvent,
  FindingFeature,
  LiveMode,
  TierEvent,
} from './types.js';

export type LiveHandlers = {
  mode: (mode: LiveMode) => void;
  tier: (event: TierEvent) => void;
  plan: (plan: unknown) => void;
  checkpoint: (event: CheckpointEvent) => void;
};

type Collection = { features: FindingFeature[] };

function parse(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Keeps `store` current: the `finding` events of GET /v1/events
 * (Server-Sent Events, the alerts contract) over one GET /v1/findings,
 * read after the stream opened and again after it reopens (once the read
 * in flight, if any, has ended). Where the server has no event stream,
 * polls GET /v1/findings instead. Returns a function that stops both.
 */
export function startLive(
  config: WebConfig,
  store: FindingsStore,
  on: LiveHandlers
): () => void {
  const findingsUrl = `${config.apiBase}/v1/findings?limit=${config.findingsLimit}`;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let source: EventSource | undefined;

  const poll = async (): Promise<void> => {
    const got = await loadJson<Collection>(findingsUrl);
    if (stopped) return;
    if (got.state === 'ok') store.upsert(got.value.features);
    timer = setTimeout(() => void poll(), config.pollIntervalMs);
  };

  // Pages back with the `before` cursor (the lowest index so far), drawing
  // each page as it comes, until a page is not full.
  const loadOlder = async (firstPage: readonly FindingFeature[]) => {
    store.setLoadingOlder(true);
    let page = firstPage;
    while (page.length === config.findingsLimit) {
      let before = Infinity;
      for (const f of page) before = Math.min(before, f.properties.index);
      const got = await loadJson<Collection>(`${findingsUrl}&before=${before}`);
      if (stopped) return;
      // A server without the cursor sends the newest page again.
      if (
        got.state !== 'ok' ||
        got.value.features.some((f) => f.properties.index >= before)
      ) {
        store.setLoadingOlder(false, store.all.length);
        return;
      }
      page = got.value.features;
      store.appendOlder(page);
    }
    store.setLoadingOlder(false);
  };

  const fallBack = () => {
    if (stopped || timer !== undefined) return;
    on.mode('polling');
    timer = setTimeout(() => void poll(), config.pollIntervalMs);
  };

  // While a list is read, findings from the stream wait here, to be applied
  // after it in the order they came. The stream is open before the list is
  // asked for, so every change the list may lack is among them, and any
  // older state among them is followed by the newer one the list shows.
  let held: FindingFeature[] | undefined = [];
  // A reopen while a list is read: that list may predate what the stream
  // missed, so one more read follows it.
  let readAgain = false;
  const take = (feature: FindingFeature) => {
    if (held === undefined) store.upsert([feature]);
    else held.push(feature);
  };
  const release = () => {
    const waiting = held ?? [];
    held = undefined;
    store.upsert(waiting);
    if (readAgain) {
      readAgain = false;
      void refresh();
    }
  };

  // After a dropped connection EventSource resumes with Last-Event-ID, but
  // the server may no longer keep every event missed: read the list again.
  const refresh = async () => {
    if (held !== undefined) {
      readAgain = true;
      return;
    }
    held = [];
    const got = await loadJson<Collection>(findingsUrl);
    if (stopped) return;
    if (got.state === 'ok') store.upsert(got.value.features);
    release();
  };

  const subscribe = () => {
    let opened = false;
    source = new EventSource(`${config.apiBase}/v1/events`);
    source.onopen = () => {
      on.mode('sse');
      if (opened) void refresh();
      opened = true;
    };
    // A 404 (no stream on this server) closes the source for good; a
    // dropped connection is retried by EventSource itself.
    source.onerror = () => {
      if (source?.readyState === EventSource.CLOSED) {
        source.close();
        fallBack();
      } else {
        on.mode('connecting');
      }
    };
    source.addEventListener('finding', (e) => {
      const feature = parse((e as MessageEvent<string>).data);
      if (isFeature(feature)) take(feature);
    });
    source.addEventListener('tier', (e) => {
      const tier = parse((e as MessageEvent<string>).data);
      if (tier !== undefined) on.tier(tier as TierEvent);
    });
    source.addEventListener('plan', (e) => {
      const plan = parse((e as MessageEvent<string>).data);
      if (plan !== undefined) on.plan(plan);
    });
    source.addEventListener('checkpoint', (e) => {
      const cp = parse((e as MessageEvent<string>).data);
      if (cp !== undefined) on.checkpoint(cp as CheckpointEvent);
    });
  };

  void (async () => {
    // The stream opens before the list is read, so a finding logged in
    // between comes by the stream rather than not at all.
    if (typeof EventSource !== 'undefined') subscribe();
    const first = await loadJson<Collection>(findingsUrl);
    if (stopped) return;
    // Marks for bench:web, which reads them to split the time to first map.
    performance.mark('truce:findings-parsed');
    if (first.state === 'ok') {
      store.replace(first.value.features);
      // Exactly a full page: there may be older ones. (A server that sends
      // more than the limit ignores it and has sent everything.)
      if (first.value.features.length === config.findingsLimit) {
        void loadOlder(first.value.features);
      }
    }
    release();
    performance.mark('truce:findings-stored');
    if (source === undefined) fallBack();
  })();

  return () => {
    stopped = true;
    source?.close();
    if (timer !== undefined) clearTimeout(timer);
  };
}

function isFeature(value: unknown): value is FindingFeature {
  const v = value as Partial<FindingFeature> | undefined;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.type === 'Feature' &&
    typeof v.id === 'string' &&
    typeof v.properties === 'object' &&
    v.geometry?.type === 'Point'
  );
}
