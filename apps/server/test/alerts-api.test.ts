import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeLogEntry } from '@truce/core';
import { REPO_ROOT } from '@truce/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import type { BusEvent } from '../src/events/event-bus.js';
import { connectSse } from './sse-client.js';
import type { TestLog } from './helpers.js';
import { LOG_ORIGIN, createTestLog } from './helpers.js';
import {
  AGREEMENT,
  ManualTimer,
  SENSORS,
  runEngine,
  shotEnvelopes,
  submit,
} from './findings-scene.js';

const XSD = readFileSync(
  join(REPO_ROOT, 'packages/core/src/alerts/test-vectors/CAP-v1.2.xsd'),
  'utf8'
);

const textOf = (xml: string, name: string) =>
  new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

let log: TestLog | undefined;
afterEach(async () => {
  await log?.close();
  log = undefined;
});

/** A log with one shot from B's side judged, and every event it published. */
async function sceneLog() {
  const timer = new ManualTimer();
  log = await createTestLog({
    sensors: SENSORS,
    agreement: AGREEMENT,
    findingsTimer: timer.timer,
  });
  const seen: BusEvent[] = [];
  log.services.events.subscribe((e) => seen.push(e));
  await submit(log, shotEnvelopes(-30_000, 0));
  await runEngine(log, timer);
  await vi.waitFor(() =>
    expect(seen.some((e) => e.type === 'finding')).toBe(true)
  );
  const [logged] = log.services.findings.ledger.all();
  return { log, seen, timer, id: logged!.finding.properties.id };
}

describe('events the services publish', () => {
  it('the last finding event carries the Feature as GET /v1/findings/{id} serves it', async () => {
    const { log, seen, id } = await sceneLog();
    const last = () =>
      seen.filter((e) => e.type === 'finding' && e.data.id === id).at(-1)?.data;
    await vi.waitFor(async () => {
      const served = (
        await log.app.inject({ url: `/v1/findings/${id}` })
      ).json();
      expect(last()).toEqual(served);
    });
  });

  it('a checkpoint event follows each signed checkpoint, ids increasing', async () => {
    const { log, seen } = await sceneLog();
    const checkpoint = await log.services.sequencer.integrate();
    const last = seen.filter((e) => e.type === 'checkpoint').at(-1)!;
    expect(last.data).toEqual({
      size: checkpoint!.size,
      rootHash: Buffer.from(checkpoint!.rootHash).toString('base64'),
    });
    const ids = seen.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a finding event says verified once a checkpoint covers it, only once', async () => {
    const { log, seen, timer, id } = await sceneLog();
    const statuses = () =>
      seen.flatMap((e) =>
        e.type === 'finding' && e.data.id === id
          ? [e.data.properties.status]
          : []
      );
    await log.services.sequencer.integrate();
    await vi.waitFor(() => expect(statuses()).toContain('verified'));
    // More entries and checkpoints do not announce it again.
    await submit(log, shotEnvelopes(-20_000, 100));
    await log.services.sequencer.integrate();
    // The engine runs again on them (the manual timer fires only here).
    await runEngine(log, timer);
    await log.services.sequencer.integrate();
    await vi.waitFor(() =>
      expect(log.services.findings.ledger.all().length).toBeGreaterThan(1)
    );
    expect(statuses().filter((s) => s === 'verified')).toHaveLength(1);
    expect(statuses()[0]).toMatch(/^(provisional|verified)$/);
  });

  it('a review publishes the finding again with its new status', async () => {
    const { log, seen, id } = await sceneLog();
    const token = await log.token('analyst');
    await log.app.inject({
      method: 'POST',
      url: `/v1/findings/${id}/review`,
      headers: { authorization: `Bearer ${token}` },
      payload: { status: 'rejected', reason: 'a quarry blast' },
    });
    await vi.waitFor(() =>
      expect(
        seen.some(
          (e) => e.type === 'finding' && e.data.properties.status === 'rejected'
        )
      ).toBe(true)
    );
  });
});

describe('GET /v1/events on a listening server', () => {
  it('streams the finding and checkpoint events, and ends when the server closes', async () => {
    const timer = new ManualTimer();
    log = await createTestLog({
      sensors: SENSORS,
      agreement: AGREEMENT,
      findingsTimer: timer.timer,
    });
    const address = await log.app.listen({ host: '127.0.0.1', port: 0 });
    const sse = await connectSse(
      `${address}/v1/events?types=finding,checkpoint`
    );
    expect(sse.status).toBe(200);
    await sse.next();
    await submit(log, shotEnvelopes(-30_000, 0));
    await runEngine(log, timer);
    const names = new Set<string>();
    while (!names.has('finding') || !names.has('checkpoint')) {
      const frame = await sse.next();
      if (frame.event !== undefined) names.add(frame.event);
      if (frame.event === 'finding') {
        expect(JSON.parse(frame.data!)).toMatchObject({
          type: 'Feature',
          properties: { rule: 'no-fire' },
        });
      }
    }
    expect(log.services.events.listenerCount).toBeGreaterThan(0);
    const before = log.services.events.listenerCount;
    await log.app.close();
    await sse.ended;
    expect(log.services.events.listenerCount).toBe(before - 1);
  });
});

