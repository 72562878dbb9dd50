import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINDINGS_CSV_COLUMNS } from '@truce/core';
import { findingCollectionSchema } from '@truce/protocol';
import type { TestLog } from './helpers.js';
import { createTestLog } from './helpers.js';
import { signPayload } from './helpers.js';
import {
  AGREEMENT,
  ManualTimer,
  SENSORS,
  runEngine,
  shotEnvelopes,
  submit,
} from './findings-scene.js';

// One shot fired at 2026-11-30T23:59:30Z from party B's side ("South").
let log: TestLog;
let id: string;

beforeAll(async () => {
  const timer = new ManualTimer();
  log = await createTestLog({
    sensors: SENSORS,
    agreement: AGREEMENT,
    findingsTimer: timer.timer,
  });
  await submit(log, shotEnvelopes(-30_000, 0));
  // A monitor's report that the patrol was stopped, an hour before.
  const monitor = SENSORS[0]!;
  await submit(log, [
    signPayload(
      {
        sensor: monitor.record.id,
        seq: 1,
        time: '2026-11-30T23:00:00Z',
        kind: 'patrol',
        patrol: {
          category: 'restriction',
          count: 1,
          text: 'Patrol <stopped> at a checkpoint',
        },
      },
      monitor.seed
    ),
  ]);
  await runEngine(log, timer);
  await log.services.sequencer.integrate();
  id = log.services.findings.ledger.all()[0]!.finding.properties.id;
});
afterAll(async () => {
  await log.close();
});

const get = (url: string) => log.app.inject({ url });

describe('GET /v1/exports/findings.csv', () => {
  it('answers RFC 4180 text/csv with the ACLED-like header row and CRLF lines', async () => {
    const res = await get('/v1/exports/findings.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'text/csv; charset=utf-8; header=present'
    );
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="findings.csv"'
    );
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe(FINDINGS_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
  });

  it('writes the finding with the party name, quoted notes and an evidence link', async () => {
    const row = (await get('/v1/exports/findings.csv')).body.split('\r\n')[1]!;
    expect(row).toMatch(
      /^2026-11-30,Explosions\/Remote violence,[^,]+,South,48\.0[23]\d*,37\.[56]\d*,1,Truce monitoring \(acoustic\),"fire[^"]*, attributed to South with probability [01](\.\d+)?;[^"]*",/
    );
    expect(row).toContain(`,${id},2026-11-30T23:59:`);
    expect(
      row.endsWith(`,http://localhost:80/v1/findings/${id}/evidence`)
    ).toBe(true);
  });

  it('takes the filters of GET /v1/findings', async () => {
    const none = await get('/v1/exports/findings.csv?party=A');
    expect(none.body).toBe(`${FINDINGS_CSV_COLUMNS.join(',')}\r\n`);
    const some = await get('/v1/exports/findings.csv?party=B&rule=no-fire');
    expect(some.body.split('\r\n')).toHaveLength(3);
  });

  it('refuses a Host header that is not a host name, as it would land in the links', async () => {
    const res = await log.app.inject({
      url: '/v1/exports/findings.csv',
      headers: { host: 'evil.example/x?",=1' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('QUERY_INVALID');
    const v6 = await log.app.inject({
      url: '/v1/exports/findings.csv',
      headers: { host: '[::1]:8080' },
    });
    expect(v6.body).toContain(`,http://[::1]:8080/v1/findings/${id}/evidence`);
  });

  it('refuses a bad filter with QUERY_INVALID', async () => {
    const res = await get('/v1/exports/findings.csv?from=yesterday');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('QUERY_INVALID');
  });
});

describe('GET /v1/exports/findings.geojson', () => {
  it('answers the findings of GET /v1/findings as application/geo+json', async () => {
    const res = await get('/v1/exports/findings.geojson');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/geo+json');
    const body = findingCollectionSchema.parse(res.json());
    const listed = findingCollectionSchema.parse(
      (await get('/v1/findings')).json()
    );
    expect(body).toEqual(listed);
    expect(body.features.map((f) => f.id)).toEqual([id]);
  });

  it('filters by time', async () => {
    const res = await get(
      '/v1/exports/findings.geojson?from=2026-12-01T00:00:00Z'
    );
    expect(res.json().features).toEqual([]);
  });
});

describe('GET /v1/reports/daily', () => {
  it('answers the HTML report of the day with the finding and its evidence link', async () => {
    const res = await get('/v1/reports/daily?date=2026-11-30');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toMatch(/<h1>\s*Daily report 2026-11-30\s*<\/h1>/);
    expect(res.body).toMatch(/Truce recorded\s+<strong>1<\/strong>/);
    expect(res.body).toContain(
      `href="http://localhost:80/v1/findings/${id}/evidence"`
    );
    expect(res.body).toMatch(/South \(B\)/);
    // Observations are found in the log too: the monitor's restriction.
    expect(res.body).toContain('Patrol &lt;stopped&gt; at a checkpoint');
    expect(res.body).not.toContain('No restrictions of movement were reported');
    // The test log's clock.
    expect(res.body).toContain('Generated 2026-12-01T00:00:00Z.');
  });

  it('counts the shot against the next day as the day before', async () => {
    const res = await get('/v1/reports/daily?date=2026-12-01');
    expect(res.body).toMatch(/Truce recorded\s+<strong>0<\/strong>/);
    expect(res.body).toMatch(/against\s+1\s+the\s+day\s+before/);
  });

  it.each([
    ['a day that does not exist', '?date=2026-11-31'],
    ['a time instead of a date', '?date=2026-11-30T00:00:00Z'],
    ['no date', ''],
  ])('refuses %s with QUERY_INVALID', async (_what, query) => {
    const res = await get(`/v1/reports/daily${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('QUERY_INVALID');
  });
});
