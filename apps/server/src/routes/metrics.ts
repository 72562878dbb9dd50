import type { FastifyPluginAsync } from 'fastify';
import type { Metrics } from '../metrics.js';

/** Prometheus metrics and a liveness probe. */
export const metricsRoutes: FastifyPluginAsync<{ metrics: Metrics }> = async (
  app,
  { metrics }
) => {
  app.get(
    '/metrics',
    {
      schema: { tags: ['ops'], summary: 'Prometheus metrics' },
      config: { rateLimit: false },
    },
    async (_request, reply) =>
      reply
        .type(metrics.registry.contentType)
        .send(await metrics.registry.metrics())
  );
  app.get(
    '/healthz',
    {
      schema: { tags: ['ops'], summary: 'Liveness' },
      config: { rateLimit: false },
    },
    async () => ({ ok: true })
  );
};
