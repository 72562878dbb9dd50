import type { FastifyPluginAsync } from 'fastify';
import type {
  CurrentAgreementResponse,
  RegistryWriteResponse,
} from '@truce/protocol';
import { authorize } from '../auth/tokens.js';
import { ApiError } from '../errors.js';
import type { AgreementService } from '../findings/agreement-service.js';
import type { LogStore } from '../storage/store.js';

export type AgreementRoutesOptions = {
  store: LogStore;
  agreements: AgreementService;
};

/** The ceasefire agreement (DESIGN 4.3): each version is a log entry. */
export const agreementRoutes: FastifyPluginAsync<
  AgreementRoutesOptions
> = async (app, { store, agreements }) => {
  app.get(
    '/v1/agreements/current',
    {
      schema: {
        tags: ['agreements'],
        summary: 'The agreement in force and the log index of its entry',
      },
    },
    async (): Promise<CurrentAgreementResponse> => {
      const current = agreements.current;
      if (current === undefined) {
        throw new ApiError('NOT_FOUND', 'no agreement has been logged');
      }
      return { index: current.index, agreement: current.raw };
    }
  );

  app.post(
    '/v1/agreements',
    {
      schema: {
        tags: ['agreements'],
        summary: 'Log a new agreement version (DESIGN 4.3)',
        description:
          'The body is the agreement. Its version must be above every logged version of the same id (409 CONFLICT); an invalid agreement is 400 BODY_SCHEMA naming every issue.',
        security: [{ bearer: [] }],
        body: {
          type: 'object',
          required: ['id', 'version', 'parties', 'contactLine', 'rules'],
        },
      },
    },
    async (request, reply): Promise<RegistryWriteResponse> => {
      const token = await authorize(store, request, 'agreements:write');
      const index = await agreements.append(request.body, `token:${token.id}`);
      reply.status(201);
      return { index };
    }
  );
};
