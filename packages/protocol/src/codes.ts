/**
 * Request-level error codes of the HTTP API. Each maps to one HTTP status
 * (see `HTTP_STATUS_BY_CODE`), and every error body carries its code.
 */
export const REQUEST_ERROR_CODES = [
  'BODY_MALFORMED',
  'BODY_SCHEMA',
  'BODY_TOO_LARGE',
  'BATCH_TOO_LARGE',
  'QUERY_INVALID',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'MEMBER_FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'UNPROCESSABLE',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;

export type RequestErrorCode = (typeof REQUEST_ERROR_CODES)[number];

export const HTTP_STATUS_BY_CODE = {
  BODY_MALFORMED: 400,
  BODY_SCHEMA: 400,
  BODY_TOO_LARGE: 413,
  BATCH_TOO_LARGE: 400,
  QUERY_INVALID: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  // A guarantor token acting for a coalition member it is not bound to.
  MEMBER_FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  // RFC 9110 §15.5.21: well-formed, but its content cannot be used.
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const satisfies Record<RequestErrorCode, number>;

/** The body of every non-2xx answer. */
export type ErrorBody = {
  code: RequestErrorCode;
  message: string;
  requestId: string;
};
