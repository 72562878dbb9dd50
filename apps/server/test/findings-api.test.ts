import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeLogEntry } from '@truce/core';
import type { Role } from '@truce/protocol';
import { ROLES, findingCollectionSchema } from '@truce/protocol';
import type { TestLog } from './helpers.js';
import { createTestLog } from './helpers.js';
import {
  AGREEMENT,
  ManualTimer,
  SENSORS,
  runEngine,
  shotEnvelopes,
  submit,
} from './findings-scene.js';

/** A log with one shot fired from B's side, judged by the engine. */
async function sceneLog(): Promise<{ log: TestLog; id: string }> {
  const timer = new ManualTimer();
  const log = await createTestLog({
    sensors: SENSORS,
    agreement: AGREEMENT,
    findingsTimer: timer.timer,
  });
  await submit(log, shotEnvelopes(-30_000, 0));
  await runEngine(log, timer);
  const [logged] = log.services.findings.ledger.all();
  return { log, id: logged!.finding.properties.id };
}

describe('GET /v1/findings', () => {
  let log: TestLog;
  beforeAll(async () => {
    ({ log } = await sceneLog());
    await log.services.sequencer.integrate();
  });
  afterAll(async () => {
    await log.close();
  });

  it('returns one fire finding attributed to party B, as RFC 7946 GeoJSON', async () => {
    const res = await log.app.inject({ url: '/v1/findings' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/geo+json');
    const body = findingCollectionSchema.parse(res.json());
    expect(body.features).toHaveLength(1);
    const [feature] = body.features;
    expect(feature!.properties).toMatchObject({
      kind: 'fire',
      rule: 'no-fire',
      attribution: { party: 'B' },
      sources: [7, 8, 9, 10, 11, 12],
    });
    expect(feature!.id).toBe(feature!.properties.id);
    const [lon, lat] = feature!.geometry.coordinates;
    expect(lon).toBeCloseTo(37.6, 4);
    expect(lat).toBeCloseTo(48.03, 4);
  });

  it('gives each feature the log index of its finding entry', async () => {
    const [feature] = (await log.app.inject({ url: '/v1/findings' })).json()
      .features;
    const [bytes] = await log.services.store.readEntries(
      feature.properties.index,
      feature.properties.index + 1
    );
    const entry = decodeLogEntry(bytes!);
    expect(entry.type).toBe('finding');
    expect(entry.type === 'finding' && entry.finding.properties.id).toBe(
      feature.id
    );
  });

  // The shot was fired at 23:59:30Z from (37.6, 48.03).
  it.each([
    ['from before the shot', 'from=2026-11-30T23:59:00Z', 1],
    ['from after the shot', 'from=2026-12-01T00:00:00Z', 0],
    ['from with an offset', 'from=2026-12-01T00:59:00%2B01:00', 1],
    ['to after the shot', 'to=2026-12-01T00:00:00Z', 1],
    ['to before the shot', 'to=2026-11-30T23:59:00Z', 0],
    ['a bbox around it', 'bbox=37.5,48,37.7,48.05', 1],
    ['a bbox east of it', 'bbox=37.61,48,37.7,48.05', 0],
    ['a bbox across the antimeridian', 'bbox=170,40,38,50', 1],
    ['its rule', 'rule=no-fire', 1],
    ['another rule', 'rule=withdrawal', 0],
    ['party B', 'party=B', 1],
    ['party A', 'party=A', 0],
    ['status verified', 'status=verified', 1],
    ['status provisional', 'status=provisional', 0],
    ['kind fire', 'kind=fire', 1],
    ['kind airspace', 'kind=airspace', 0],
    ['limit 1', 'limit=1', 1],
    ['filters together', 'party=B&kind=fire&rule=no-fire&limit=5', 1],
  ])('filters by %s (%s)', async (_name, query, count) => {
    const res = await log.app.inject({ url: `/v1/findings?${query}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().features).toHaveLength(count);
  });

  it.each([
    ['a time that is not RFC 3339', 'from=yesterday'],
    ['a time with 7 fraction digits', 'from=2026-12-01T00:00:00.1234567Z'],
    ['from after to', 'from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z'],
    ['a bbox of 3 numbers', 'bbox=1,2,3'],
    ['a bbox with minLat above maxLat', 'bbox=0,50,1,40'],
    ['a bbox beyond 180°', 'bbox=-181,0,1,1'],
    ['limit 0', 'limit=0'],
    ['a limit that is not a number', 'limit=ten'],
    ['an unknown status', 'status=maybe'],
    ['an unknown kind', 'kind=shelling'],
    ['an unknown filter', 'sensor=acoustic-100'],
  ])('answers 400 QUERY_INVALID for %s', async (_name, query) => {
    const res = await log.app.inject({ url: `/v1/findings?${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('QUERY_INVALID');
  });
});

describe('GET /v1/findings/{id}', () => {
  let log: TestLog;
  let id: string;
  beforeAll(async () => {
    ({ log, id } = await sceneLog());
  });
  afterAll(async () => {
    await log.close();
  });

  it('returns the finding as a Feature', async () => {
    const res = await log.app.inject({ url: `/v1/findings/${id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ type: 'Feature', id });
  });

  it.each([
    ['an unknown id', 'a'.repeat(64)],
    ['a malformed id', 'not-an-id'],
  ])('answers 404 NOT_FOUND for %s', async (_name, unknown) => {
    const res = await log.app.inject({ url: `/v1/findings/${unknown}` });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });
});

describe('POST /v1/findings/{id}/review', () => {
  let log: TestLog;
  let id: string;
  beforeAll(async () => {
    ({ log, id } = await sceneLog());
  });
  afterAll(async () => {
    await log.close();
  });

  const review = async (body: unknown, token?: string, findingId = id) =>
    log.app.inject({
      method: 'POST',
      url: `/v1/findings/${findingId}/review`,
      payload: body as object,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
  const confirm = { status: 'confirmed', reason: 'matches crater survey' };

  const allowed: Record<Role, boolean> = {
    admin: true,
    analyst: true,
    commission: false,
    guarantor: false,
  };
  it.each(ROLES)('with a %s token', async (role) => {
    const size = await log.size();
    const res = await review(confirm, await log.token(role));
    if (allowed[role]) {
      expect(res.statusCode).toBe(200);
      expect(res.json().index).toBe(size);
    } else {
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
      expect(await log.size()).toBe(size);
    }
  });

  it('logs the review with the token as actor and applies it', async () => {
    const token = await log.token('analyst');
    const res = await review(
      { status: 'rejected', reason: 'a quarry blast' },
      token
    );
    expect(res.statusCode).toBe(200);
    const { index, finding } = res.json();
    const [bytes] = await log.services.store.readEntries(index, index + 1);
    const entry = decodeLogEntry(bytes!);
    const tokenId = token.slice('truce_'.length, 'truce_'.length + 8);
    expect(entry).toMatchObject({
      type: 'finding_review',
      findingId: id,
      status: 'rejected',
      reason: 'a quarry blast',
      actor: `token:${tokenId}`,
    });
    expect(finding.properties.status).toBe('rejected');
    expect(finding.properties.review.reason).toBe('a quarry blast');
  });

  it('applies reviews in log order: the later one wins', async () => {
    await review(confirm, await log.token('analyst'));
    const res = await log.app.inject({ url: `/v1/findings/${id}` });
    expect(res.json().properties.status).toBe('confirmed');
    const list = await log.app.inject({ url: '/v1/findings?status=confirmed' });
    expect(list.json().features).toHaveLength(1);
  });

  it.each([
    ['no reason', { status: 'confirmed' }],
    ['an empty reason', { status: 'confirmed', reason: '' }],
    ['a blank reason', { status: 'confirmed', reason: '  ' }],
    ['a status a reviewer cannot set', { status: 'verified', reason: 'x' }],
    ['an extra field', { ...confirm, severity: 3 }],
  ])('answers 400 BODY_SCHEMA for %s', async (_name, body) => {
    const size = await log.size();
    const res = await review(body, await log.token('analyst'));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('BODY_SCHEMA');
    expect(await log.size()).toBe(size);
  });

  it('answers 404 NOT_FOUND for a finding never logged', async () => {
    const size = await log.size();
    const res = await review(
      confirm,
      await log.token('analyst'),
      'b'.repeat(64)
    );
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
    expect(await log.size()).toBe(size);
  });

  it.each([
    ['no token', undefined],
    ['a malformed token', 'hello'],
  ])('answers 401 UNAUTHORIZED with %s', async (_name, token) => {
    const res = await review(confirm, token);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHORIZED');
  });
});

describe('the OpenAPI document', () => {
  it('documents the findings and agreement routes', async () => {
    const { log } = await sceneLog();
    try {
      const res = await log.app.inject({ url: '/docs/json' });
      expect(Object.keys(res.json().paths)).toEqual(
        expect.arrayContaining([
          '/v1/findings',
          '/v1/findings/{id}',
          '/v1/findings/{id}/review',
          '/v1/agreements',
          '/v1/agreements/current',
        ])
      );
    } finally {
      await log.close();
    }
  });
});
