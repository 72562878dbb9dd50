import type { RequestErrorCode } from './codes.js';

/**
 * Why a client call failed: the server's own code when it answered with an
 * error body, else what went wrong on the way.
 */
export type ClientErrorCode =
  | RequestErrorCode
  /** The server could not be reached (DNS, refused, reset, aborted). */
  | 'NETWORK_ERROR'
  /** A non-2xx answer without a Truce error body. */
  | 'HTTP_STATUS'
  /** A 2xx answer whose body is not what the API promises. */
  | 'RESPONSE_INVALID';

/** The one error type the typed client throws (STYLE §4.13). */
export class ClientError extends Error {
  readonly code: ClientErrorCode;
  /** The HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** The server's request id, for its logs. */
  readonly requestId: string | undefined;

  constructor(
    code: ClientErrorCode,
    message: string,
    options: { status?: number; requestId?: string; cause?: unknown } = {}
  ) {
    super(message, { cause: options.cause });
    this.name = 'ClientError';
    this.code = code;
    this.status = options.status;
    this.requestId = options.requestId;
  }
}
