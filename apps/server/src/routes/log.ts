import type { FastifyPluginAsync } from 'fastify';
import {
  TILE_HEIGHT,
  TILE_WIDTH,
  encodeEntryBundle,
  parseTilePath,
  tileNodeIds,
  bytesConcat,
  CoreError,
} from '@truce/core';
import { ApiError } from '../errors.js';
import type { Sequencer } from '../log/sequencer.js';
import type { LogStore } from '../storage/store.js';
import type { Cosigner } from '../witnesses/cosigner.js';
import { cosignedNote } from '../witnesses/witnessed-checkpoint.js';

export type LogRoutesOptions = {
  store: LogStore;
  sequencer: Sequencer;
  verifierKey: string;
  cosigner: Cosigner | undefined;
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
const FRESH = 'no-cache';

/**
 * The C2SP tlog-tiles read API (https://c2sp.org/tlog-tiles): the signed
 * checkpoint, hash tiles and entry bundles, full and partial.
 */
export const logRoutes: FastifyPluginAsync<LogRoutesOptions> = async (
  app,
  { store, sequencer, verifierKey, cosigner }
) => {
  app.get(
    '/log/checkpoint',
    {
      schema: {
        tags: ['log'],
        summary:
          'The latest signed checkpoint, with every witness cosignature gathered for it',
      },
    },
    async (_request, reply) => {
      const latest = sequencer.latest;
      if (latest === undefined) {
        throw new ApiError('NOT_FOUND', 'the log has no checkpoint yet');
      }
      return reply
        .header('cache-control', FRESH)
        .type('text/plain; charset=utf-8')
        .send(await cosignedNote(store, latest));
    }
  );

  app.get(
    '/v1/witnesses',
    {
      schema: {
        tags: ['log'],
        summary: 'The witnesses this log asks to cosign, and how far each got',
      },
    },
    async () => ({ witnesses: cosigner?.status() ?? [] })
  );

  app.get(
    '/log/vkey',
    { schema: { tags: ['log'], summary: "The log's note verifier key" } },
    async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send(`${verifierKey}\n`)
  );

  app.get<{ Params: { '*': string } }>(
    '/log/tile/*',
    {
      schema: {
        tags: ['log'],
        summary: 'A hash tile or entry bundle (tlog-tiles)',
      },
      // Tiles are static files in the design (a CDN or object store can
      // serve them); an auditor reads thousands in a row, so they sit
      // outside the per-client request limit.
      config: { rateLimit: false },
    },
    async (request, reply) => {
      let tile;
      try {
        tile = parseTilePath(`tile/${request.params['*']}`);
      } catch (error) {
        if (error instanceof CoreError) {
          throw new ApiError('NOT_FOUND', error.message);
        }
        throw error;
      }
      const size = sequencer.latest?.size ?? 0;
      const level = tile.kind === 'entries' ? 0 : tile.level;
      const available = Math.floor(size / 2 ** (level * TILE_HEIGHT));
      const start = tile.index * TILE_WIDTH;
      if (start + tile.width > available) {
        throw new ApiError('NOT_FOUND', 'no such tile in the current tree');
      }
      const body =
        tile.kind === 'entries'
          ? encodeEntryBundle(
              await store.readEntries(start, start + tile.width)
            )
          : bytesConcat(
              ...(await store.readNodes(
                tileNodeIds(tile.level, tile.index, tile.width)
              ))
            );
      return reply
        .header('cache-control', tile.width === TILE_WIDTH ? IMMUTABLE : FRESH)
        .type('application/octet-stream')
        .send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    }
  );
};
