import type { z } from 'zod';
import type { FindingEvidence } from '@truce/core';
import { readFindingEvidence } from '@truce/core';
import { REQUEST_ERROR_CODES } from './codes.js';
import type { RequestErrorCode } from './codes.js';
import {
  coalitionResponseSchema,
  coalitionWriteResponseSchema,
  pledgeTransitionResponseSchema,
} from './coalition.js';
import type {
  CoalitionResponse,
  CoalitionWriteResponse,
  PledgeTransitionRequest,
  PledgeTransitionResponse,
} from './coalition.js';
import { ClientError } from './errors.js';
import { submitObservationsResponseSchema } from './observations.js';
import type { EnvelopeResult } from './observations.js';
import {
  consistencyProofResponseSchema,
  inclusionProofResponseSchema,
} from './proofs.js';
import type {
  ConsistencyProofResponse,
  InclusionProofResponse,
} from './proofs.js';
import {
  listSensorsResponseSchema,
  registryWriteResponseSchema,
  sensorStatusSchema,
} from './sensors.js';
import type { RegistryWriteResponse, SensorStatus } from './sensors.js';

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

/** The answer to `POST /v1/observations`, a 429 included. */
export type SubmitOutcome = {
  results: EnvelopeResult[];
  /** Set when every envelope was refused for its sensor's rate limit. */
  retryAfterSeconds?: number;
};

/** A typed client for the Truce HTTP API; every failure is a ClientError. */
export type TruceClient = {
  readonly baseUrl: string;
  /** The signed checkpoint note, or undefined while the log is empty. */
  checkpoint(): Promise<string | undefined>;
  /** The log's note verifier key, `<origin>+<id>+<key>`. */
  vkey(): Promise<string>;
  /** A tile or entry bundle by its path under `/log/` (`tile/0/000`); undefined on 404. */
  tile(path: string): Promise<Uint8Array | undefined>;
  inclusionProof(index: number, size: number): Promise<InclusionProofResponse>;
  consistencyProof(from: number, to: number): Promise<ConsistencyProofResponse>;
  submitObservations(envelopes: readonly unknown[]): Promise<SubmitOutcome>;
  listSensors(): Promise<SensorStatus[]>;
  sensor(id: string): Promise<SensorStatus>;
  registerSensor(record: unknown): Promise<RegistryWriteResponse>;
  rotateSensorKey(
    id: string,
    publicKey: string
  ): Promise<RegistryWriteResponse>;
  revokeSensor(id: string, reason: string): Promise<RegistryWriteResponse>;
  /** `GET /v1/coalition`: members, pledges with state, delivered support. */
  coalition(): Promise<CoalitionResponse>;
  addCoalitionMember(member: unknown): Promise<CoalitionWriteResponse>;
  registerPledge(pledge: unknown): Promise<CoalitionWriteResponse>;
  transitionPledge(
    id: string,
    move: PledgeTransitionRequest
  ): Promise<PledgeTransitionResponse>;
  /**
   * A finding's evidence file (DESIGN 4.7), read and shape-checked; check
   * it with core's verifyEvidence. 503 (no witnessed checkpoint covers the
   * finding yet) is retried after its Retry-After.
   */
  findingEvidence(id: string): Promise<FindingEvidence>;
};

type Call = {
  method?: 'GET' | 'POST';
  path: string;
  body?: unknown;
  auth?: boolean;
  /** Statuses handed back to the caller instead of thrown. */
  pass?: readonly number[];
};

const defaultSleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

function isRequestErrorCode(code: unknown): code is RequestErrorCode {
  return (REQUEST_ERROR_CODES as readonly unknown[]).includes(code);
}