describe('GET /v1/findings/{id}/cap', () => {
  it('serves a CAP 1.2 alert that validates against the schema', async () => {
    const { log, id } = await sceneLog();
    await log.services.sequencer.integrate();
    const res = await log.app.inject({ url: `/v1/findings/${id}/cap` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/cap+xml; charset=utf-8'
    );
    const result = await validateXML({
      xml: [{ fileName: 'alert.xml', contents: res.body }],
      schema: [{ fileName: 'CAP-v1.2.xsd', contents: XSD }],
    });
    expect(result.errors).toEqual([]);
    expect(textOf(res.body, 'sender')).toBe(LOG_ORIGIN);
    // In a checkpoint (no witness policy here): verified, an Update.
    expect(textOf(res.body, 'msgType')).toBe('Update');
    expect(textOf(res.body, 'identifier')).toBe(`truce-finding-${id}-verified`);
    expect(textOf(res.body, 'status')).toBe('Actual');
    expect(textOf(res.body, 'web')).toBe(
      `http://localhost:80/v1/findings/${id}`
    );
    // The same state gives the same bytes: its times all come from the log.
    const again = await log.app.inject({ url: `/v1/findings/${id}/cap` });
    expect(again.body).toBe(res.body);
  });

  it('is a Cancel referencing the first alert once a review rejects it', async () => {
    const { log, id } = await sceneLog();

    const token = await log.token('analyst');
    await log.app.inject({
      method: 'POST',
      url: `/v1/findings/${id}/review`,
      headers: { authorization: `Bearer ${token}` },
      payload: { status: 'rejected', reason: 'a quarry blast & <noise>' },
    });
    const cancel = (await log.app.inject({ url: `/v1/findings/${id}/cap` }))
      .body;
    expect(textOf(cancel, 'msgType')).toBe('Cancel');
    expect(textOf(cancel, 'note')).toBe('a quarry blast &amp; &lt;noise&gt;');
    const [logged] = log.services.findings.ledger.all();
    const entry = decodeLogEntry(
      (
        await log.services.store.readEntries(logged!.index, logged!.index + 1)
      )[0]!
    );
    // The first alert's identifier and sent: the finding's entry time.
    expect(textOf(cancel, 'references')).toBe(
      `${LOG_ORIGIN},truce-finding-${id},${entry.type === 'finding' ? entry.time.slice(0, 19) : ''}-00:00`
    );
  });

  it('a version that superseded another references its first alert', async () => {
    const timer = new ManualTimer();
    log = await createTestLog({
      sensors: SENSORS,
      agreement: AGREEMENT,
      findingsTimer: timer.timer,
    });
    const seen: BusEvent[] = [];
    log.services.events.subscribe((e) => seen.push(e));
    await submit(log, shotEnvelopes(-30_000, 0, [0, 1, 2, 3, 4]));
    await runEngine(log, timer);
    await submit(log, shotEnvelopes(-30_000, 0, [5]));
    await runEngine(log, timer);
    const [first, second] = log.services.findings.ledger.all();
    expect(second!.supersedes).toEqual([first!.finding.properties.id]);
    // The old version is announced again, now naming its successor.
    await vi.waitFor(() =>
      expect(
        seen.some(
          (e) =>
            e.type === 'finding' &&
            e.data.id === first!.finding.properties.id &&
            e.data.properties.supersededBy === second!.finding.properties.id
        )
      ).toBe(true)
    );
    const old = (
      await log.app.inject({
        url: `/v1/findings/${first!.finding.properties.id}/cap`,
      })
    ).body;
    const xml = (
      await log.app.inject({
        url: `/v1/findings/${second!.finding.properties.id}/cap`,
      })
    ).body;
    const oldFirst = `truce-finding-${first!.finding.properties.id}`;
    // Whether witnessed yet or not, it points at the old version's first alert.
    expect(textOf(xml, 'references')).toContain(`${LOG_ORIGIN},${oldFirst},`);
    expect(textOf(old, 'references') ?? textOf(old, 'identifier')).toContain(
      oldFirst
    );
  });

  it('answers 404 NOT_FOUND for an unknown finding', async () => {
    log = await createTestLog();
    const res = await log.app.inject({
      url: `/v1/findings/${'0'.repeat(64)}/cap`,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers 400 QUERY_INVALID for a Host header that is no host', async () => {
    log = await createTestLog();
    const res = await log.app.inject({
      url: `/v1/findings/${'0'.repeat(64)}/cap`,
      headers: { host: 'evil.example/<x>' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'QUERY_INVALID' });
  });
});
