import Fastify from 'fastify';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyServerOptions,
} from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { WitnessPolicy } from '@truce/core';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { randomUUID } from 'node:crypto';
import type { CoalitionService } from './coalition/coalition-service.js';
import { ApiError, handleError } from './errors.js';
import type { AgreementService } from './findings/agreement-service.js';
import type { FindingsService } from './findings/findings-service.js';
import type { IngestService } from './ingest/ingest-service.js';
import type { Sequencer } from './log/sequencer.js';
import type { Metrics } from './metrics.js';
import type { RegistryService } from './registry/registry-service.js';
import type { SensorHealthTracker } from './registry/sensor-health-tracker.js';
import { agreementRoutes } from './routes/agreements.js';
import { entryRoutes } from './routes/entries.js';
import { eventRoutes } from './routes/events.js';
import { capRoutes } from './routes/cap.js';
import { webhookRoutes } from './routes/webhooks.js';
import type { WebhookStore } from './alerts/webhook-store.js';
import type { CapStatus } from '@truce/core';
import type { EventRoutesOptions } from './routes/events.js';
import type { EventBus } from './events/event-bus.js';
import { coalitionRoutes } from './routes/coalition.js';
import { findingRoutes } from './routes/findings.js';
import { exportRoutes } from './routes/exports.js';
import { responseRoutes } from './routes/response.js';
import type { ResponseService } from './response/response-service.js';
import { logRoutes } from './routes/log.js';
import { metricsRoutes } from './routes/metrics.js';
import { observationRoutes } from './routes/observations.js';
import { proofRoutes } from './routes/proofs.js';
import { sensorRoutes } from './routes/sensors.js';
import type { LogStore } from './storage/store.js';
import type { Cosigner } from './witnesses/cosigner.js';

export type AppDeps = {
  store: LogStore;
  sequencer: Sequencer;
  ingest: IngestService;
  registry: RegistryService;
  /** Sensors' health for `GET /v1/sensors`; without it no `health` field. */
  sensorHealth?: SensorHealthTracker;
  agreements: AgreementService;
  findings: FindingsService;
  response: ResponseService;
  coalition: CoalitionService;
  metrics: Metrics;
  verifierKey: string;
  cosigner: Cosigner | undefined;
  /** The event bus `GET /v1/events` streams from. */
  events: EventBus;
  /** Webhook subscriptions and delivery records. */
  webhooks: WebhookStore;
  /** SSE tuning (heartbeat, stream cap); defaults suit production. */
  sse?: Omit<EventRoutesOptions, 'events'>;
  /** CAP alerts' <status>: Actual (default) or Exercise (the demo). */
  capStatus?: CapStatus;
  /** The public base URL alerts link to; default: the request's host. */
  publicUrl?: string;
  policy: WitnessPolicy | undefined;
  /** Milliseconds since the Unix epoch. */
  clock: () => number;
  bodyLimitBytes: number;
  clientRatePerMinute: number;
  logger: FastifyServerOptions['logger'];
  /** A ready pino logger, used instead of `logger` when given. */
  loggerInstance?: FastifyBaseLogger;
  /** The built dashboard to serve at `/` (apps/web/dist); none when absent. */
  webDir?: string;
};

/**
 * Builds the HTTP app from ready-made services. It never listens, so tests
 * drive it with `app.inject()` (STYLE §2.4).
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.loggerInstance === undefined
      ? { logger: deps.logger ?? false }
      : { loggerInstance: deps.loggerInstance }),
    bodyLimit: deps.bodyLimitBytes,
    genReqId: () => randomUUID(),
    // Route schemas document the API; bodies are checked with the zod
    // schemas of @truce/protocol in the handlers, so errors carry our codes.
    ajv: { customOptions: { strict: false } },
  });
  app.setValidatorCompiler(() => () => true);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request) => {
    throw new ApiError(
      'NOT_FOUND',
      `no route ${request.method} ${request.url}`
    );
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Truce log server',
        version: '1',
        description:
          'Signed observations in; a C2SP tlog-tiles log with signed checkpoints out.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // An attacker could also probe for URLs, so the limit covers 404s too.
  await app.register(rateLimit, {
    global: true,
    max: deps.clientRatePerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) =>
      new ApiError(
        'RATE_LIMITED',
        `more than ${context.max} requests a minute from this client`,
        { headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) } }
      ),
  });

  await app.register(observationRoutes, {
    ingest: deps.ingest,
    metrics: deps.metrics,
  });
  await app.register(sensorRoutes, {
    store: deps.store,
    registry: deps.registry,
    ...(deps.sensorHealth === undefined ? {} : { health: deps.sensorHealth }),
    clock: deps.clock,
  });
  await app.register(logRoutes, {
    store: deps.store,
    sequencer: deps.sequencer,
    verifierKey: deps.verifierKey,
    cosigner: deps.cosigner,
  });
  await app.register(proofRoutes, {
    store: deps.store,
    sequencer: deps.sequencer,
  });
  await app.register(entryRoutes, {
    store: deps.store,
    sequencer: deps.sequencer,
    verifierKey: deps.verifierKey,
    policy: deps.policy,
  });
  await app.register(agreementRoutes, {
    store: deps.store,
    agreements: deps.agreements,
  });
  await app.register(findingRoutes, {
    store: deps.store,
    sequencer: deps.sequencer,
    findings: deps.findings,
    policy: deps.policy,
    verifierKey: deps.verifierKey,
  });
  await app.register(responseRoutes, {
    store: deps.store,
    response: deps.response,
    clock: deps.clock,
  });
  await app.register(exportRoutes, {
    store: deps.store,
    sequencer: deps.sequencer,
    findings: deps.findings,
    agreements: deps.agreements,
    policy: deps.policy,
    verifierKey: deps.verifierKey,
    clock: deps.clock,
    publicUrl: deps.publicUrl,
  });
  await app.register(coalitionRoutes, {
    store: deps.store,
    coalition: deps.coalition,
  });
  await app.register(metricsRoutes, { metrics: deps.metrics });
  await app.register(eventRoutes, { ...deps.sse, events: deps.events });
  await app.register(webhookRoutes, {
    store: deps.store,
    webhooks: deps.webhooks,
    clock: deps.clock,
  });
  await app.register(capRoutes, {
    store: deps.store,
    sequencer: deps.sequencer,
    findings: deps.findings,
    policy: deps.policy,
    verifierKey: deps.verifierKey,
    capStatus: deps.capStatus ?? 'Actual',
    publicUrl: deps.publicUrl,
  });
  if (deps.webDir !== undefined) {
    // One route per built file (wildcard off), so an unknown path still
    // reaches the NOT_FOUND handler; the dashboard routes by URL hash.
    await app.register(fastifyStatic, {
      root: deps.webDir,
      prefix: '/',
      wildcard: false,
      cacheControl: false,
    });
  }
  return app;
}
