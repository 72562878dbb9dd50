import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWitnessPolicy, verifyEvidence } from '@truce/core';
import { keyPairFromSeed } from '../src/signing/key-file.js';
import type { TestLog } from './helpers.js';
import {
  acousticPayload,
  createTestLog,
  makeSensor,
  seedFrom,
  signPayload,
} from './helpers.js';

const sensor = makeSensor('acoustic-001');
let log: TestLog;

beforeAll(async () => {
  log = await createTestLog({ sensors: [sensor] });
  const envelopes = [0, 1, 2].map((seq) =>
    signPayload(acousticPayload('acoustic-001', seq), sensor.seed)
  );
  await log.app.inject({
    method: 'POST',
    url: '/v1/observations',
    payload: { envelopes },
  });
  await log.services.sequencer.integrate();
});
afterAll(async () => {
  await log.close();
});

describe('GET /v1/entries/{index}/evidence', () => {
  describe('when the log has no witness policy', () => {
    it('serves a file that verifies offline against the log key', async () => {
      const res = await log.app.inject({ url: '/v1/entries/2/evidence' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toContain('truce-entry-2');
      const report = verifyEvidence(res.json(), {
        trust: [log.services.verifierKey],
      });
      expect(report).toMatchObject({ ok: true });
    });

    it('carries the registration of the sensor that signed the observation', async () => {
      const file = (
        await log.app.inject({ url: '/v1/entries/1/evidence' })
      ).json();
      expect(file.registry).toHaveLength(1);
      expect(file.registry[0].proof.index).toBe(0);
    });

    it('fails verification once an entry byte is changed', async () => {
      const file = (
        await log.app.inject({ url: '/v1/entries/2/evidence' })
      ).json();
      const bytes = Buffer.from(file.entry.bytes, 'base64');
      bytes[20]! ^= 1;
      file.entry.bytes = bytes.toString('base64');
      const report = verifyEvidence(file, {
        trust: [log.services.verifierKey],
      });
      expect(report.ok).toBe(false);
    });
  });

  it.each([
    [
      'an entry beyond the checkpoint',
      '/v1/entries/99/evidence',
      404,
      'NOT_FOUND',
    ],
    ['a malformed index', '/v1/entries/x1/evidence', 400, 'QUERY_INVALID'],
  ])('answers %s with %i %s', async (_desc, url, status, code) => {
    const res = await log.app.inject({ url });
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toBe(code);
  });
});

describe('when no checkpoint has reached the quorum yet', () => {
  it('answers 503 UNAVAILABLE with the reason and a Retry-After', async () => {
    const witnessKey = keyPairFromSeed('witness.example', seedFrom('w'));
    const policy = parseWitnessPolicy(
      `witness w ${witnessKey.verifierKey}\nquorum w\n`
    );
    const quorate = await createTestLog({ sensors: [sensor], policy });
    try {
      const res = await quorate.app.inject({ url: '/v1/entries/0/evidence' });
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('UNAVAILABLE');
      expect(res.json().message).toContain('quorum');
      expect(res.headers['retry-after']).toBe('2');
    } finally {
      await quorate.close();
    }
  });
});

describe('GET /v1/entries/{index}', () => {
  it('serves the decoded entry', async () => {
    const res = await log.app.inject({ url: '/v1/entries/0' });
    expect(res.statusCode).toBe(200);
    expect(res.json().entry).toMatchObject({ type: 'sensor_registered' });
  });
});
