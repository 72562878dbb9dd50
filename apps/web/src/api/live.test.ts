import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebConfig } from '../config.js';
import { fixtureFinding } from './finding-fixture.js';
import { FindingsStore } from './findings-store.js';
import { startLive } from './live.js';
import type { FindingFeature } from './types.js';

const CONFIG: WebConfig = {
  apiBase: '',
  findingsLimit: 100,
  pollIntervalMs: 60_000,
  listLength: 50,
  sensorRefreshMs: 60_000,
};

/** An EventSource the test drives: it opens, drops and sends events. */
class FakeSource {
  static readonly CLOSED = 2;
  static opened: FakeSource[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  readonly #listeners = new Map<string, ((e: MessageEvent) => void)[]>();
  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeSource.opened.push(this);
    log.push(`stream ${url}`);
  }
  addEventListener(type: string, listener: (e: MessageEvent) => void) {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  drop() {
    this.readyState = 0;
    this.onerror?.();
  }
  send(type: string, data: unknown) {
    const event = { data: JSON.stringify(data) } as MessageEvent;
    for (const listener of this.#listeners.get(type) ?? []) listener(event);
  }
  close() {
    this.readyState = FakeSource.CLOSED;
  }
}

/** Each GET waits until the test answers it with a list. */
let log: string[] = [];
let answers: ((features: FindingFeature[]) => void)[] = [];
const fakeFetch = (url: string) => {
  log.push(`get ${url}`);
  return new Promise<Response>((resolve) =>
    answers.push((features) =>
      resolve(new Response(JSON.stringify({ features }), { status: 200 }))
    )
  );
};
/** Answers the oldest GET and lets the client store what it got. */
async function answer(features: FindingFeature[]): Promise<void> {
  answers.shift()!(features);
  await vi.waitFor(() => expect(log.at(-1)).toBe('stored'));
}

function start() {
  const store = new FindingsStore();
  const modes: string[] = [];
  store.subscribe(() => log.push('stored'));
  const stop = startLive(CONFIG, store, {
    mode: (m) => modes.push(m),
    tier: () => {},
    plan: () => {},
    checkpoint: () => {},
  });
  const ids = () => store.all.map((f) => f.properties.index);
  const status = (n: number) =>
    store.all.find((f) => f.properties.index === n)?.properties.status;
  return { store, modes, stop, ids, status };
}

beforeEach(() => {
  log = [];
  answers = [];
  FakeSource.opened = [];
  vi.stubGlobal('EventSource', FakeSource);
  vi.stubGlobal('fetch', fakeFetch);
});
afterEach(() => vi.unstubAllGlobals());

describe('startLive', () => {
  it('opens the event stream before it asks for the list', () => {
    const live = start();
    expect(log).toEqual(['stream /v1/events', 'get /v1/findings?limit=100']);
    live.stop();
  });

  it('keeps a finding the stream brings while the list is read, after the list', async () => {
    const live = start();
    const source = FakeSource.opened[0]!;
    source.open();
    source.send('finding', fixtureFinding({ n: 3 }));
    expect(live.ids()).toEqual([]);
    // The list was made before finding 3 was logged.
    await answer([fixtureFinding({ n: 1 }), fixtureFinding({ n: 2 })]);
    expect(live.ids()).toEqual([3, 2, 1]);
    source.send('finding', fixtureFinding({ n: 4 }));
    expect(live.ids()).toEqual([4, 3, 2, 1]);
    expect(live.modes).toEqual(['sse']);
    live.stop();
  });

  it('ends on the newest state when the stream also brought an older one the list already had', async () => {
    const live = start();
    const source = FakeSource.opened[0]!;
    source.send('finding', fixtureFinding({ n: 1, status: 'provisional' }));
    source.send('finding', fixtureFinding({ n: 1, status: 'verified' }));
    await answer([fixtureFinding({ n: 1, status: 'verified' })]);
    expect(live.status(1)).toBe('verified');
    live.stop();
  });

  it('reads the list again after a dropped stream reopens, keeping what the stream brings meanwhile', async () => {
    const live = start();
    const source = FakeSource.opened[0]!;
    source.open();
    await answer([fixtureFinding({ n: 1 })]);
    source.drop();
    expect(live.modes).toEqual(['sse', 'connecting']);
    source.open();
    expect(log.at(-1)).toBe('get /v1/findings?limit=100');
    source.send('finding', fixtureFinding({ n: 2, status: 'verified' }));
    // Missed while the stream was down, and no longer kept by the server.
    await answer([
      fixtureFinding({ n: 2, status: 'provisional' }),
      fixtureFinding({ n: 1 }),
    ]);
    expect(live.ids()).toEqual([2, 1]);
    expect(live.status(2)).toBe('verified');
    live.stop();
  });

  it('reads the list again when the stream drops and reopens during the first read', async () => {
    const live = start();
    const source = FakeSource.opened[0]!;
    source.open();
    source.drop();
    source.open();
    // One read at a time: the second waits for the first.
    expect(log.filter((l) => l.startsWith('get '))).toHaveLength(1);
    // The first list was made before finding 2 was logged; the stream
    // missed finding 2 while it was down.
    answers.shift()!([fixtureFinding({ n: 1 })]);
    await vi.waitFor(() =>
      expect(log.filter((l) => l.startsWith('get '))).toHaveLength(2)
    );
    expect(live.ids()).toEqual([1]);
    source.send('finding', fixtureFinding({ n: 3 }));
    await answer([fixtureFinding({ n: 2 }), fixtureFinding({ n: 1 })]);
    expect(live.ids()).toEqual([3, 2, 1]);
    // Nothing more is read until the stream reopens again.
    expect(log.filter((l) => l.startsWith('get '))).toHaveLength(2);
    expect(live.modes).toEqual(['sse', 'connecting', 'sse']);
    live.stop();
  });

  it('polls the list where the server has no event stream', async () => {
    const live = start();
    const source = FakeSource.opened[0]!;
    source.readyState = FakeSource.CLOSED;
    source.onerror?.();
    await answer([fixtureFinding({ n: 1 })]);
    expect(live.ids()).toEqual([1]);
    expect(live.modes).toEqual(['polling']);
    live.stop();
  });
});
