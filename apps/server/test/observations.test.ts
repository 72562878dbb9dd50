import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { base64Encode, utf8Encode } from '@truce/core';
import type { TestLog } from './helpers.js';
import {
  acousticPayload,
  createTestLog,
  makeSensor,
  signPayload,
} from './helpers.js';

const alpha = makeSensor('acoustic-001');
const bravo = makeSensor('acoustic-002');
const revoked = makeSensor('acoustic-003');

let log: TestLog;

beforeEach(async () => {
  log = await createTestLog({ sensors: [alpha, bravo, revoked] });
  await log.services.registry.change(
    { type: 'sensor_revoked', sensor: 'acoustic-003', reason: 'stolen' },
    'test'
  );
});
afterEach(async () => {
  await log.close();
});

async function post(body: unknown, raw = false) {
  return log.app.inject({
    method: 'POST',
    url: '/v1/observations',
    headers: { 'content-type': 'application/json' },
    payload: raw ? (body as string) : JSON.stringify(body),
  });
}

describe('POST /v1/observations', () => {
  describe('when every envelope is valid', () => {
    it('accepts each with its log index, in order', async () => {
      const before = await log.size();
      const envelopes = [0, 1, 2].map((seq) =>
        signPayload(acousticPayload('acoustic-001', seq), alpha.seed)
      );
      const res = await post({ envelopes });
      expect(res.statusCode).toBe(200);
      expect(res.json().results).toEqual([
        { status: 'accepted', index: before },
        { status: 'accepted', index: before + 1 },
        { status: 'accepted', index: before + 2 },
      ]);
      expect(await log.size()).toBe(before + 3);
    });

    it('publishes a checkpoint covering them', async () => {
      const envelopes = [
        signPayload(acousticPayload('acoustic-001', 0), alpha.seed),
      ];
      const { results } = (await post({ envelopes })).json();
      await log.services.sequencer.integrate();
      const res = await log.app.inject({ url: '/log/checkpoint' });
      const size = Number(res.body.split('\n')[1]);
      expect(size).toBe(results[0].index + 1);
    });
  });

  // Each row: one envelope that must be rejected with `code`, changing nothing.
  const rejections: [string, () => unknown, string][] = [
    ['not an object', () => 'hello', 'ENVELOPE_MALFORMED'],
    [
      'no signatures',
      () => ({
        ...signPayload(acousticPayload('acoustic-001', 5), alpha.seed),
        signatures: [],
      }),
      'ENVELOPE_MALFORMED',
    ],
    [
      'payload not base64',
      () => ({
        ...signPayload(acousticPayload('acoustic-001', 5), alpha.seed),
        payload: '%%%',
      }),
      'ENVELOPE_MALFORMED',
    ],
    [
      'another payload type',
      () => ({
        ...signPayload(acousticPayload('acoustic-001', 5), alpha.seed),
        payloadType: 'application/json',
      }),
      'PAYLOAD_TYPE_UNSUPPORTED',
    ],
    [
      'payload that is not JSON',
      () => ({
        ...signPayload(acousticPayload('acoustic-001', 5), alpha.seed),
        payload: base64Encode(utf8Encode('{not json')),
      }),
      'PAYLOAD_INVALID',
    ],
    [
      'payload failing the schema (snrDb a string)',
      () =>
        signPayload(
          {
            ...acousticPayload('acoustic-001', 5),
            acoustic: { class: 'launch', snrDb: 'loud' },
          },
          alpha.seed
        ),
      'PAYLOAD_INVALID',
    ],
    [
      'unknown sensor',
      () => signPayload(acousticPayload('acoustic-999', 0), alpha.seed),
      'SENSOR_UNKNOWN',
    ],
    [
      'revoked sensor',
      () => signPayload(acousticPayload('acoustic-003', 0), revoked.seed),
      'SENSOR_REVOKED',
    ],
    [
      'keyid naming another sensor',
      () =>
        signPayload(
          acousticPayload('acoustic-001', 5),
          alpha.seed,
          'acoustic-002'
        ),
      'KEYID_MISMATCH',
    ],
    [
      "signed with another sensor's key",
      () => signPayload(acousticPayload('acoustic-001', 5), bravo.seed),
      'SIGNATURE_INVALID',
    ],
    [
      'payload altered after signing',
      () => {
        const env = signPayload(acousticPayload('acoustic-001', 5), alpha.seed);
        const altered = signPayload(
          acousticPayload('acoustic-001', 6),
          alpha.seed
        );
        return { ...env, payload: altered.payload };
      },
      'SIGNATURE_INVALID',
    ],
    [
      'a replayed seq',
      () => signPayload(acousticPayload('acoustic-001', 1), alpha.seed),
      'SEQ_REPLAYED',
    ],
    [
      'an older seq (out of order)',
      () => signPayload(acousticPayload('acoustic-001', 0), alpha.seed),
      'SEQ_REPLAYED',
    ],
    [
      'a time 10 minutes ahead of the server clock',
      () =>
        signPayload(
          acousticPayload('acoustic-001', 9, 10 * 60_000),
          alpha.seed
        ),
      'TIME_IN_FUTURE',
    ],
    [
      'an entry over 64 KiB',
      () =>
        signPayload(
          {
            sensor: 'acoustic-001',
            seq: 9,
            time: new Date(Date.UTC(2026, 11, 1)).toISOString(),
            kind: 'imagery',
            imagery: {
              // 800 detections make an entry well over 64 KiB.
              detections: Array.from({ length: 800 }, (_, i) => ({
                class: 'tank',
                position: [37.5 + i / 1000, 48.1],
                positionErrorM: 12.5,
                confidence: 0.9,
              })),
              model: { name: 'detector', version: '1', sha256: 'a'.repeat(64) },
            },
          },
          alpha.seed
        ),
      'ENTRY_TOO_LARGE',
    ],
  ];

  describe.each(rejections)('when the envelope has %s', (_desc, make, code) => {
    it(`rejects it with ${code} and logs nothing`, async () => {
      // acoustic-001 has already sent seq 0 and 1.
      await post({
        envelopes: [0, 1].map((seq) =>
          signPayload(acousticPayload('acoustic-001', seq), alpha.seed)
        ),
      });
      await log.services.sequencer.integrate();
      const size = await log.size();
      const checkpoint = log.services.sequencer.latest;

      const res = await post({ envelopes: [make()] });
      expect(res.statusCode).toBe(200);
      const [result] = res.json().results;
      expect(result.status).toBe('rejected');
      expect(result.code).toBe(code);
      expect(result.message).toEqual(expect.any(String));
      expect(result.message.length).toBeGreaterThan(0);

      await log.services.sequencer.integrate();
      expect(await log.size()).toBe(size);
      expect(log.services.sequencer.latest).toEqual(checkpoint);
    });
  });

  describe('when a batch mixes good and bad envelopes', () => {
    it('accepts the good ones and rejects the bad ones, each in its slot', async () => {
      const before = await log.size();
      const res = await post({
        envelopes: [
          signPayload(acousticPayload('acoustic-001', 0), alpha.seed),
          signPayload(acousticPayload('acoustic-001', 0), alpha.seed),
          signPayload(acousticPayload('acoustic-002', 0), alpha.seed),
          signPayload(acousticPayload('acoustic-002', 1), bravo.seed),
        ],
      });
      expect(
        res
          .json()
          .results.map(
            (r: { status: string; code?: string }) => r.code ?? r.status
          )
      ).toEqual(['accepted', 'SEQ_REPLAYED', 'SIGNATURE_INVALID', 'accepted']);
      expect(await log.size()).toBe(before + 2);
    });
  });

  // Request-level failures: nothing is read, nothing is logged.
  const badRequests: [string, unknown, boolean, number, string][] = [
    ['malformed JSON', '{"envelopes": [', true, 400, 'BODY_MALFORMED'],
    ['an empty body', '', true, 400, 'BODY_MALFORMED'],
    ['no envelopes field', { observations: [] }, false, 400, 'BODY_SCHEMA'],
    [
      'envelopes that is not an array',
      { envelopes: {} },
      false,
      400,
      'BODY_SCHEMA',
    ],
    ['an empty batch', { envelopes: [] }, false, 400, 'BODY_SCHEMA'],
    [
      '1,001 envelopes',
      { envelopes: Array.from({ length: 1001 }, () => ({})) },
      false,
      400,
      'BATCH_TOO_LARGE',
    ],
  ];

  describe.each(badRequests)(
    'when the body is %s',
    (_desc, body, raw, status, code) => {
      it(`answers ${status} ${code} and logs nothing`, async () => {
        const size = await log.size();
        const res = await post(body, raw);
        expect(res.statusCode).toBe(status);
        expect(res.json()).toMatchObject({
          code,
          requestId: expect.any(String),
        });
        expect(res.json().message.length).toBeGreaterThan(0);
        expect(await log.size()).toBe(size);
      });
    }
  );

  describe('when the body is over the size limit', () => {
    it('answers 413 BODY_TOO_LARGE and logs nothing', async () => {
      const small = await createTestLog({
        sensors: [alpha],
        bodyLimitBytes: 2048,
      });
      try {
        const size = await small.size();
        const res = await small.app.inject({
          method: 'POST',
          url: '/v1/observations',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ envelopes: ['x'.repeat(4096)] }),
        });
        expect(res.statusCode).toBe(413);
        expect(res.json().code).toBe('BODY_TOO_LARGE');
        expect(await small.size()).toBe(size);
      } finally {
        await small.close();
      }
    });
  });
});

