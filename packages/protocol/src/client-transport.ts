import type { z } from 'zod';
import { REQUEST_ERROR_CODES } from './codes.js';
import type { RequestErrorCode } from './codes.js';
import { ClientError } from './errors.js';

/** The part of WHATWG `fetch` the client uses, so tests can fake it. */
export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export type TruceClientOptions = {
  /** The server's base URL, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** Bearer token, sent on writes that need a role. */
  token?: string;
  fetch?: FetchLike;
  /** Retries of a request answered 429 or 503 with Retry-After (default 3). */
  retries?: number;
  /** Longest Retry-After honoured, in seconds (default 60); longer fails. */
  maxRetryAfterSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
};

/** One request as the client's area modules describe it. */
export type Call = {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  auth?: boolean;
  /** Statuses handed back to the caller instead of thrown. */
  pass?: readonly number[];
};

/** What every area of the client (coalition, response, webhooks) sends with. */
export type Transport = {
  readonly baseUrl: string;
  send(call: Call): Promise<Response>;
  json<S extends z.ZodType>(schema: S, call: Call): Promise<z.output<S>>;
  /** A text body, or undefined on 404. */
  text(path: string): Promise<string | undefined>;
};

const defaultSleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

function isRequestErrorCode(code: unknown): code is RequestErrorCode {
  return (REQUEST_ERROR_CODES as readonly unknown[]).includes(code);
}

export function retryAfterSeconds(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null || !/^[0-9]{1,6}$/.test(header)) return undefined;
  return Number(header);
}

async function errorFrom(response: Response): Promise<ClientError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const { code, message, requestId } = (body ?? {}) as Record<string, unknown>;
  const options = {
    status: response.status,
    ...(typeof requestId === 'string' ? { requestId } : {}),
  };
  if (isRequestErrorCode(code) && typeof message === 'string') {
    return new ClientError(code, message, options);
  }
  return new ClientError(
    'HTTP_STATUS',
    `${response.url} answered ${response.status}`,
    options
  );
}

export function parseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  what: string
): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new ClientError('RESPONSE_INVALID', `${what}: unexpected answer`, {
      cause: result.error,
    });
  }
  return result.data;
}

/**
 * Sends requests to one server. Requests answered 429 or 503 with a
 * Retry-After are retried after that delay, a few times; any other non-2xx
 * answer becomes a ClientError with the server's code.
 */
export function createTransport(options: TruceClientOptions): Transport {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchFn = options.fetch ?? ((url, init) => fetch(url, init));
  const retries = options.retries ?? 3;
  const maxWait = options.maxRetryAfterSeconds ?? 60;
  const sleep = options.sleep ?? defaultSleep;

  async function send(call: Call): Promise<Response> {
    const url = `${baseUrl}${call.path}`;
    const headers: Record<string, string> = {};
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (call.auth === true && options.token !== undefined) {
      headers.authorization = `Bearer ${options.token}`;
    }
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetchFn(url, {
          method: call.method ?? 'GET',
          headers,
          ...(call.body === undefined
            ? {}
            : { body: JSON.stringify(call.body) }),
        });
      } catch (error) {
        throw new ClientError('NETWORK_ERROR', `cannot reach ${url}`, {
          cause: error,
        });
      }
      if (response.ok || call.pass?.includes(response.status) === true) {
        return response;
      }
      const wait = retryAfterSeconds(response);
      const retryable = response.status === 429 || response.status === 503;
      if (retryable && wait !== undefined && wait <= maxWait) {
        if (attempt < retries) {
          await response.body?.cancel();
          await sleep(wait * 1000);
          continue;
        }
      }
      throw await errorFrom(response);
    }
  }

  async function json<S extends z.ZodType>(
    schema: S,
    call: Call
  ): Promise<z.output<S>> {
    const response = await send(call);
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new ClientError('RESPONSE_INVALID', `${call.path}: not JSON`, {
        cause: error,
      });
    }
    return parseBody(schema, body, call.path);
  }

  async function text(path: string): Promise<string | undefined> {
    const response = await send({ path, pass: [404] });
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    return response.text();
  }

  return { baseUrl, send, json, text };
}
