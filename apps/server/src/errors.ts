import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody, RequestErrorCode } from '@truce/protocol';
import { HTTP_STATUS_BY_CODE } from '@truce/protocol';

/** An error the API answers with; its code picks the HTTP status. */
export class ApiError extends Error {
  readonly code: RequestErrorCode;
  readonly headers: Record<string, string>;

  constructor(
    code: RequestErrorCode,
    message: string,
    options: { cause?: unknown; headers?: Record<string, string> } = {}
  ) {
    super(message, { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.headers = options.headers ?? {};
  }
}

/** Fastify's own error codes that are the client's fault, mapped to ours. */
const FASTIFY_CODES: Record<string, RequestErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'BODY_MALFORMED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BODY_MALFORMED',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'BODY_MALFORMED',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BODY_MALFORMED',
  FST_ERR_VALIDATION: 'BODY_SCHEMA',
};

function classify(error: FastifyError | ApiError | Error): {
  code: RequestErrorCode;
  message: string;
  headers: Record<string, string>;
} {
  if (error instanceof ApiError) {
    return { code: error.code, message: error.message, headers: error.headers };
  }
  const fastifyCode = (error as FastifyError).code;
  const mapped =
    fastifyCode === undefined ? undefined : FASTIFY_CODES[fastifyCode];
  if (mapped !== undefined) {
    return { code: mapped, message: error.message, headers: {} };
  }
  // JSON.parse errors from the content-type parser carry a 400 status.
  if (
    (error as FastifyError).statusCode === 400 &&
    error instanceof SyntaxError
  ) {
    return {
      code: 'BODY_MALFORMED',
      message: 'body is not valid JSON',
      headers: {},
    };
  }
  if ((error as FastifyError).statusCode === 429) {
    return { code: 'RATE_LIMITED', message: error.message, headers: {} };
  }
  return { code: 'INTERNAL', message: 'internal error', headers: {} };
}

/**
 * The one error handler (STYLE §4.17): our code, a generic message for 5xx,
 * and the request id, always.
 */
export function handleError(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply
): FastifyReply {
  const { code, message, headers } = classify(error);
  const status = HTTP_STATUS_BY_CODE[code];
  // Only a fault of ours is hidden and logged as an error; UNAVAILABLE (503)
  // is an expected state with a reason the client needs ("not yet
  // cosigned"), so it is answered in full.
  const fault = code === 'INTERNAL';
  if (fault) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code, msg: message }, 'request rejected');
  const body: ErrorBody = {
    code,
    message: fault ? 'internal error' : message,
    requestId: String(request.id),
  };
  return reply.status(status).headers(headers).send(body);
}
