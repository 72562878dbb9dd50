import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { BusEvent, EventBus } from '../events/event-bus.js';
import type { RetryPolicy } from './retry-schedule.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from './retry-schedule.js';
import { WEBHOOK_HEADERS, signWebhook } from './webhook-signature.js';
import type { Delivery, WebhookStore } from './webhook-store.js';

/** Runs `run` after `delayMs`; the result cancels it. */
export type DeliveryTimer = (run: () => void, delayMs: number) => () => void;

export const realDeliveryTimer: DeliveryTimer = (run, delayMs) => {
  const t = setTimeout(run, delayMs);
  t.unref();
  return () => clearTimeout(t);
};

export type WebhookDispatcherOptions = {
  store: WebhookStore;
  events: EventBus;
  fetch: typeof fetch;
  /** Milliseconds since the Unix epoch (timestamps, retry times). */
  clock: () => number;
  /** Uniform in [0, 1): the retries' jitter. */
  random: () => number;
  timer?: DeliveryTimer;
  /** Times each attempt out; tests fire it by hand (default: real timers). */
  timeoutTimer?: DeliveryTimer;
  retry?: Partial<RetryPolicy>;
  /** Settled deliveries are kept this long, then pruned at start (default 30 days). */
  retentionMs?: number;
  /** Attempts in flight to one subscription at once (default 4); more wait. */
  concurrency?: number;
  /** How long one attempt may take before it counts as failed (default 10 s). */
  timeoutMs?: number;
  onError?: (error: unknown, context: string) => void;
};

/**
 * A delivery's id: the same for one subscription and one event content
 * whenever and however often it is published, so a receiver that keeps
 * the ids it has handled never acts twice, and the store never queues it
 * twice.
 */
export function deliveryIdOf(webhookId: string, event: BusEvent): string {
  const digest = createHash('sha256')
    .update(`${webhookId}\n${event.type}\n${JSON.stringify(event.data)}`)
    .digest('hex');
  return `dlv_${digest.slice(0, 40)}`;
}

function describeFailure(error: unknown): string {
  if (error instanceof Error && error.name === 'AbortError') return 'timeout';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })
    ?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (error instanceof Error) return error.message.slice(0, 200);
  return 'unknown error';
}

/**
 * Sends each bus event to the subscriptions that want its type: one
 * delivery per (subscription, event), signed, retried with backoff until
 * it is answered 2xx or runs out of attempts, each attempt recorded.
 * Pending deliveries are read back at start, so a restart resumes them.
 */
export class WebhookDispatcher {
  readonly #o: WebhookDispatcherOptions;
  readonly #policy: RetryPolicy;
  readonly #timer: DeliveryTimer;
  readonly #timers = new Map<string, () => void>();
  readonly #inflight = new Map<
    string,
    { done: Promise<void>; abort: () => void }
  >();
  // Per subscription: attempts in flight, and deliveries waiting for a slot,
  // so a burst of events never opens hundreds of connections to a receiver.
  readonly #active = new Map<string, number>();
  readonly #waiting = new Map<string, string[]>();
  #unsubscribe: (() => void) | undefined;
  #stopped = false;

  constructor(options: WebhookDispatcherOptions) {
    this.#o = options;
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#timer = options.timer ?? realDeliveryTimer;
  }

