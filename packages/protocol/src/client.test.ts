import { describe, expect, it } from 'vitest';
import { createTruceClient } from './client.js';
import type { FetchLike } from './client.js';
import { ClientError } from './errors.js';

type Call = { url: string; init: RequestInit | undefined };

/** A fetch that answers from a list of responses, recording each call. */
function fakeFetch(...responses: (Response | Error)[]) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    const next = responses.shift();
    if (next === undefined) throw new Error('no more responses');
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetch, calls };
}

const json = (
  body: unknown,
  status = 200,
  headers: Record<string, string> = {}
) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

const errorBody = (
  code: string,
  status: number,
  headers: Record<string, string> = {}
) =>
  json(
    { code, message: `${code} happened`, requestId: 'req-1' },
    status,
    headers
  );

function client(fetch: FetchLike, sleeps: number[] = []) {
  return createTruceClient({
    baseUrl: 'http://log.test/',
    token: 'truce_secret',
    fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

describe('createTruceClient', () => {
  it('reads the checkpoint, and undefined while the log has none', async () => {
    const { fetch, calls } = fakeFetch(
      new Response('note\n'),
      errorBody('NOT_FOUND', 404)
    );
    const c = client(fetch);
    expect(await c.checkpoint()).toBe('note\n');
    expect(await c.checkpoint()).toBeUndefined();
    expect(calls[0]!.url).toBe('http://log.test/log/checkpoint');
  });

  it('reads tiles as bytes, and undefined on 404', async () => {
    const { fetch, calls } = fakeFetch(
      new Response(new Uint8Array([1, 2, 3])),
      errorBody('NOT_FOUND', 404)
    );
    const c = client(fetch);
    expect(await c.tile('tile/0/000.p/3')).toEqual(new Uint8Array([1, 2, 3]));
    expect(await c.tile('tile/0/001')).toBeUndefined();
    expect(calls[0]!.url).toBe('http://log.test/log/tile/0/000.p/3');
  });

  it('trims the vkey', async () => {
    const { fetch } = fakeFetch(new Response('name+01020304+AAAA\n'));
    expect(await client(fetch).vkey()).toBe('name+01020304+AAAA');
  });

  it('sends the bearer token on writes only, and encodes sensor ids', async () => {
    const { fetch, calls } = fakeFetch(
      json({ index: 4 }, 201),
      json({ sensors: [] }),
      json({ index: 5 })
    );
    const c = client(fetch);
    expect(await c.registerSensor({ id: 'a' })).toEqual({ index: 4 });
    expect(await c.listSensors()).toEqual([]);
    expect(await c.revokeSensor('a/b', 'lost')).toEqual({ index: 5 });
    const auth = calls.map(
      (call) => (call.init?.headers as Record<string, string>).authorization
    );
    expect(auth).toEqual([
      'Bearer truce_secret',
      undefined,
      'Bearer truce_secret',
    ]);
    expect(calls[2]!.url).toBe('http://log.test/v1/sensors/a%2Fb/revoke');
    expect(JSON.parse(calls[2]!.init!.body as string)).toEqual({
      reason: 'lost',
    });
  });

  it('returns the results of a 429 that refused every envelope, with its Retry-After', async () => {
    const results = [
      { status: 'rejected', code: 'RATE_LIMITED', message: 'slow down' },
    ];
    const { fetch } = fakeFetch(json({ results }, 429, { 'retry-after': '2' }));
    expect(await client(fetch).submitObservations([{}])).toEqual({
      results,
      retryAfterSeconds: 2,
    });
  });

  it('retries a request answered 429 with Retry-After, after that delay', async () => {
    const sleeps: number[] = [];
    const { fetch } = fakeFetch(
      errorBody('RATE_LIMITED', 429, { 'retry-after': '3' }),
      json({ from: 1, to: 2, hashes: [] })
    );
    expect(await client(fetch, sleeps).consistencyProof(1, 2)).toEqual({
      from: 1,
      to: 2,
      hashes: [],
    });
    expect(sleeps).toEqual([3000]);
  });

  // Each row: what the server (or the network) does, and the code thrown.
  const failures: [string, () => Response | Error, string][] = [
    [
      'refuses the connection',
      () => new TypeError('fetch failed'),
      'NETWORK_ERROR',
    ],
    [
      'answers with an error body',
      () => errorBody('UNAUTHORIZED', 401),
      'UNAUTHORIZED',
    ],
    [
      'answers 502 from a proxy',
      () => new Response('<html>bad gateway</html>', { status: 502 }),
      'HTTP_STATUS',
    ],
    ['answers an unknown code', () => errorBody('TEAPOT', 418), 'HTTP_STATUS'],
    [
      'answers 200 with the wrong shape',
      () => json({ index: -1 }),
      'RESPONSE_INVALID',
    ],
    ['answers 200 with no JSON', () => new Response('ok'), 'RESPONSE_INVALID'],
    [
      'keeps answering 429',
      () => errorBody('RATE_LIMITED', 429, { 'retry-after': '1' }),
      'RATE_LIMITED',
    ],
    [
      'asks to retry after too long',
      () => errorBody('UNAVAILABLE', 503, { 'retry-after': '3600' }),
      'UNAVAILABLE',
    ],
  ];

  describe.each(failures)('when the server %s', (_desc, answer, code) => {
    it(`throws ClientError ${code}`, async () => {
      const { fetch } = fakeFetch(...Array.from({ length: 5 }, answer));
      await expect(client(fetch).registerSensor({})).toThrowWithCode(
        ClientError,
        code
      );
    });
  });

  it('keeps the status and request id of an error body', async () => {
    const { fetch } = fakeFetch(errorBody('FORBIDDEN', 403));
    const error = await client(fetch)
      .rotateSensorKey('a', 'k')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'FORBIDDEN',
      status: 403,
      requestId: 'req-1',
    });
  });

  it('throws RATE_LIMITED for a 429 on observations without results', async () => {
    const { fetch } = fakeFetch(errorBody('RATE_LIMITED', 429));
    await expect(client(fetch).submitObservations([{}])).toThrowWithCode(
      ClientError,
      'RATE_LIMITED'
    );
  });
});
