import Database from 'better-sqlite3';
import type { EventName } from '../events/event-bus.js';

export type Webhook = {
  id: string;
  url: string;
  secret: string;
  types: EventName[];
  createdMs: number;
};

export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'cancelled';

export type Delivery = {
  id: string;
  webhookId: string;
  eventType: EventName;
  eventId: number;
  body: string;
  createdMs: number;
  state: DeliveryState;
  attempts: number;
  nextAtMs: number | null;
};

export type DeliveryAttempt = {
  deliveryId: string;
  n: number;
  atMs: number;
  durationMs: number;
  /** The HTTP status, or null when no answer came. */
  status: number | null;
  error: string | null;
};

// Separate from the log's database: nothing here is a log entry, and the
// log's tables and migrations stay the store's alone.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS webhooks (
    id         TEXT PRIMARY KEY,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    types      TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE IF NOT EXISTS deliveries (
    id         TEXT PRIMARY KEY,
    webhook_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    event_id   INTEGER NOT NULL,
    body       TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    state      TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at_ms INTEGER
  );
  CREATE INDEX IF NOT EXISTS deliveries_by_webhook
    ON deliveries (webhook_id, created_ms);
  CREATE INDEX IF NOT EXISTS deliveries_pending
    ON deliveries (next_at_ms) WHERE state = 'pending';
  CREATE TABLE IF NOT EXISTS delivery_attempts (
    delivery_id TEXT NOT NULL,
    n           INTEGER NOT NULL,
    at_ms       INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    status      INTEGER,
    error       TEXT,
    PRIMARY KEY (delivery_id, n)
  ) WITHOUT ROWID;
