import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingFeature } from '@truce/protocol';
import { findingCollectionSchema } from '@truce/protocol';
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

const SHOTS = 5;

let log: TestLog;
beforeAll(async () => {
  const timer = new ManualTimer();
  log = await createTestLog({
    sensors: SENSORS,
    agreement: AGREEMENT,
    findingsTimer: timer.timer,
  });
  // Shots 10 s apart, each its own finding.
  for (let k = 0; k < SHOTS; k++) {
    await submit(log, shotEnvelopes(-120_000 + k * 10_000, k));
  }
  await runEngine(log, timer);
});
afterAll(async () => {
  await log.close();
});

async function list(query: string): Promise<FindingFeature[]> {
  const res = await log.app.inject({ url: `/v1/findings${query}` });
  expect(res.statusCode).toBe(200);
  return findingCollectionSchema.parse(res.json()).features;
}

describe('GET /v1/findings?before=', () => {
  it('pages through every finding, newest first, with no repeats or gaps', async () => {
    const all = await list('?limit=10000');
    expect(all.length).toBeGreaterThanOrEqual(SHOTS);
    const paged: FindingFeature[] = [];
    let page = await list('?limit=2');
    while (page.length > 0) {
      paged.push(...page);
      const before = page.at(-1)!.properties.index;
      page = await list(`?limit=2&before=${before}`);
      for (const f of page) expect(f.properties.index).toBeLessThan(before);
    }
    expect(paged.map((f) => f.id)).toEqual(all.map((f) => f.id));
  });

  it('gives nothing below index 0, and everything below an index past the end', async () => {
    expect(await list('?before=0')).toEqual([]);
    const all = await list('');
    expect(await list(`?before=${Number.MAX_SAFE_INTEGER}`)).toEqual(all);
  });

  it('applies the other filters below the cursor', async () => {
    const all = await list('?party=B');
    expect(all.length).toBeGreaterThan(1);
    const cut = all[0]!.properties.index;
    expect(await list(`?party=B&before=${cut}`)).toEqual(all.slice(1));
    expect(await list(`?party=A&before=${cut}`)).toEqual([]);
  });

  it.each(['-1', 'x', '1.5', '', '99999999999999999'])(
    'refuses before=%s with 400 QUERY_INVALID',
    async (before) => {
      const res = await log.app.inject({
        url: `/v1/findings?before=${before}`,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('QUERY_INVALID');
    }
  );
});
