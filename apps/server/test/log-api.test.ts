import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TileRef } from '@truce/core';
import {
  base64Decode,
  ed25519NoteVerifier,
  hashLeaf,
  openCheckpoint,
  parseVerifierKey,
  tileRefPath,
  tilesForSize,
  verifyConsistency,
  verifyEntryBundle,
  verifyInclusion,
  verifyTiles,
} from '@truce/core';
import type { TestLog } from './helpers.js';
import {
  LOG_ORIGIN,
  acousticPayload,
  createTestLog,
  makeSensor,
  signPayload,
} from './helpers.js';

const sensor = makeSensor('acoustic-001');
let log: TestLog;
const checkpoints: string[] = [];

async function get(url: string) {
  const res = await log.app.inject({ url });
  return res;
}

async function submit(fromSeq: number, count: number) {
  const envelopes = Array.from({ length: count }, (_, i) =>
    signPayload(acousticPayload('acoustic-001', fromSeq + i), sensor.seed)
  );
  const res = await log.app.inject({
    method: 'POST',
    url: '/v1/observations',
    payload: { envelopes },
  });
  expect(
    res.json().results.every((r: { status: string }) => r.status === 'accepted')
  ).toBe(true);
  await log.services.sequencer.integrate();
  checkpoints.push((await get('/log/checkpoint')).body);
}

function verifier() {
  const vkey = log.services.verifierKey;
  const parsed = parseVerifierKey(vkey);
  return ed25519NoteVerifier(parsed.name, parsed.publicKey);
}

beforeAll(async () => {
  log = await createTestLog({ sensors: [sensor] });
  // 1 registry entry, then batches that cross a full 256-entry tile.
  await submit(0, 10);
  await submit(10, 300);
  await submit(310, 7);
});
afterAll(async () => {
  await log.close();
});

describe('GET /log/vkey', () => {
  it('serves the verifier key named for the origin', async () => {
    const res = await get('/log/vkey');
    expect(res.statusCode).toBe(200);
    expect(res.body.trim()).toBe(log.services.verifierKey);
    expect(parseVerifierKey(res.body.trim()).name).toBe(LOG_ORIGIN);
  });
});

describe('GET /log/checkpoint', () => {
  it('is a checkpoint signed by the log key, not cacheable', async () => {
    const res = await get('/log/checkpoint');
    expect(res.headers['cache-control']).toBe('no-cache');
    const { checkpoint } = openCheckpoint(res.body, verifier());
    expect(checkpoint.origin).toBe(LOG_ORIGIN);
    expect(checkpoint.size).toBe(318);
  });
});

describe('the tiles of the tree', () => {
  it('lead to the checkpoint root, and every entry bundle matches its leaves', async () => {
    const { checkpoint } = openCheckpoint(checkpoints.at(-1)!, verifier());
    const refs = tilesForSize(checkpoint.size);
    const tiles = new Map<string, Uint8Array>();
    const bundles: [TileRef, Uint8Array][] = [];
    for (const ref of refs) {
      const res = await get(`/log/${tileRefPath(ref)}`);
      expect(res.statusCode, tileRefPath(ref)).toBe(200);
      const bytes = new Uint8Array(res.rawPayload);
      if (ref.kind === 'entries') bundles.push([ref, bytes]);
      else tiles.set(tileRefPath(ref), bytes);
    }
    verifyTiles({
      size: checkpoint.size,
      rootHash: checkpoint.rootHash,
      tiles,
    });
    let count = 0;
    for (const [ref, bundle] of bundles) {
      const level0 = tiles.get(
        tileRefPath({ ...ref, kind: 'hash', level: 0 })
      )!;
      count += verifyEntryBundle(bundle, level0).length;
    }
    expect(count).toBe(checkpoint.size);
  });

  it('marks full tiles immutable and partial tiles fresh', async () => {
    const full = await get('/log/tile/0/000');
    expect(full.headers['cache-control']).toContain('immutable');
    const partial = await get('/log/tile/0/001.p/62');
    expect(partial.statusCode).toBe(200);
    expect(partial.headers['cache-control']).toBe('no-cache');
  });

  it.each([
    ['a tile beyond the tree', '/log/tile/0/002'],
    ['a partial tile wider than the tree', '/log/tile/0/001.p/63'],
    ['a level with no full node', '/log/tile/1/000'],
    ['a non-canonical path', '/log/tile/0/1'],
    ['an entry bundle beyond the tree', '/log/tile/entries/005'],
  ])('answers 404 NOT_FOUND for %s', async (_desc, url) => {
    const res = await get(url);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });
});

