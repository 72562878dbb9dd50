import type { FastifyPluginAsync } from 'fastify';
import type { CapStatus, WitnessPolicy } from '@truce/core';
import { CAP_MEDIA_TYPE } from '@truce/core';
import { findingCapXml } from '../alerts/finding-cap.js';
import { ApiError } from '../errors.js';
import { witnessedSize } from '../findings/finding-view.js';
import type { FindingsService } from '../findings/findings-service.js';
import type { Sequencer } from '../log/sequencer.js';
import type { LogStore } from '../storage/store.js';

export type CapRoutesOptions = {
  store: LogStore;
  sequencer: Sequencer;
  findings: FindingsService;
  policy: WitnessPolicy | undefined;
  verifierKey: string;
  /** Actual in production; the demo and drills say Exercise. */
  capStatus: CapStatus;
  /**
   * The server's public URL for the alerts' web links. Without it the
   * request's own host is used, which is only right behind no proxy.
   */
  publicUrl: string | undefined;
};

// A Host header is client input: only a plain host[:port] makes a link.
const HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

/** GET /v1/findings/{id}/cap: the finding as an OASIS CAP 1.2 alert. */
export const capRoutes: FastifyPluginAsync<CapRoutesOptions> = async (
  app,
  { findings, capStatus, publicUrl, ...witness }
) => {
  // The log's origin (the key name before the first "+") is the sender.
  const sender = witness.verifierKey.split('+')[0]!;
  app.get<{ Params: { id: string } }>(
    '/v1/findings/:id/cap',
    {
      schema: {
        tags: ['findings'],
        summary: 'One finding as an OASIS CAP 1.2 alert (application/cap+xml)',
        description:
          'Alert when logged (Update if it superseded others), Update once witnessed or confirmed, Cancel once rejected; see docs/alerts.md for the mapping.',
        params: {
          type: 'object',
          properties: { id: { type: 'string' } },
          required: ['id'],
        },
      },
    },
    async (request, reply) => {
      const host = request.host;
      if (publicUrl === undefined && !HOST.test(host)) {
        throw new ApiError(
          'QUERY_INVALID',
          'the Host header is not a host name'
        );
      }
      const xml = await findingCapXml(
        {
          store: witness.store,
          ledger: findings.ledger,
          witnessed: await witnessedSize(witness),
          sender,
          status: capStatus,
          baseUrl: (publicUrl ?? `${request.protocol}://${host}`).replace(
            /\/+$/,
            ''
          ),
        },
        request.params.id
      );
      if (xml === undefined) {
        throw new ApiError('NOT_FOUND', `no finding ${request.params.id}`);
      }
      reply.type(`${CAP_MEDIA_TYPE}; charset=utf-8`);
      return xml;
    }
  );
};
