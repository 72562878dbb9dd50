import type { FastifyPluginAsync } from 'fastify';
import type { WitnessPolicy } from '@truce/core';
import {
  REGISTRY_ENTRY_TYPES,
  buildEntryEvidence,
  decodeLogEntry,
  formatWitnessPolicy,
  inclusionProof,
  isRegistryEntry,
  utf8Decode,
} from '@truce/core';
import { decimalIndex } from '@truce/protocol';
import { ApiError } from '../errors.js';
import { withStoredNodes } from '../log/node-reader.js';
import type { Sequencer } from '../log/sequencer.js';
import type { LogStore, StoredCheckpoint } from '../storage/store.js';
import {
  cosignedNote,
  newestQuorumCheckpoint,
} from '../witnesses/witnessed-checkpoint.js';
import { parseOrThrow } from './parse.js';

export type EntryRoutesOptions = {
  store: LogStore;
  sequencer: Sequencer;
  verifierKey: string;
  policy: WitnessPolicy | undefined;
};

/** The policy evidence files carry: the configured one, or "log only". */
function policyText(policy: WitnessPolicy | undefined, vkey: string): string {
  return policy === undefined
    ? `log ${vkey}\nquorum none\n`
    : formatWitnessPolicy(policy);
}

/** Single entries and their self-contained evidence files (DESIGN §4.7). */
export const entryRoutes: FastifyPluginAsync<EntryRoutesOptions> = async (
  app,
  { store, sequencer, verifierKey, policy }
) => {
  const indexParam = (params: unknown) =>
    parseOrThrow(
      decimalIndex,
      (params as { index?: unknown }).index,
      'QUERY_INVALID'
    );

  const requireIntegrated = (index: number) => {
    const size = sequencer.latest?.size ?? 0;
    if (index >= size) {
      throw new ApiError(
        'NOT_FOUND',
        `entry ${index} is not in the latest checkpoint (size ${size})`
      );
    }
  };

  app.get(
    '/v1/entries/:index',
    {
      schema: {
        tags: ['entries'],
        summary: 'One log entry, decoded (its bytes are in the entry bundles)',
      },
    },
    async (request) => {
      const index = indexParam(request.params);
      requireIntegrated(index);
      const [bytes] = await store.readEntries(index, index + 1);
      return { index, entry: JSON.parse(utf8Decode(bytes!)) as unknown };
    }
  );

  app.get(
    '/v1/entries/:index/evidence',
    {
      schema: {
        tags: ['entries'],
        summary:
          'A self-contained evidence file for one entry, checkable offline with `truce verify evidence`',
      },
    },
    async (request, reply) => {
      const index = indexParam(request.params);
      requireIntegrated(index);
      let witnessed: { checkpoint: StoredCheckpoint; note: string } | undefined;
      if (policy === undefined) {
        const latest = sequencer.latest!;
        witnessed = {
          checkpoint: latest,
          note: await cosignedNote(store, latest),
        };
      } else {
        witnessed = await newestQuorumCheckpoint(store, policy, verifierKey);
      }
      if (witnessed === undefined || witnessed.checkpoint.size <= index) {
        throw new ApiError(
          'UNAVAILABLE',
          `no checkpoint covering entry ${index} is cosigned to the policy's quorum yet`,
          { headers: { 'retry-after': '2' } }
        );
      }
      const size = witnessed.checkpoint.size;
      const [bytes] = await store.readEntries(index, index + 1);
      const entry = decodeLogEntry(bytes!);
      const sensor =
        entry.type === 'observation'
          ? entry.envelope.signatures[0]?.keyid
          : undefined;
      const registry: { index: number; bytes: Uint8Array }[] = [];
      if (sensor !== undefined) {
        for (const item of await store.readEntriesByType(
          REGISTRY_ENTRY_TYPES
        )) {
          if (item.index >= index) break;
          const decoded = decodeLogEntry(item.bytes);
          const id =
            isRegistryEntry(decoded) && decoded.type === 'sensor_registered'
              ? decoded.sensor.id
              : (decoded as { sensor?: unknown }).sensor;
          if (id === sensor) registry.push(item);
        }
      }
      const prove = (i: number) =>
        withStoredNodes(store, (reader) => inclusionProof(i, size, reader));
      const evidence = buildEntryEvidence({
        logVkey: verifierKey,
        checkpoint: witnessed.note,
        policy: policyText(policy, verifierKey),
        entry: { index, bytes: bytes!, proof: await prove(index) },
        registry: await Promise.all(
          registry.map(async (r) => ({ ...r, proof: await prove(r.index) }))
        ),
      });
      return reply
        .header(
          'content-disposition',
          `attachment; filename="truce-entry-${index}.evidence.json"`
        )
        .send(evidence);
    }
  );
};
