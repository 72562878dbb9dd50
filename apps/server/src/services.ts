import type { KielRecord, WitnessPolicy } from '@truce/core';
import type { ServerConfig } from './config.js';
import { EventBus } from './events/event-bus.js';
import type { WebhookDispatcherOptions } from './alerts/webhook-dispatcher.js';
import { WebhookDispatcher } from './alerts/webhook-dispatcher.js';
import type { WebhookStore } from './alerts/webhook-store.js';
import { createWebhookStore } from './alerts/webhook-store.js';
import { AgreementService } from './findings/agreement-service.js';
import { FindingPublisher } from './events/finding-events.js';
import type { FindingsSettings } from './findings/findings-service.js';
import { FindingsService } from './findings/findings-service.js';
import { TokenBuckets } from './ingest/rate-limit.js';
import { IngestService } from './ingest/ingest-service.js';
import type { SignatureVerifier } from './ingest/verify-pool.js';
import { LogWriter } from './log/log-writer.js';
import { Sequencer } from './log/sequencer.js';
import type { Metrics } from './metrics.js';
import { createMetrics } from './metrics.js';
import { RegistryService } from './registry/registry-service.js';
import { SensorHealthTracker } from './registry/sensor-health-tracker.js';
import { CoalitionService } from './coalition/coalition-service.js';
import type { ResponseOptions } from './response/response-service.js';
import { ResponseService } from './response/response-service.js';
import type { KeyPair } from './signing/key-file.js';
import { nodeNoteSigner } from './signing/node-signer.js';
import type { LogStore } from './storage/store.js';
import { Cosigner } from './witnesses/cosigner.js';

export type Services = {
  store: LogStore;
  writer: LogWriter;
  sequencer: Sequencer;
  registry: RegistryService;
  /** Each sensor's last observation and heartbeat (in memory only). */
  sensorHealth: SensorHealthTracker;
  ingest: IngestService;
  agreements: AgreementService;
  findings: FindingsService;
  /** Findings, tier changes, plans and checkpoints, for SSE and webhooks. */
  events: EventBus;
  /** The escalation ladder, Commission decisions and response plans. */
  response: ResponseService;
  /** The coalition's members and pledges, and the Kiel delivered record. */
  coalition: CoalitionService;
  metrics: Metrics;
  verifierKey: string;
  /** The witness policy the log gathers cosignatures for, if any. */
  policy: WitnessPolicy | undefined;
  cosigner: Cosigner | undefined;
  /** Webhook subscriptions, deliveries and attempts (alerts.db). */
  webhooks: WebhookStore;
  /** Sends bus events to the subscriptions, with retries. */
  webhookDispatcher: WebhookDispatcher;
  /**
   * Stops the findings engine and the integration timer, and waits for the
   * last integration.
   */
  stop: () => Promise<void>;
};

export type ServiceOptions = {
  store: LogStore;
  logKey: KeyPair;
  verifier: SignatureVerifier;
  clock: () => number;
  config: Pick<
    ServerConfig,
    | 'maxFutureSeconds'
    | 'integrateIntervalMs'
    | 'sensorRatePerSecond'
    | 'sensorBurst'
  >;
  defaultMetrics?: boolean;
  /** Ask the policy's witnesses (those with a URL) to cosign checkpoints. */
  policy?: WitnessPolicy;
  /** The live findings engine's window, timing and parameters. */
  findings?: FindingsSettings;
  /** Where the planner gets pledges and GDP, and how often it re-judges. */
  response?: Pick<ResponseOptions, 'pledges' | 'gdp' | 'recheckMs'>;
  /** Delivered support per donor (Kiel Support Tracker), read at start. */
  kiel?: KielRecord;
  /** For witness requests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Told of background failures (integration); the default ignores them. */
  onBackgroundError?: (error: unknown, context: string) => void;
  /**
   * Webhook store and delivery settings: `path` is the SQLite file
   * (default `:memory:`; main.ts puts alerts.db in the data folder).
   */
  webhooks?: Partial<
    Pick<
      WebhookDispatcherOptions,
      'fetch' | 'random' | 'timer' | 'timeoutTimer' | 'retry' | 'timeoutMs'
    >
  > & { path?: string };
};

/**
 * Wires the log's services over a store. Shared by `main.ts` and the tests,
 * so both run the very same object graph. Integrates anything sequenced
 * before a crash before it returns.
 */
