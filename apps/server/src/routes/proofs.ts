import type { FastifyPluginAsync } from 'fastify';
import { base64Encode, consistencyProof, inclusionProof } from '@truce/core';
import type {
  ConsistencyProofResponse,
  InclusionProofResponse,
} from '@truce/protocol';
import {
  consistencyProofQuerySchema,
  inclusionProofQuerySchema,
} from '@truce/protocol';
import { ApiError } from '../errors.js';
import { withStoredNodes } from '../log/node-reader.js';
import type { Sequencer } from '../log/sequencer.js';
import type { LogStore } from '../storage/store.js';
import { parseOrThrow } from './parse.js';

export type ProofRoutesOptions = { store: LogStore; sequencer: Sequencer };

/** JSON inclusion and consistency proofs (RFC 9162 §2.1.3, §2.1.4). */
export const proofRoutes: FastifyPluginAsync<ProofRoutesOptions> = async (
  app,
  { store, sequencer }
) => {
  const checkSize = (size: number) => {
    const latest = sequencer.latest?.size ?? 0;
    if (size > latest) {
      throw new ApiError(
        'NOT_FOUND',
        `size ${size} is beyond the latest checkpoint (${latest})`
      );
    }
  };

  app.get(
    '/v1/proofs/inclusion',
    {
      schema: {
        tags: ['proofs'],
        summary: 'Inclusion proof of entry `index` in the tree of `size`',
        querystring: {
          type: 'object',
          properties: { index: { type: 'string' }, size: { type: 'string' } },
          required: ['index', 'size'],
        },
      },
    },
    async (request): Promise<InclusionProofResponse> => {
      const { index, size } = parseOrThrow(
        inclusionProofQuerySchema,
        request.query,
        'QUERY_INVALID'
      );
      checkSize(size);
      if (index >= size) {
        throw new ApiError(
          'QUERY_INVALID',
          `index ${index} is not below size ${size}`
        );
      }
      const [hashes, [leafHash]] = await Promise.all([
        withStoredNodes(store, (reader) => inclusionProof(index, size, reader)),
        store.readNodes([{ level: 0, index }]),
      ]);
      return {
        index,
        size,
        leafHash: base64Encode(leafHash!),
        hashes: hashes.map(base64Encode),
      };
    }
  );

  app.get(
    '/v1/proofs/consistency',
    {
      schema: {
        tags: ['proofs'],
        summary: 'Consistency proof between tree sizes `from` and `to`',
        querystring: {
          type: 'object',
          properties: { from: { type: 'string' }, to: { type: 'string' } },
          required: ['from', 'to'],
        },
      },
    },
    async (request): Promise<ConsistencyProofResponse> => {
      const { from, to } = parseOrThrow(
        consistencyProofQuerySchema,
        request.query,
        'QUERY_INVALID'
      );
      checkSize(to);
      if (from > to) {
        throw new ApiError('QUERY_INVALID', `from ${from} is above to ${to}`);
      }
      const hashes =
        from === 0 || from === to
          ? []
          : await withStoredNodes(store, (reader) =>
              consistencyProof(from, to, reader)
            );
      return { from, to, hashes: hashes.map(base64Encode) };
    }
  );
};