function retryAfterSeconds(response: Response): number | undefined {
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

function parseBody<S extends z.ZodType>(
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
 * Builds a client for one server. Requests answered 429 or 503 with a
 * Retry-After are retried after that delay, a few times.
 * @example const client = createTruceClient({ baseUrl: 'http://127.0.0.1:8080' });
 */
export function createTruceClient(options: TruceClientOptions): TruceClient {
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

  const sensorPath = (id: string) => `/v1/sensors/${encodeURIComponent(id)}`;

  return {
    baseUrl,
    checkpoint: () => text('/log/checkpoint'),
    async vkey() {
      const body = await text('/log/vkey');
      if (body === undefined) {
        throw new ClientError('NOT_FOUND', 'the server has no /log/vkey', {
          status: 404,
        });
      }
      return body.trim();
    },
    async tile(path) {
      const response = await send({ path: `/log/${path}`, pass: [404] });
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      return new Uint8Array(await response.arrayBuffer());
    },
    inclusionProof: (index, size) =>
      json(inclusionProofResponseSchema, {
        path: `/v1/proofs/inclusion?index=${index}&size=${size}`,
      }),
    consistencyProof: (from, to) =>
      json(consistencyProofResponseSchema, {
        path: `/v1/proofs/consistency?from=${from}&to=${to}`,
      }),
    async submitObservations(envelopes) {
      // A 429 whose body lists results means every envelope was refused
      // for its sensor's rate limit: the caller decides when to resend.
      const response = await send({
        method: 'POST',
        path: '/v1/observations',
        body: { envelopes },
        pass: [429],
      });
      let body: unknown;
      try {
        body = await response.json();
      } catch (error) {
        throw new ClientError('RESPONSE_INVALID', 'observations: not JSON', {
          cause: error,
        });
      }
      if (response.status === 429 && !Object.hasOwn(body ?? {}, 'results')) {
        const { message } = (body ?? {}) as { message?: unknown };
        throw new ClientError(
          'RATE_LIMITED',
          typeof message === 'string' ? message : 'rate limited',
          { status: 429 }
        );
      }
      const { results } = parseBody(
        submitObservationsResponseSchema,
        body,
        '/v1/observations'
      );
      const wait = retryAfterSeconds(response);
      return response.status === 429 && wait !== undefined
        ? { results, retryAfterSeconds: wait }
        : { results };
    },
    async listSensors() {
      return (await json(listSensorsResponseSchema, { path: '/v1/sensors' }))
        .sensors;
    },
    sensor: (id) => json(sensorStatusSchema, { path: sensorPath(id) }),
    registerSensor: (record) =>
      json(registryWriteResponseSchema, {
        method: 'POST',
        path: '/v1/sensors',
        body: record,
        auth: true,
      }),
    rotateSensorKey: (id, publicKey) =>
      json(registryWriteResponseSchema, {
        method: 'POST',
        path: `${sensorPath(id)}/rotate`,
        body: { publicKey },
        auth: true,
      }),
    coalition: () => json(coalitionResponseSchema, { path: '/v1/coalition' }),
    addCoalitionMember: (member) =>
      json(coalitionWriteResponseSchema, {
        method: 'POST',
        path: '/v1/coalition/members',
        body: member,
        auth: true,
      }),
    registerPledge: (pledge) =>
      json(coalitionWriteResponseSchema, {
        method: 'POST',
        path: '/v1/pledges',
        body: pledge,
        auth: true,
      }),
    transitionPledge: (id, move) =>
      json(pledgeTransitionResponseSchema, {
        method: 'POST',
        path: `/v1/pledges/${encodeURIComponent(id)}/transitions`,
        body: move,
        auth: true,
      }),
    revokeSensor: (id, reason) =>
      json(registryWriteResponseSchema, {
        method: 'POST',
        path: `${sensorPath(id)}/revoke`,
        body: { reason },
        auth: true,
      }),
    async findingEvidence(id) {
      const path = `/v1/findings/${encodeURIComponent(id)}/evidence`;
      const read = readFindingEvidence(await (await send({ path })).text());
      if (!read.ok) {
        throw new ClientError(
          'RESPONSE_INVALID',
          `${path}: unexpected answer`,
          {
            cause: read.issues,
          }
        );
      }
      return read.value;
    },
  };
}