export async function createServices(
  options: ServiceOptions
): Promise<Services> {
  const { store, clock, config } = options;
  const metrics = createMetrics({
    defaultMetrics: options.defaultMetrics ?? false,
  });
  const writer = await LogWriter.open(store);
  const sequencer = await Sequencer.open({
    store,
    origin: options.logKey.name,
    signer: nodeNoteSigner(options.logKey.name, options.logKey.seed),
  });
  await sequencer.integrate();
  const registry = await RegistryService.open({ store, writer, clock });
  const sensorHealth = new SensorHealthTracker();
  await sensorHealth.refill(
    store,
    registry
      .list()
      .filter((s) => !s.revoked)
      .map((s) => s.record.id)
  );
  sensorHealth.follow(writer);
  const agreements = await AgreementService.open({ store, writer, clock });
  // Ids start at the start time in µs, so they keep increasing over restarts.
  const events = new EventBus({
    clock,
    firstId: clock() * 1000,
    ...(options.onBackgroundError === undefined
      ? {}
      : { onError: options.onBackgroundError }),
  });
  // Until the ledger is attached (after the service opened), changes wait.
  const findingEvents = new FindingPublisher({
    events,
    view: {
      store,
      sequencer,
      policy: options.policy,
      verifierKey: options.logKey.verifierKey,
    },
    ...(options.onBackgroundError === undefined
      ? {}
      : { onError: options.onBackgroundError }),
  });
  const findings = await FindingsService.open({
    onChange: (id) => findingEvents.changed(id),
    ...options.findings,
    store,
    writer,
    registry,
    agreements,
    clock,
    ...(options.onBackgroundError === undefined
      ? {}
      : { onError: options.onBackgroundError }),
  });
  const coalition = await CoalitionService.open({
    store,
    writer,
    clock,
    kiel: options.kiel,
    events,
  });
  const response = await ResponseService.open({
    // The registry's pledges and the Kiel GDP unless a caller gives its own.
    pledges: () => coalition.pledgesWithState(),
    gdp: () => coalition.gdp(),
    ...options.response,
    store,
    writer,
    events,
    findings,
    agreements,
    witness: {
      store,
      sequencer,
      policy: options.policy,
      verifierKey: options.logKey.verifierKey,
    },
    clock,
    ...(options.onBackgroundError === undefined
      ? {}
      : { onError: options.onBackgroundError }),
  });
  // The ladder's plan depends on which pledges can act: re-judge on a move.
  coalition.onChange(() => response.judgeSoon());
  const ingest = new IngestService({
    writer,
    verifier: options.verifier,
    sensors: registry.lookupKey,
    lastSeq: await store.lastSeqBySensor(),
    sensorLimits: new TokenBuckets({
      ratePerSecond: config.sensorRatePerSecond,
      burst: config.sensorBurst,
    }),
    metrics,
    clock,
    maxFutureSeconds: config.maxFutureSeconds,
  });

  // Integrate at most `integrateIntervalMs` after a commit; record how long
  // each acknowledged entry waited for a checkpoint.
  const acked: { end: number; atMs: number }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const integrateSoon = () => {
    if (timer !== undefined || stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      sequencer.integrate().catch((error: unknown) => {
        // A failed integration leaves the entries sequenced; retry later.
        options.onBackgroundError?.(error, 'integration failed');
        integrateSoon();
      });
    }, config.integrateIntervalMs);
  };
  writer.onCommit(({ firstIndex, count, entries }) => {
    sequencer.noteCommitted(
      firstIndex,
      entries.map((e) => e.bytes)
    );
    acked.push({ end: firstIndex + count, atMs: clock() });
    metrics.sequencedSize.set(firstIndex + count);
    integrateSoon();
  });
  await findingEvents.attach(findings.ledger);
  // A newer witnessed checkpoint turns provisional findings verified.
  sequencer.onCheckpoint(() => findingEvents.witnessMoved());
  sequencer.onCheckpoint((checkpoint) => {
    events.publish({
      type: 'checkpoint',
      data: {
        size: checkpoint.size,
        rootHash: Buffer.from(checkpoint.rootHash).toString('base64'),
      },
    });
    metrics.treeSize.set(checkpoint.size);
    const now = clock();
    while (acked.length > 0 && acked[0]!.end <= checkpoint.size) {
      metrics.checkpointLag.observe((now - acked.shift()!.atMs) / 1000);
    }
  });
  metrics.treeSize.set(sequencer.latest?.size ?? 0);
  metrics.sequencedSize.set(writer.nextIndex);

  const witnesses = (options.policy?.witnesses ?? []).flatMap((w) =>
    w.url === undefined ? [] : [{ name: w.name, vkey: w.vkey, url: w.url }]
  );
  const cosigner =
    witnesses.length === 0
      ? undefined
      : await Cosigner.open({
          store,
          sequencer,
          witnesses,
          fetch: options.fetch ?? fetch,
          clock,
          ...(options.onBackgroundError === undefined
            ? {}
            : { onError: options.onBackgroundError }),
        });
  // Witnesses that missed checkpoints while the log was down catch up now.
  cosigner?.poke();
  cosigner?.onCosignature(() => findingEvents.witnessMoved());
  const webhooks = createWebhookStore({
    path: options.webhooks?.path ?? ':memory:',
  });
  const webhookDispatcher = new WebhookDispatcher({
    fetch: options.fetch ?? fetch,
    random: Math.random,
    ...options.webhooks,
    store: webhooks,
    events,
    clock,
    ...(options.onBackgroundError === undefined
      ? {}
      : { onError: options.onBackgroundError }),
  });
  // Deliveries left pending by a stop or crash are retried from now on.
  webhookDispatcher.start();

  return {
    store,
    writer,
    sequencer,
    registry,
    sensorHealth,
    ingest,
    agreements,
    findings,
    events,
    response,
    coalition,
    metrics,
    verifierKey: options.logKey.verifierKey,
    policy: options.policy,
    cosigner,
    webhooks,
    webhookDispatcher,
    async stop() {
      await findings.stop();
      await response.stop();
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await sequencer.integrate();
      await cosigner?.stop();
      await webhookDispatcher.stop();
      webhooks.close();
    },
  };
}
