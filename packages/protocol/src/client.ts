import type { FindingEvidence } from '@truce/core';
import { readFindingEvidence } from '@truce/core';
import type { CoalitionClient } from './client-coalition.js';
import { coalitionClient } from './client-coalition.js';
import type { ResponseClient } from './client-response.js';
import { responseClient } from './client-response.js';
import type { TruceClientOptions } from './client-transport.js';
import {
  createTransport,
  parseBody,
  retryAfterSeconds,
} from './client-transport.js';
import type { WebhooksClient } from './client-webhooks.js';
import { webhooksClient } from './client-webhooks.js';
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

// The client is split by area (transport, coalition, response, webhooks);
// this module keeps its public names.
export type { FetchLike, TruceClientOptions } from './client-transport.js';
export type { CoalitionClient } from './client-coalition.js';
export type { ResponseClient } from './client-response.js';
export type { WebhooksClient } from './client-webhooks.js';

/** The answer to `POST /v1/observations`, a 429 included. */
export type SubmitOutcome = {
  results: EnvelopeResult[];
  /** Set when every envelope was refused for its sensor's rate limit. */
  retryAfterSeconds?: number;
};

/** A typed client for the Truce HTTP API; every failure is a ClientError. */
export type TruceClient = CoalitionClient &
  ResponseClient &
  WebhooksClient & {
    readonly baseUrl: string;
    /** The signed checkpoint note, or undefined while the log is empty. */
    checkpoint(): Promise<string | undefined>;
    /** The log's note verifier key, `<origin>+<id>+<key>`. */
    vkey(): Promise<string>;
    /** A tile or entry bundle by its path under `/log/` (`tile/0/000`); undefined on 404. */
    tile(path: string): Promise<Uint8Array | undefined>;
    inclusionProof(
      index: number,
      size: number
    ): Promise<InclusionProofResponse>;
    consistencyProof(
      from: number,
      to: number
    ): Promise<ConsistencyProofResponse>;
    submitObservations(envelopes: readonly unknown[]): Promise<SubmitOutcome>;
    listSensors(): Promise<SensorStatus[]>;
    sensor(id: string): Promise<SensorStatus>;
    registerSensor(record: unknown): Promise<RegistryWriteResponse>;
    rotateSensorKey(
      id: string,
      publicKey: string
    ): Promise<RegistryWriteResponse>;
    revokeSensor(id: string, reason: string): Promise<RegistryWriteResponse>;
    /**
     * A finding's evidence file (DESIGN 4.7), read and shape-checked; check
     * it with core's verifyEvidence. 503 (no witnessed checkpoint covers the
     * finding yet) is retried after its Retry-After.
     */
    findingEvidence(id: string): Promise<FindingEvidence>;
  };

/**
 * Builds a client for one server. Requests answered 429 or 503 with a
 * Retry-After are retried after that delay, a few times.
 * @example const client = createTruceClient({ baseUrl: 'http://127.0.0.1:8080' });
 */
export function createTruceClient(options: TruceClientOptions): TruceClient {
  const transport = createTransport(options);
  const { baseUrl, send, json, text } = transport;

  const sensorPath = (id: string) => `/v1/sensors/${encodeURIComponent(id)}`;

  return {
    ...coalitionClient(transport),
    ...responseClient(transport),
    ...webhooksClient(transport),
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