describe('rate limits', () => {
  describe('when a sensor exceeds its rate', () => {
    it('rejects the excess with RATE_LIMITED and answers 429 when all are refused', async () => {
      const limited = await createTestLog({
        sensors: [alpha],
        sensorRatePerSecond: 1,
        sensorBurst: 2,
      });
      try {
        const first = await limited.app.inject({
          method: 'POST',
          url: '/v1/observations',
          payload: {
            envelopes: [0, 1, 2].map((seq) =>
              signPayload(acousticPayload('acoustic-001', seq), alpha.seed)
            ),
          },
        });
        expect(first.statusCode).toBe(200);
        expect(
          first.json().results.map((r: { status: string }) => r.status)
        ).toEqual(['accepted', 'accepted', 'rejected']);
        expect(first.json().results[2].code).toBe('RATE_LIMITED');

        const size = await limited.size();
        const second = await limited.app.inject({
          method: 'POST',
          url: '/v1/observations',
          payload: {
            envelopes: [
              signPayload(acousticPayload('acoustic-001', 2), alpha.seed),
            ],
          },
        });
        expect(second.statusCode).toBe(429);
        expect(second.headers['retry-after']).toBe('1');
        expect(second.json().results[0].code).toBe('RATE_LIMITED');
        expect(await limited.size()).toBe(size);

        // A second later the bucket has a token again, and seq 2 was not used up.
        limited.clock.nowMs += 1000;
        const third = await limited.app.inject({
          method: 'POST',
          url: '/v1/observations',
          payload: {
            envelopes: [
              signPayload(acousticPayload('acoustic-001', 2), alpha.seed),
            ],
          },
        });
        expect(third.json().results[0].status).toBe('accepted');
      } finally {
        await limited.close();
      }
    });
  });

  describe('when a client exceeds its request rate', () => {
    it('answers 429 RATE_LIMITED with Retry-After', async () => {
      const limited = await createTestLog({ clientRatePerMinute: 2 });
      try {
        const codes = [];
        for (let i = 0; i < 3; i++) {
          const res = await limited.app.inject({ url: '/log/vkey' });
          codes.push(res.statusCode);
          if (res.statusCode === 429) {
            expect(res.json().code).toBe('RATE_LIMITED');
            expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
          }
        }
        expect(codes).toEqual([200, 200, 429]);
      } finally {
        await limited.close();
      }
    });
  });
});