describe('GET /v1/proofs/inclusion', () => {
  it('proves every entry into the latest checkpoint', async () => {
    const { checkpoint } = openCheckpoint(checkpoints.at(-1)!, verifier());
    const entries = await log.services.store.readEntries(0, checkpoint.size);
    for (const index of [0, 1, 2, 255, 256, 300, checkpoint.size - 1]) {
      const res = await get(
        `/v1/proofs/inclusion?index=${index}&size=${checkpoint.size}`
      );
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(base64Decode(body.leafHash)).toEqual(hashLeaf(entries[index]!));
      verifyInclusion({
        leafHash: hashLeaf(entries[index]!),
        index,
        size: checkpoint.size,
        proof: body.hashes.map(base64Decode),
        root: checkpoint.rootHash,
      });
    }
  });

  it.each([
    ['index at size', 'index=318&size=318', 400, 'QUERY_INVALID'],
    ['a size beyond the checkpoint', 'index=0&size=319', 404, 'NOT_FOUND'],
    ['a negative index', 'index=-1&size=10', 400, 'QUERY_INVALID'],
    ['an exponent', 'index=1e2&size=318', 400, 'QUERY_INVALID'],
    ['a missing size', 'index=1', 400, 'QUERY_INVALID'],
    [
      'a huge number',
      'index=99999999999999999999&size=318',
      400,
      'QUERY_INVALID',
    ],
  ])('rejects %s with %i %s', async (_desc, query, status, code) => {
    const res = await get(`/v1/proofs/inclusion?${query}`);
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toBe(code);
  });
});

describe('GET /v1/proofs/consistency', () => {
  it('proves each published checkpoint consistent with the next', async () => {
    const opened = checkpoints.map(
      (c) => openCheckpoint(c, verifier()).checkpoint
    );
    for (let i = 0; i + 1 < opened.length; i++) {
      const [a, b] = [opened[i]!, opened[i + 1]!];
      const res = await get(
        `/v1/proofs/consistency?from=${a.size}&to=${b.size}`
      );
      expect(res.statusCode).toBe(200);
      verifyConsistency({
        oldSize: a.size,
        newSize: b.size,
        oldRoot: a.rootHash,
        newRoot: b.rootHash,
        proof: res.json().hashes.map(base64Decode),
      });
    }
  });

  it('rejects from above to with QUERY_INVALID', async () => {
    const res = await get('/v1/proofs/consistency?from=5&to=4');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('QUERY_INVALID');
  });
});

describe('GET /docs', () => {
  it('serves the Swagger UI page and its static assets', async () => {
    const page = await get('/docs');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const script = await get('/docs/static/swagger-ui-bundle.js');
    expect(script.statusCode).toBe(200);
  });

  it('serves the OpenAPI document listing the routes', async () => {
    const res = await get('/docs/json');
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/observations',
        '/v1/sensors',
        '/log/checkpoint',
        '/v1/proofs/inclusion',
      ])
    );
  });
});

describe('GET /metrics', () => {
  it('counts accepted observations and exposes the checkpoint lag', async () => {
    const res = await get('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/^truce_observations_accepted_total 317$/m);
    expect(res.body).toMatch(/^truce_log_tree_size 318$/m);
    expect(res.body).toContain('truce_checkpoint_lag_seconds_bucket');
    expect(res.body).toContain('truce_ingest_batch_size_bucket');
  });
});
