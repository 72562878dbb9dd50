import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
} from 'prom-client';

/** The server's Prometheus metrics, on a registry of its own. */
export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(options: { defaultMetrics: boolean }) {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    accepted: new Counter({
      name: 'truce_observations_accepted_total',
      help: 'Observations accepted into the log.',
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'truce_observations_rejected_total',
      help: 'Observations rejected, by reason code.',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
    batchSize: new Histogram({
      name: 'truce_ingest_batch_size',
      help: 'Envelopes per POST /v1/observations.',
      buckets: [1, 10, 50, 100, 250, 500, 1000],
      registers: [registry],
    }),
    commitSize: new Histogram({
      name: 'truce_commit_entries',
      help: 'Entries per durable commit (group commit).',
      buckets: [1, 10, 100, 500, 1000, 5000, 20000],
      registers: [registry],
    }),
    checkpointLag: new Histogram({
      name: 'truce_checkpoint_lag_seconds',
      help: 'From an entry being acknowledged to a checkpoint covering it.',
      buckets: [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 5],
      registers: [registry],
    }),
    treeSize: new Gauge({
      name: 'truce_log_tree_size',
      help: 'Size of the latest signed checkpoint.',
      registers: [registry],
    }),
    sequencedSize: new Gauge({
      name: 'truce_log_sequenced_size',
      help: 'Entries durably stored, integrated or not.',
      registers: [registry],
    }),
  };
}
