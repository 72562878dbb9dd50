import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../src/errors.js';
import {
  DEMO_AGREEMENT_FILE,
  createDemoApi,
  ensureAgreement,
  ensureCoalition,
  ensureLadder,
} from '../src/demo/demo-data.js';
import { StatusLine, formatStatus } from '../src/demo/demo-status.js';
import { Capture, tempDir } from './helpers.js';

type Call = { method: string; path: string; body?: unknown };

/** A fake server: answers by "METHOD path", records every call. */
function fakeApi(answers: Record<string, [number, unknown]>) {
  const calls: Call[] = [];
  const api = createDemoApi('http://demo.test', 'secret', (url, init) => {
    const path = url.slice('http://demo.test'.length);
    const method = init?.method ?? 'GET';
    calls.push({
      method,
      path,
      ...(init?.body === undefined
        ? {}
        : { body: JSON.parse(String(init.body)) as unknown }),
    });
    const [status, body] = answers[`${method} ${path}`] ?? [
      404,
      { code: 'NOT_FOUND', message: 'no route' },
    ];
    return Promise.resolve(Response.json(body, { status }));
  });
  return { api, calls };
}

describe('ensureAgreement', () => {
  it('keeps the agreement the server has', async () => {
    const { api, calls } = fakeApi({
      'GET /v1/agreements/current': [200, { index: 3, agreement: { id: 'x' } }],
    });
    expect(await ensureAgreement(api)).toEqual({
      agreement: { id: 'x' },
      posted: false,
    });
    expect(calls.map((c) => c.method)).toEqual(['GET']);
  });

  it('posts the demo agreement with the admin token when none is logged', async () => {
    const { api, calls } = fakeApi({
      'POST /v1/agreements': [201, { index: 0 }],
    });
    const { agreement, posted } = await ensureAgreement(api);
    expect(posted).toBe(true);
    expect((agreement as { id: string }).id).toBe('minsk2-demo');
    expect(calls[1]).toMatchObject({ method: 'POST', path: '/v1/agreements' });
  });

  it('fails with FAILED, naming the file, when the server refuses it', async () => {
    const { api } = fakeApi({
      'POST /v1/agreements': [409, { code: 'CONFLICT', message: 'older' }],
    });
    const refused = ensureAgreement(api, DEMO_AGREEMENT_FILE);
    await expect(refused).toThrowWithCode(CliError, 'FAILED');
  });

  it('fails with INPUT_UNUSABLE for a file that is not JSON', async () => {
    const dir = tempDir();
    const { api } = fakeApi({});
    await expect(
      ensureAgreement(api, join(dir.path, 'missing.json'))
    ).toThrowWithCode(CliError, 'INPUT_UNUSABLE');
    dir.cleanup();
  });
});

describe('ensureLadder and ensureCoalition', () => {
  it('say in one line that a server without the endpoints skips them', async () => {
    const { api } = fakeApi({});
    expect((await ensureCoalition(api)).loaded).toBe(false);
    expect((await ensureCoalition(api)).line).toMatch(/no \/v1\/coalition/);
    expect((await ensureLadder(api)).line).toMatch(/no PUT \/v1\/ladder/);
  });

  it('leave what the server holds alone', async () => {
    const { api, calls } = fakeApi({
      'GET /v1/ladder': [200, { index: 1, ladder: {} }],
      'GET /v1/coalition': [200, { members: [{ iso3: 'GBR' }], pledges: [] }],
    });
    expect((await ensureLadder(api)).loaded).toBe(false);
    expect((await ensureCoalition(api)).loaded).toBe(false);
    expect(calls.every((c) => c.method === 'GET')).toBe(true);
  });

  it('load members before pledges, and the ladder, into an empty server', async () => {
    const { api, calls } = fakeApi({
      'GET /v1/coalition': [200, { members: [], pledges: [] }],
      'POST /v1/coalition/members': [201, { index: 1 }],
      'POST /v1/pledges': [201, { index: 2 }],
      'PUT /v1/ladder': [201, { index: 3 }],
    });
    expect((await ensureCoalition(api)).loaded).toBe(true);
    expect((await ensureLadder(api)).loaded).toBe(true);
    const writes = calls.filter((c) => c.method !== 'GET').map((c) => c.path);
    const firstPledge = writes.indexOf('/v1/pledges');
    expect(writes.lastIndexOf('/v1/coalition/members')).toBeLessThan(
      firstPledge
    );
    expect(writes[writes.length - 1]).toBe('/v1/ladder');
  });
});

describe('StatusLine', () => {
  const status = {
    seed: 4,
    sent: 10,
    accepted: 9,
    logSize: 50,
    cosigned: [
      { name: 'monitor', size: 50 },
      { name: 'a', size: 48 },
    ],
    findings: 3,
    verified: 1,
    tier: 'Verified ceasefire violation',
  };

  it('formats observations, log, witnesses, findings and tier', () => {
    expect(formatStatus(status)).toBe(
      'findings 3 (1 verified) | tier Verified ceasefire violation | log 50, cosigned monitor 50, a 48 | sent 10, accepted 9 | seed 4'
    );
    expect(
      formatStatus({ ...status, findings: 1000, findingsCapped: true })
    ).toContain('findings 1000+ (1 verified)');
    expect(formatStatus({ ...status, cosigned: [], tier: undefined })).toMatch(
      /^findings 3 \(1 verified\) \| tier - \| log 50 \| sent/
    );
  });

  it('redraws one line on a terminal and ends it before other output', () => {
    const out = new Capture();
    out.isTTY = true;
    const line = new StatusLine(out);
    line.show('one');
    line.show('two');
    line.print('note');
    line.finish();
    expect(out.text).toBe('\rone\x1b[K\rtwo\x1b[K\nnote\n');
  });

  it('prints whole lines when stdout is not a terminal', () => {
    const out = new Capture();
    const line = new StatusLine(out);
    line.show('one');
    line.show('two');
    line.finish();
    expect(out.text).toBe('one\ntwo\n');
  });
});
