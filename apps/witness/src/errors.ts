import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Errors outside the witness protocol (whose refusals are answers, not
 * errors: see routes/add-checkpoint.ts). Each code has one HTTP status.
 */
export type WitnessHttpErrorCode =
  'NOT_FOUND' | 'BODY_MALFORMED' | 'BODY_TOO_LARGE' | 'INTERNAL';

export const HTTP_STATUS_BY_CODE = {
  NOT_FOUND: 404,
  BODY_MALFORMED: 400,
  BODY_TOO_LARGE: 413,
  INTERNAL: 500,
} as const satisfies Record<WitnessHttpErrorCode, number>;

export class WitnessHttpError extends Error {
  readonly code: WitnessHttpErrorCode;

  constructor(code: WitnessHttpErrorCode, message: string) {
    super(message);
    this.name = 'WitnessHttpError';
    this.code = code;
  }
}

/** Fastify's own error codes that are the client's fault, mapped to ours. */
const FASTIFY_CODES: Record<string, WitnessHttpErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BODY_MALFORMED',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'BODY_MALFORMED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BODY_MALFORMED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BODY_MALFORMED',
};

function classify(error: Error): {
  code: WitnessHttpErrorCode;
  message: string;
} {
  if (error instanceof WitnessHttpError) {
    return { code: error.code, message: error.message };
  }
  const fastifyCode = (error as FastifyError).code;
  const mapped =
    fastifyCode === undefined ? undefined : FASTIFY_CODES[fastifyCode];
  if (mapped !== undefined) return { code: mapped, message: error.message };
  return { code: 'INTERNAL', message: 'internal error' };
}

/**
 * The one error handler (STYLE §4.17): our code, a generic message for 5xx,
 * and the request id, always. A failed store commit lands here, so no
 * cosignature leaves for state that was not written.
 */
export function handleError(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply
): FastifyReply {
  const { code, message } = classify(error);
  const status = HTTP_STATUS_BY_CODE[code];
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code, msg: message }, 'request rejected');
  return reply.status(status).send({
    code,
    message: status >= 500 ? 'internal error' : message,
    requestId: String(request.id),
  });
}
