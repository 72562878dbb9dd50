import Fastify from 'fastify';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyServerOptions,
} from 'fastify';
import { randomUUID } from 'node:crypto';
import { WitnessHttpError, handleError } from './errors.js';
import { addCheckpointRoutes } from './routes/add-checkpoint.js';
import { readRoutes } from './routes/read.js';
import type { WitnessService } from './witness-service.js';

export type WitnessAppDeps = {
  witness: WitnessService;
  bodyLimitBytes: number;
  logger?: FastifyServerOptions['logger'];
  /** A ready pino logger, used instead of `logger` when given. */
  loggerInstance?: FastifyBaseLogger;
};

/**
 * Builds the witness's HTTP app from a ready service. It never listens, so
 * tests drive it with `app.inject()` (STYLE §2.4).
 */
export async function buildWitnessApp(
  deps: WitnessAppDeps
): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.loggerInstance === undefined
      ? { logger: deps.logger ?? false }
      : { loggerInstance: deps.loggerInstance }),
    bodyLimit: deps.bodyLimitBytes,
    genReqId: () => randomUUID(),
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request) => {
    throw new WitnessHttpError(
      'NOT_FOUND',
      `no route ${request.method} ${request.url}`
    );
  });
  await app.register(addCheckpointRoutes, { witness: deps.witness });
  await app.register(readRoutes, { witness: deps.witness });
  return app;
}