  /** Follows the bus and resumes the deliveries a stop or crash left pending. */
  start(): void {
    this.#unsubscribe = this.#o.events.subscribe((event) =>
      this.#fanOut(event)
    );
    const now = this.#o.clock();
    this.#o.store.pruneDeliveries(
      now - (this.#o.retentionMs ?? 30 * 86_400_000)
    );
    for (const d of this.#o.store.pendingDeliveries()) {
      this.#schedule(d.id, Math.max(0, (d.nextAtMs ?? now) - now));
    }
  }

  #fanOut(event: BusEvent): void {
    for (const webhook of this.#o.store.webhooks()) {
      if (!webhook.types.includes(event.type)) continue;
      const id = deliveryIdOf(webhook.id, event);
      const createdMs = this.#o.clock();
      const body = JSON.stringify({
        id,
        type: event.type,
        eventId: event.id,
        createdAt: new Date(event.atMs).toISOString(),
        data: event.data,
      });
      const added = this.#o.store.addDelivery({
        id,
        webhookId: webhook.id,
        eventType: event.type,
        eventId: event.id,
        body,
        createdMs,
        nextAtMs: createdMs,
      });
      if (added) this.#schedule(id, 0);
    }
  }

  #schedule(id: string, delayMs: number): void {
    if (this.#stopped) return;
    this.#timers.get(id)?.();
    this.#timers.set(
      id,
      this.#timer(() => {
        this.#timers.delete(id);
        this.#attempt(id);
      }, delayMs)
    );
  }

  #attempt(id: string): void {
    if (this.#inflight.has(id) || this.#stopped) return;
    const delivery = this.#o.store.delivery(id);
    if (delivery === undefined || delivery.state !== 'pending') return;
    const wid = delivery.webhookId;
    const active = this.#active.get(wid) ?? 0;
    if (active >= (this.#o.concurrency ?? 4)) {
      const waiting = this.#waiting.get(wid) ?? [];
      if (!waiting.includes(id)) waiting.push(id);
      this.#waiting.set(wid, waiting);
      return;
    }
    this.#active.set(wid, active + 1);
    const controller = new AbortController();
    const done = this.#send(delivery, controller)
      .catch((error: unknown) => {
        this.#o.onError?.(error, `webhook delivery ${id} failed to record`);
      })
      .finally(() => {
        this.#inflight.delete(id);
        this.#active.set(wid, (this.#active.get(wid) ?? 1) - 1);
        const next = this.#waiting.get(wid)?.shift();
        if (next !== undefined) this.#attempt(next);
      });
    this.#inflight.set(id, { done, abort: () => controller.abort() });
  }

  async #send(d: Delivery, controller: AbortController): Promise<void> {
    const webhook = this.#o.store.webhook(d.webhookId);
    if (webhook === undefined) return;
    const n = d.attempts + 1;
    const atMs = this.#o.clock();
    const timestamp = Math.floor(atMs / 1000);
    const started = performance.now();
    const cancelTimeout = (this.#o.timeoutTimer ?? realDeliveryTimer)(
      () => controller.abort(),
      this.#o.timeoutMs ?? 10_000
    );
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await this.#o.fetch(webhook.url, {
        method: 'POST',
        // A redirect is an answer, not a new target: never follow it.
        redirect: 'manual',
        signal: controller.signal,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'truce-webhooks/1',
          [WEBHOOK_HEADERS.delivery]: d.id,
          [WEBHOOK_HEADERS.event]: d.eventType,
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.signature]: signWebhook({
            secret: webhook.secret,
            deliveryId: d.id,
            timestamp,
            body: d.body,
          }),
        },
        body: d.body,
      });
      status = res.status;
      await res.body?.cancel();
    } catch (e) {
      // A stop aborts what is in flight: that attempt never counted, and
      // the delivery stays pending for the next start.
      if (this.#stopped) return;
      error = describeFailure(e);
    } finally {
      cancelTimeout();
    }
    const ok = status !== null && status >= 200 && status < 300;
    if (!ok && error === null) error = `HTTP ${status}`;
    const delay = ok
      ? undefined
      : retryDelayMs(n, this.#policy, this.#o.random);
    const next = ok
      ? { state: 'delivered' as const, nextAtMs: null }
      : delay === undefined
        ? { state: 'failed' as const, nextAtMs: null }
        : { state: 'pending' as const, nextAtMs: atMs + delay };
    this.#o.store.recordAttempt(
      {
        deliveryId: d.id,
        n,
        atMs,
        durationMs: Math.round(performance.now() - started),
        status,
        error: ok ? null : error,
      },
      next
    );
    if (next.state === 'pending') this.#schedule(d.id, delay!);
  }

  /** Resolves when no attempt is in flight (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.#inflight.size > 0) {
      await Promise.all([...this.#inflight.values()].map((f) => f.done));
    }
  }

  /** Stops following the bus, cancels timers, aborts attempts in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    for (const cancel of this.#timers.values()) cancel();
    this.#timers.clear();
    for (const f of this.#inflight.values()) f.abort();
    await this.settled();
  }
}
