import type { FastifyPluginAsync } from 'fastify';
import type { WitnessService } from '../witness-service.js';

export type ReadRoutesOptions = { witness: WitnessService };

/**
 * The witness's read side: what it cosigned per log, the evidence it
 * holds against logs (both signed notes, checkable by anyone with the log
 * key), and liveness with its identity.
 */
export const readRoutes: FastifyPluginAsync<ReadRoutesOptions> = async (
  app,
  { witness }
) => {
  // What these routes serve is public proof (signed notes anyone may
  // check), so any web page may read it: a dashboard on the log's origin
  // fetches each witness's equivocations directly (Fetch standard, CORS).
  // Only this plugin's routes get it; add-checkpoint stays same-origin.
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
  });

  app.get('/logs', async (_request, reply) =>
    reply.header('cache-control', 'no-cache').send(witness.listLogs())
  );

  app.get('/equivocations', async (_request, reply) =>
    reply.header('cache-control', 'no-cache').send(witness.listEquivocations())
  );

  app.get('/healthz', async () => ({
    status: 'ok',
    name: witness.identity.name,
    vkey: witness.identity.vkey,
  }));
};
