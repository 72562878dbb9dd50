import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TruceClient } from '@truce/protocol';
import { ClientError, createTruceClient } from '@truce/protocol';
import {
  acousticPayload,
  makeSensor,
  signPayload,
} from '../../server/test/helpers.js';
import { CliError } from '../src/errors.js';
import { readStateFile } from '../src/verify/state-file.js';
import type { VerifyState } from '../src/verify/state-file.js';
import { verifyLog } from '../src/verify/verify-log.js';
import type { TestServer } from './helpers.js';
import { startTestServer } from './helpers.js';

const sensor = makeSensor('acoustic-501');
let server: TestServer;
let client: TruceClient;
let state: VerifyState;

beforeAll(async () => {
  server = await startTestServer();
  await server.running.services.registry.change(
    { type: 'sensor_registered', sensor: sensor.record },
    'test'
  );
  const envelopes = [0, 1, 2].map((seq) =>
    signPayload(
      acousticPayload(sensor.record.id, seq, -180 * 86_400_000),
      sensor.seed
    )
  );
  await server.running.services.ingest.submit(envelopes);
  await server.integrate();
  client = createTruceClient({ baseUrl: server.url });
  const first = await verifyLog({ source: client, concurrency: 4 });
  state = first.next!;
});
afterAll(() => server.close());

describe('verifyLog', () => {
  it('takes the key from --vkey over the server, and says so', async () => {
    const outcome = await verifyLog({
      source: client,
      vkey: server.running.services.verifierKey,
      concurrency: 1,
    });
    expect(outcome.keyFromServer).toBe(false);
    expect(outcome.result.ok).toBe(true);
    expect(outcome.next).toMatchObject({ size: 4, origin: 'cli.test/log' });
  });

  describe('when the log cannot give a consistency proof', () => {
    it('fails with CONSISTENCY_FAILED rather than stopping', async () => {
      const broken: TruceClient = {
        ...client,
        consistencyProof: () =>
          Promise.reject(new ClientError('INTERNAL', 'boom', { status: 500 })),
      };
      const outcome = await verifyLog({
        source: broken,
        state,
        concurrency: 2,
      });
      expect(
        outcome.result.ok ? [] : outcome.result.issues.map((i) => i.code)
      ).toEqual(['CONSISTENCY_FAILED']);
      expect(outcome.next).toBeUndefined();
    });
  });

  describe('when the log stops answering', () => {
    it('rejects with the network error', async () => {
      const gone: TruceClient = {
        ...client,
        tile: () => Promise.reject(new ClientError('NETWORK_ERROR', 'reset')),
      };
      await expect(verifyLog({ source: gone, concurrency: 2 })).toThrowWithCode(
        ClientError,
        'NETWORK_ERROR'
      );
    });
  });

  describe('when the state file names a key that does not parse', () => {
    it('throws INPUT_UNUSABLE', async () => {
      await expect(
        verifyLog({
          source: client,
          state: { ...state, vkey: 'nope' },
          concurrency: 1,
        })
      ).toThrowWithCode(CliError, 'INPUT_UNUSABLE');
    });
  });
});

describe('readStateFile', () => {
  it('reads nothing from a file that does not exist', () => {
    expect(readStateFile('/nonexistent/truce-state.json')).toBeUndefined();
  });
});
