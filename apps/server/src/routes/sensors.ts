import type { FastifyPluginAsync } from 'fastify';
import type { SensorState } from '@truce/core';
import { CoreError, base64Encode, parseSensorRecord } from '@truce/core';
import type { RegistryWriteResponse, SensorStatus } from '@truce/protocol';
import {
  revokeSensorRequestSchema,
  rotateSensorRequestSchema,
} from '@truce/protocol';
import { authorize } from '../auth/tokens.js';
import { ApiError } from '../errors.js';
import type { RegistryService } from '../registry/registry-service.js';
import type { SensorHealthTracker } from '../registry/sensor-health-tracker.js';
import type { LogStore } from '../storage/store.js';
import { parseOrThrow } from './parse.js';

export type SensorRoutesOptions = {
  store: LogStore;
  registry: RegistryService;
  /** When given, each sensor carries its `health`. */
  health?: SensorHealthTracker;
  /** Milliseconds since the Unix epoch. */
  clock: () => number;
};

function toStatus(
  state: SensorState,
  health: SensorHealthTracker | undefined,
  nowMs: number
): SensorStatus {
  return {
    id: state.record.id,
    record: state.record,
    revoked: state.revoked,
    registeredAt: state.keyHistory[0]?.fromIndex ?? 0,
    keys: state.keyHistory.map((k) => ({
      publicKey: base64Encode(k.publicKey),
      fromIndex: k.fromIndex,
    })),
    ...(health === undefined
      ? {}
      : { health: health.health(state.record.id, state.revoked, nowMs) }),
  };
}

const secured = { security: [{ bearer: [] }] };

/** The sensor registry (DESIGN 4.2): reads are public, writes need `admin`. */
export const sensorRoutes: FastifyPluginAsync<SensorRoutesOptions> = async (
  app,
  { store, registry, health, clock }
) => {
  app.get(
    '/v1/sensors',
    {
      schema: {
        tags: ['sensors'],
        summary: 'Every registered sensor, with its health',
      },
    },
    async () => {
      const nowMs = clock();
      return {
        sensors: registry.list().map((s) => toStatus(s, health, nowMs)),
      };
    }
  );

  app.get<{ Params: { id: string } }>(
    '/v1/sensors/:id',
    {
      schema: { tags: ['sensors'], summary: 'One sensor and its key history' },
    },
    async (request) => {
      const state = registry.lookup(request.params.id);
      if (state === undefined) {
        throw new ApiError(
          'NOT_FOUND',
          `sensor ${request.params.id} is not registered`
        );
      }
      return toStatus(state, health, clock());
    }
  );

  app.post(
    '/v1/sensors',
    {
      schema: {
        tags: ['sensors'],
        summary: 'Register a sensor (a log entry)',
        ...secured,
        body: { type: 'object' },
      },
    },
    async (request, reply): Promise<RegistryWriteResponse> => {
      const token = await authorize(store, request, 'sensors:write');
      let sensor;
      try {
        sensor = parseSensorRecord(request.body);
      } catch (error) {
        if (error instanceof CoreError)
          throw new ApiError('BODY_SCHEMA', error.message);
        throw error;
      }
      const index = await registry.change(
        { type: 'sensor_registered', sensor },
        `token:${token.id}`
      );
      reply.status(201);
      return { index };
    }
  );

  app.post<{ Params: { id: string } }>(
    '/v1/sensors/:id/rotate',
    {
      schema: {
        tags: ['sensors'],
        summary: "Replace a sensor's key (a log entry)",
        ...secured,
        body: { type: 'object', properties: { publicKey: { type: 'string' } } },
      },
    },
    async (request): Promise<RegistryWriteResponse> => {
      const token = await authorize(store, request, 'sensors:write');
      const { publicKey } = parseOrThrow(
        rotateSensorRequestSchema,
        request.body,
        'BODY_SCHEMA'
      );
      const index = await registry.change(
        { type: 'sensor_key_rotated', sensor: request.params.id, publicKey },
        `token:${token.id}`
      );
      return { index };
    }
  );

  app.post<{ Params: { id: string } }>(
    '/v1/sensors/:id/revoke',
    {
      schema: {
        tags: ['sensors'],
        summary: 'Revoke a sensor for good (a log entry)',
        ...secured,
        body: { type: 'object', properties: { reason: { type: 'string' } } },
      },
    },
    async (request): Promise<RegistryWriteResponse> => {
      const token = await authorize(store, request, 'sensors:write');
      const { reason } = parseOrThrow(
        revokeSensorRequestSchema,
        request.body,
        'BODY_SCHEMA'
      );
      const index = await registry.change(
        { type: 'sensor_revoked', sensor: request.params.id, reason },
        `token:${token.id}`
      );
      return { index };
    }
  );
};
