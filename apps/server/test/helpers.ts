import type { FastifyInstance } from 'fastify';
import type { FusionOptions, SensorRecord, WitnessPolicy } from '@truce/core';
import {
  OBSERVATION_PAYLOAD_TYPE,
  SHORT_RANGE_ACOUSTIC,
  base64Encode,
  ed25519PublicKey,
  ed25519Sign,
  sha256,
  signEnvelope,
  utf8Encode,
} from '@truce/core';
import type { Role } from '@truce/protocol';
import { buildApp } from '../src/app.js';
import { createToken } from '../src/auth/tokens.js';
import type { RunTimer } from '../src/findings/run-scheduler.js';
import { createInlineVerifier } from '../src/ingest/verify-pool.js';
import { createServices } from '../src/services.js';
import type { Services } from '../src/services.js';
import { keyPairFromSeed } from '../src/signing/key-file.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import type { LogStore } from '../src/storage/store.js';

/** 2026-12-01T00:00:00Z, the tests' fixed "now". */
export const NOW_MS = Date.UTC(2026, 11, 1);
export const LOG_ORIGIN = 'test.truce.example/log';

/** A deterministic 32-byte seed from a label. */
export function seedFrom(label: string): Uint8Array {
  return sha256(utf8Encode(label));
}

export type TestSensor = { record: SensorRecord; seed: Uint8Array };

export function makeSensor(
  id: string,
  extra: Partial<SensorRecord> = {}
): TestSensor {
  const seed = seedFrom(`sensor ${id}`);
  return {
    seed,
    record: {
      id,
      kind: 'acoustic',
      publicKey: base64Encode(ed25519PublicKey(seed)),
      position: [37.61, 48.02, 180],
      operator: 'monitor',
      ...extra,
    },
  };
}

/** An acoustic payload at `seq`, observed `offsetMs` after NOW_MS. */
export function acousticPayload(
  sensor: string,
  seq: number,
  offsetMs = 0
): Record<string, unknown> {
  return {
    sensor,
    seq,
    time: new Date(NOW_MS + offsetMs).toISOString(),
    kind: 'acoustic',
    acoustic: { class: 'launch', snrDb: 12.5 },
  };
}

/** Signs a payload as a DSSE observation envelope. */
export function signPayload(
  payload: unknown,
  seed: Uint8Array,
  keyid = (payload as { sensor: string }).sensor
) {
  return signEnvelope({
    payloadType: OBSERVATION_PAYLOAD_TYPE,
    payload: utf8Encode(JSON.stringify(payload)),
    keyid,
    sign: (message) => ed25519Sign(seed, message),
  });
}

export type TestLog = {
  app: FastifyInstance;
  services: Services;
  clock: { nowMs: number };
  /** A new token's secret; `member` binds a guarantor token to a member. */
  token: (role: Role, member?: string) => Promise<string>;
  /** Entries durably stored so far. */
  size: () => Promise<number>;
  close: () => Promise<void>;
};

/** The whole app over an in-memory SQLite store, with a fixed clock. */
export async function createTestLog(
  options: {
    sensors?: TestSensor[];
    sensorRatePerSecond?: number;
    sensorBurst?: number;
    clientRatePerMinute?: number;
    bodyLimitBytes?: number;
    policy?: WitnessPolicy;
    /** An agreement to put in force at start, as `--agreement` does. */
    agreement?: unknown;
    /** The findings engine's timer; the default is setTimeout. */
    findingsTimer?: RunTimer;
    /** Where the findings engine runs (FindingsSettings.thread). */
    findingsThread?: 'inline' | 'worker';
    /** Most observations the findings window holds (FindingsSettings). */
    findingsMaxObservations?: number;
    /** The findings worker's heap limit (FindingsSettings.workerHeapMb). */
    findingsWorkerHeapMb?: number;
    /** Engines split by region and their stripes (FindingsSettings). */
    findingsShards?: number;
    findingsShardDegrees?: number;
    /** Told of errors in background work (createServices). */
    onBackgroundError?: (error: unknown, context: string) => void;
    /**
     * Fusion parameters (FindingsSettings.fusion). The default is core's
     * short-range network: the test scenes' sensors are a kilometre or so
     * apart, and their pulses' SNRs follow no propagation model.
     */
    fusion?: FusionOptions;
    /** Reopen this store (a restart) instead of a new one; close keeps it. */
    store?: LogStore;
  } = {}
): Promise<TestLog> {
  const clock = { nowMs: NOW_MS };
  const store = options.store ?? createSqliteStore({ path: ':memory:' });
  const verifier = createInlineVerifier();
  const services = await createServices({
    store,
    logKey: keyPairFromSeed(LOG_ORIGIN, seedFrom('log key')),
    verifier,
    clock: () => clock.nowMs,
    config: {
      maxFutureSeconds: 300,
      integrateIntervalMs: 50,
      sensorRatePerSecond: options.sensorRatePerSecond ?? 1000,
      sensorBurst: options.sensorBurst ?? 1000,
    },
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    findings: {
      fusion: options.fusion ?? { acoustic: SHORT_RANGE_ACOUSTIC },
      ...(options.findingsTimer === undefined
        ? {}
        : { timer: options.findingsTimer }),
      ...(options.findingsThread === undefined
        ? {}
        : { thread: options.findingsThread }),
      ...(options.findingsMaxObservations === undefined
        ? {}
        : { maxObservations: options.findingsMaxObservations }),
      ...(options.findingsWorkerHeapMb === undefined
        ? {}
        : { workerHeapMb: options.findingsWorkerHeapMb }),
      ...(options.findingsShards === undefined
        ? {}
        : { shards: options.findingsShards }),
      ...(options.findingsShardDegrees === undefined
        ? {}
        : { shardStripeDegrees: options.findingsShardDegrees }),
    },
    ...(options.onBackgroundError === undefined
      ? {}
      : { onBackgroundError: options.onBackgroundError }),
  });
  for (const sensor of options.sensors ?? []) {
    if (services.registry.lookup(sensor.record.id) !== undefined) continue;
    await services.registry.change(
      { type: 'sensor_registered', sensor: sensor.record },
      'test'
    );
  }
  if (options.agreement !== undefined) {
    await services.agreements.ensure(options.agreement, 'test');
  }
  await services.sequencer.integrate();
  const app = await buildApp({
    ...services,
    clock: () => clock.nowMs,
    bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024,
    clientRatePerMinute: options.clientRatePerMinute ?? 100_000,
    logger: false,
  });
  return {
    app,
    services,
    clock,
    token: async (role, member) =>
      (
        await createToken(store, {
          role,
          label: 'test',
          nowMs: clock.nowMs,
          ...(member === undefined ? {} : { member }),
        })
      ).secret,
    size: () => store.sequencedSize(),
    async close() {
      await app.close();
      await services.stop();
      await verifier.close();
      if (options.store === undefined) await store.close();
    },
  };
}
