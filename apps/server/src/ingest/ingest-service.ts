import type {
  AdmitRejection,
  PreparedObservation,
  SensorKey,
} from '@truce/core';
import {
  bytesEqual,
  completeObservation,
  prepareObservation,
} from '@truce/core';
import type { EnvelopeResult } from '@truce/protocol';
import type { LogWriter } from '../log/log-writer.js';
import type { Metrics } from '../metrics.js';
import type { NewEntry } from '../storage/store.js';
import type { TokenBuckets } from './rate-limit.js';
import type { SignatureVerifier } from './verify-pool.js';

export type IngestOptions = {
  writer: LogWriter;
  verifier: SignatureVerifier;
  /** The registry's current view of a sensor. */
  sensors: (id: string) => SensorKey | undefined;
  /** The highest seq in the store per sensor, at start-up. */
  lastSeq: Map<string, number>;
  sensorLimits: TokenBuckets;
  metrics: Metrics;
  /** Milliseconds since the Unix epoch. */
  clock: () => number;
  maxFutureSeconds: number;
};

export type IngestOutcome = {
  results: EnvelopeResult[];
  /** Every envelope was refused for its sensor's rate limit alone. */
  allRateLimited: boolean;
  retryAfterSeconds: number;
};

/**
 * Admits batches of signed observations into the log. Stateless checks run
 * first; signatures are verified in one batch (on worker threads); then, in
 * one synchronous turn, seq, revocation and rate limits are checked and the
 * accepted entries are given their indexes, so concurrent requests can
 * never admit the same seq twice. Answers only after the commit is durable.
 */
export class IngestService {
  readonly #o: IngestOptions;

  constructor(options: IngestOptions) {
    this.#o = options;
  }

  async submit(envelopes: readonly unknown[]): Promise<IngestOutcome> {
    const o = this.#o;
    o.metrics.batchSize.observe(envelopes.length);
    const results: (EnvelopeResult | undefined)[] = [];
    const prepared: { slot: number; p: PreparedObservation }[] = [];
    envelopes.forEach((envelope, slot) => {
      const p = prepareObservation({ envelope, sensors: o.sensors });
      if (p.ok) prepared.push({ slot, p });
      else results[slot] = rejected(p);
    });

    const valid = await o.verifier.verifyBatch(
      prepared.map(({ p }) => ({
        publicKey: p.publicKey,
        message: p.message,
        signature: p.signature,
      }))
    );

    // From here to `enqueue` nothing awaits: this is the critical section.
    const nowMs = o.clock();
    const entries: NewEntry[] = [];
    const slots: number[] = [];
    let rateLimited = 0;
    let retryAfterSeconds = 0;
    prepared.forEach(({ slot, p }, i) => {
      const sensorId = p.observation.sensor;
      // The registry may have changed while signatures were being checked.
      const current = o.sensors(sensorId);
      let signatureValid = valid[i] === true;
      if (
        current !== undefined &&
        !bytesEqual(current.publicKey, p.publicKey)
      ) {
        signatureValid = false;
      }
      if (current?.revoked === true) {
        results[slot] = {
          status: 'rejected',
          code: 'SENSOR_REVOKED',
          message: `sensor ${sensorId} is revoked`,
        };
        return;
      }
      const admitted = completeObservation(p, {
        signatureValid,
        lastSeq: (id) => o.lastSeq.get(id),
        nowMicros: nowMs * 1000,
        maxFutureMicros: o.maxFutureSeconds * 1_000_000,
      });
      if (!admitted.ok) {
        results[slot] = rejected(admitted);
        return;
      }
      if (!o.sensorLimits.take(sensorId, nowMs)) {
        rateLimited++;
        retryAfterSeconds = Math.max(
          retryAfterSeconds,
          o.sensorLimits.retryAfterSeconds(sensorId)
        );
        results[slot] = {
          status: 'rejected',
          code: 'RATE_LIMITED',
          message: `sensor ${sensorId} is over its rate limit`,
        };
        return;
      }
      o.lastSeq.set(sensorId, p.observation.seq);
      entries.push({
        bytes: admitted.entry,
        sensor: sensorId,
        seq: p.observation.seq,
        observation: p.observation,
      });
      slots.push(slot);
    });

    if (entries.length > 0) {
      const { firstIndex, durable } = o.writer.enqueue(entries);
      await durable;
      slots.forEach((slot, k) => {
        results[slot] = { status: 'accepted', index: firstIndex + k };
      });
      o.metrics.accepted.inc(entries.length);
    }
    const final = results as EnvelopeResult[];
    for (const r of final) {
      if (r.status === 'rejected') o.metrics.rejected.inc({ code: r.code });
    }
    return {
      results: final,
      allRateLimited: rateLimited > 0 && rateLimited === envelopes.length,
      retryAfterSeconds,
    };
  }
}

function rejected(r: AdmitRejection): EnvelopeResult {
  return { status: 'rejected', code: r.code, message: r.message };
}