`;

type WebhookRow = {
  id: string;
  url: string;
  secret: string;
  types: string;
  created_ms: number;
};
type DeliveryRow = {
  id: string;
  webhook_id: string;
  event_type: EventName;
  event_id: number;
  body: string;
  created_ms: number;
  state: DeliveryState;
  attempts: number;
  next_at_ms: number | null;
};

const webhookOf = (r: WebhookRow): Webhook => ({
  id: r.id,
  url: r.url,
  secret: r.secret,
  types: JSON.parse(r.types) as EventName[],
  createdMs: r.created_ms,
});
const deliveryOf = (r: DeliveryRow): Delivery => ({
  id: r.id,
  webhookId: r.webhook_id,
  eventType: r.event_type,
  eventId: r.event_id,
  body: r.body,
  createdMs: r.created_ms,
  state: r.state,
  attempts: r.attempts,
  nextAtMs: r.next_at_ms,
});

export type WebhookStore = ReturnType<typeof createWebhookStore>;

/**
 * Webhook subscriptions, deliveries and every attempt, in SQLite (a file
 * of its own in the data folder, or `:memory:`). Synchronous calls, each
 * its own transaction, so a delivery's state survives a restart.
 */
export function createWebhookStore(options: { path: string }) {
  const db = new Database(options.path);
  db.pragma('journal_mode = WAL');
  // WAL with NORMAL survives a process crash (SIGKILL) and never blocks the
  // event loop on an fsync per event; only a power cut may lose the last
  // attempt records, and then a delivery is sent once more (receivers drop
  // it by its id).
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  const q = {
    insertWebhook: db.prepare(
      'INSERT INTO webhooks (id, url, secret, types, created_ms) VALUES (?, ?, ?, ?, ?)'
    ),
    listWebhooks: db.prepare(
      'SELECT * FROM webhooks WHERE deleted = 0 ORDER BY created_ms, id'
    ),
    getWebhook: db.prepare(
      'SELECT * FROM webhooks WHERE id = ? AND deleted = 0'
    ),
    deleteWebhook: db.prepare(
      'UPDATE webhooks SET deleted = 1 WHERE id = ? AND deleted = 0'
    ),
    cancelPending: db.prepare(
      `UPDATE deliveries SET state = 'cancelled', next_at_ms = NULL
       WHERE webhook_id = ? AND state = 'pending'`
    ),
    insertDelivery: db.prepare(
      `INSERT OR IGNORE INTO deliveries
       (id, webhook_id, event_type, event_id, body, created_ms, state, next_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`
    ),
    getDelivery: db.prepare('SELECT * FROM deliveries WHERE id = ?'),
    pending: db.prepare(
      `SELECT * FROM deliveries WHERE state = 'pending' ORDER BY next_at_ms, id`
    ),
    deliveriesOf: db.prepare(
      `SELECT * FROM deliveries WHERE webhook_id = ?
       ORDER BY created_ms DESC, id LIMIT ?`
    ),
    insertAttempt: db.prepare(
      `INSERT INTO delivery_attempts (delivery_id, n, at_ms, duration_ms, status, error)
       VALUES (?, ?, ?, ?, ?, ?)`
    ),
    settle: db.prepare(
      'UPDATE deliveries SET state = ?, attempts = ?, next_at_ms = ? WHERE id = ?'
    ),
    pruneAttempts: db.prepare(
      `DELETE FROM delivery_attempts WHERE delivery_id IN (
         SELECT id FROM deliveries WHERE state != 'pending' AND created_ms < ?)`
    ),
    pruneDeliveries: db.prepare(
      `DELETE FROM deliveries WHERE state != 'pending' AND created_ms < ?`
    ),
    attemptsOf: db.prepare(
      'SELECT * FROM delivery_attempts WHERE delivery_id = ? ORDER BY n'
    ),
  };
  const recordAttempt = db.transaction(
    (
      attempt: DeliveryAttempt,
      next: { state: DeliveryState; nextAtMs: number | null }
    ) => {
      q.insertAttempt.run(
        attempt.deliveryId,
        attempt.n,
        attempt.atMs,
        attempt.durationMs,
        attempt.status,
        attempt.error
      );
      q.settle.run(next.state, attempt.n, next.nextAtMs, attempt.deliveryId);
    }
  );
  const prune = db.transaction((beforeMs: number) => {
    q.pruneAttempts.run(beforeMs);
    return q.pruneDeliveries.run(beforeMs).changes;
  });
  const removeWebhook = db.transaction((id: string) => {
    const changed = q.deleteWebhook.run(id).changes > 0;
    if (changed) q.cancelPending.run(id);
    return changed;
  });

  // Every event reads the subscriptions: keep them in memory, reloaded
  // whenever this store changes them.
  let cached: Webhook[] | undefined;
  const active = () =>
    (cached ??= (q.listWebhooks.all() as WebhookRow[]).map(webhookOf));

  return {
    addWebhook(w: Webhook): void {
      q.insertWebhook.run(
        w.id,
        w.url,
        w.secret,
        JSON.stringify(w.types),
        w.createdMs
      );
      cached = undefined;
    },
    /** The subscriptions not deleted, oldest first. */
    webhooks(): Webhook[] {
      return [...active()];
    },
    webhook(id: string): Webhook | undefined {
      const row = q.getWebhook.get(id) as WebhookRow | undefined;
      return row === undefined ? undefined : webhookOf(row);
    },
    /** Deletes a subscription and cancels its pending deliveries. */
    removeWebhook(id: string): boolean {
      cached = undefined;
      return removeWebhook(id);
    },
    /** Adds a pending delivery; false if one with this id exists (a duplicate). */
    addDelivery(d: Omit<Delivery, 'state' | 'attempts'>): boolean {
      return (
        q.insertDelivery.run(
          d.id,
          d.webhookId,
          d.eventType,
          d.eventId,
          d.body,
          d.createdMs,
          d.nextAtMs
        ).changes > 0
      );
    },
    delivery(id: string): Delivery | undefined {
      const row = q.getDelivery.get(id) as DeliveryRow | undefined;
      return row === undefined ? undefined : deliveryOf(row);
    },
    pendingDeliveries(): Delivery[] {
      return (q.pending.all() as DeliveryRow[]).map(deliveryOf);
    },
    /** A subscription's deliveries, newest first. */
    deliveriesOf(webhookId: string, limit: number): Delivery[] {
      return (q.deliveriesOf.all(webhookId, limit) as DeliveryRow[]).map(
        deliveryOf
      );
    },
    /** Records an attempt and the delivery's state after it, in one transaction. */
    recordAttempt(
      attempt: DeliveryAttempt,
      next: { state: DeliveryState; nextAtMs: number | null }
    ): void {
      recordAttempt(attempt, next);
    },
    attemptsOf(deliveryId: string): DeliveryAttempt[] {
      return (
        q.attemptsOf.all(deliveryId) as {
          delivery_id: string;
          n: number;
          at_ms: number;
          duration_ms: number;
          status: number | null;
          error: string | null;
        }[]
      ).map((r) => ({
        deliveryId: r.delivery_id,
        n: r.n,
        atMs: r.at_ms,
        durationMs: r.duration_ms,
        status: r.status,
        error: r.error,
      }));
    },
    /**
     * Forgets settled deliveries (delivered, failed, cancelled) created
     * before `beforeMs`, with their attempts; returns how many.
     */
    pruneDeliveries(beforeMs: number): number {
      return prune(beforeMs);
    },
    close(): void {
      db.close();
    },
  };
}
