import type { FastifyPluginAsync } from 'fastify';
import { ADD_CHECKPOINT_PATH, TLOG_SIZE_CONTENT_TYPE } from '@truce/core';
import type { WitnessService } from '../witness-service.js';

export type AddCheckpointRoutesOptions = { witness: WitnessService };

const TEXT = 'text/plain; charset=utf-8';

/**
 * POST /add-checkpoint (c2sp.org/tlog-witness "add-checkpoint"). The spec
 * names no request content type, so any is read as raw bytes. Refusals are
 * protocol answers: 409 carries the witness's size as text/x.tlog.size,
 * the others a one-line reason.
 */
export const addCheckpointRoutes: FastifyPluginAsync<
  AddCheckpointRoutesOptions
> = async (app, { witness }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body)
  );

  app.post(ADD_CHECKPOINT_PATH, async (request, reply) => {
    const body = request.body;
    const bytes =
      body instanceof Uint8Array
        ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
        : new Uint8Array(0);
    const outcome = await witness.addCheckpoint(bytes);
    if (outcome.status === 200) {
      return reply.code(200).type(TEXT).send(outcome.cosignatures);
    }
    request.log.info(
      { status: outcome.status, code: outcome.code, msg: outcome.reason },
      'checkpoint refused'
    );
    if (outcome.status === 409) {
      return reply
        .code(409)
        .type(TLOG_SIZE_CONTENT_TYPE)
        .send(`${outcome.knownSize ?? 0}\n`);
    }
    return reply.code(outcome.status).type(TEXT).send(`${outcome.reason}\n`);
  });
};
