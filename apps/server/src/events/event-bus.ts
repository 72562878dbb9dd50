import type { PledgeState } from '@truce/core';
import type { FindingFeature } from '@truce/protocol';
import { EVENT_TYPES } from '@truce/protocol';

/** A tier of the escalation ladder as events name it (DESIGN 5). */
export type TierRef = { id: string; name: string; level: number };

/** What each event name carries as its `data` (the agreed SSE contract). */
export type EventPayloads = {
  /** A finding as `GET /v1/findings/{id}` serves it, after it was logged or changed. */
  finding: FindingFeature;
  /** The escalation tier in force changed. */
  tier: { at: string; from: TierRef | null; to: TierRef | null };
  /** A response plan was made (the response engineer's ResponsePlan). */
  plan: Readonly<Record<string, unknown>>;
  /** The sequencer signed a new checkpoint; rootHash is base64 (C2SP tlog-checkpoint). */
  checkpoint: { size: number; rootHash: string };
  /**
   * A pledge was registered (`from: null`, `to: 'pledged'`) or moved
   * (docs/coalition.md); `index` is its log entry's.
   */
  pledge: {
    pledgeId: string;
    member: string;
    from: PledgeState | null;
    to: PledgeState;
    index: number;
  };
};

export type EventName = keyof EventPayloads;

/** The same list the wire protocol names (webhook subscriptions use it). */
export const EVENT_NAMES = EVENT_TYPES satisfies readonly EventName[];

/** An event as a producer hands it to `publish`. */
export type TruceEvent = {
  [K in EventName]: { type: K; data: EventPayloads[K] };
}[EventName];

/** An event as the bus delivers it: numbered and stamped. */
export type BusEvent = TruceEvent & {
  /** Strictly increasing within the bus, and across restarts (see `firstId`). */
  id: number;
  /** When it was published, milliseconds since the Unix epoch. */
  atMs: number;
};

export type EventListener = (event: BusEvent) => void;

export type EventBusOptions = {
  clock: () => number;
  /** How many recent events are kept for Last-Event-ID resume (default 1024). */
  replaySize?: number;
  /**
   * The first event's id. The server starts it at its start time in
   * microseconds, so ids keep increasing across restarts and a client's
   * Last-Event-ID from an earlier process is never mistaken for a newer one.
   */
  firstId?: number;
  /** Told when a listener throws; the other listeners still run. */
  onError?: (error: unknown, context: string) => void;
};

/**
 * The server's in-process event bus: producers (findings, sequencer,
 * response) publish, consumers (SSE, webhooks) subscribe. Delivery is
 * synchronous and in publish order, so listeners must be quick and hand
 * slow work (network) to their own queues.
 */
export class EventBus {
  readonly #listeners = new Set<EventListener>();
  readonly #replay: BusEvent[] = [];
  readonly #replaySize: number;
  readonly #clock: () => number;
  readonly #onError: EventBusOptions['onError'];
  #nextId: number;

  constructor(options: EventBusOptions) {
    this.#clock = options.clock;
    this.#replaySize = options.replaySize ?? 1024;
    this.#nextId = options.firstId ?? 1;
    this.#onError = options.onError;
  }

  /** Numbers the event, keeps it for replay and hands it to every listener. */
  publish(event: TruceEvent): BusEvent {
    const stamped = {
      ...event,
      id: this.#nextId++,
      atMs: this.#clock(),
    } as BusEvent;
    this.#replay.push(stamped);
    if (this.#replay.length > this.#replaySize) this.#replay.shift();
    for (const listener of [...this.#listeners]) {
      try {
        listener(stamped);
      } catch (error) {
        this.#onError?.(error, `event listener failed on ${stamped.type}`);
      }
    }
    return stamped;
  }

  /** Adds a listener for every later event; call the result to remove it. */
  subscribe(listener: EventListener): () => void {
    const own = (event: BusEvent) => listener(event);
    this.#listeners.add(own);
    return () => {
      this.#listeners.delete(own);
    };
  }

  /**
   * The kept events after `lastId`, oldest first, and whether some events
   * after `lastId` were already dropped from the buffer (`gap`).
   */
  since(lastId: number): { events: BusEvent[]; gap: boolean } {
    const events = this.#replay.filter((e) => e.id > lastId);
    const firstKept = this.#replay[0]?.id ?? this.#nextId;
    return { events, gap: lastId < firstKept - 1 };
  }

  /** The id of the newest event published, or `firstId - 1` before any. */
  get lastId(): number {
    return this.#nextId - 1;
  }

  /** How many listeners are subscribed (for leak checks and metrics). */
  get listenerCount(): number {
    return this.#listeners.size;
  }
}
