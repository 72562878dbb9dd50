import type { FastifyPluginAsync } from 'fastify';
import type { WitnessPolicy } from '@truce/core';
import { FINDING_KINDS, FINDING_STATUSES, REVIEW_STATUSES } from '@truce/core';
import type {
  FindingCollection,
  FindingFeature,
  ReviewFindingResponse,
} from '@truce/protocol';
import {
  MAX_FINDINGS_PER_PAGE,
  findingsQuerySchema,
  reviewFindingRequestSchema,
} from '@truce/protocol';
import { authorize } from '../auth/tokens.js';
import { ApiError } from '../errors.js';
import {
  findingFeature,
  queryFindings,
  witnessedSize,
} from '../findings/finding-view.js';
import { buildLoggedFindingEvidence } from '../findings/finding-evidence-source.js';
import type { FindingsService } from '../findings/findings-service.js';
import type { Sequencer } from '../log/sequencer.js';
import type { LogStore } from '../storage/store.js';
import { queryFindingsBefore } from './findings-page.js';
import { parseOrThrow } from './parse.js';

export type FindingRoutesOptions = {
  store: LogStore;
  sequencer: Sequencer;
  findings: FindingsService;
  policy: WitnessPolicy | undefined;
  verifierKey: string;
};

const string = (description: string) => ({ type: 'string', description });

/** The filters findings are selected by, shared with the exports (OpenAPI). */
export const FINDING_FILTER_PROPERTIES = {
  from: string('findings at or after this RFC 3339 time'),
  to: string('findings before this RFC 3339 time'),
  bbox: string('minLon,minLat,maxLon,maxLat (RFC 7946 §5)'),
  rule: string('an agreement rule id'),
  party: string('the attributed party id'),
  status: { type: 'string', enum: [...FINDING_STATUSES] },
  kind: { type: 'string', enum: [...FINDING_KINDS] },
};

const LIST_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...FINDING_FILTER_PROPERTIES,
    limit: string(`1 to ${MAX_FINDINGS_PER_PAGE} (default 1000)`),
    before: string('a cursor: findings logged below this log index'),
  },
};

const ID_PARAMS = {
  type: 'object',
  properties: { id: string('a finding id (64 hex digits)') },
  required: ['id'],
};

/**
 * Findings (DESIGN 4.5) as GeoJSON, and analysts' reviews of them. Reads
 * are public; a review needs `findings:review` and is a log entry.
 */
export const findingRoutes: FastifyPluginAsync<FindingRoutesOptions> = async (
  app,
  { findings, ...witness }
) => {
  const featureOf = async (id: string): Promise<FindingFeature> => {
    const logged = findings.ledger.get(id);
    if (logged === undefined)
      throw new ApiError('NOT_FOUND', `no finding ${id}`);
    return findingFeature(
      findings.ledger,
      logged,
      await witnessedSize(witness)
    );
  };

  app.get(
    '/v1/findings',
    {
      schema: {
        tags: ['findings'],
        summary: 'Current findings as an RFC 7946 FeatureCollection',
        description:
          'Newest log entry first. Superseded versions are left out (each current finding lists the ones it `supersedes`). `status` is computed: `verified` once corroborated and in a witnessed checkpoint, then the latest review.',
        querystring: LIST_QUERY,
      },
    },
    async (request, reply): Promise<FindingCollection> => {
      const query = parseOrThrow(
        findingsQuerySchema,
        request.query,
        'QUERY_INVALID'
      );
      const { before } = query;
      const features =
        before === undefined
          ? queryFindings(findings.ledger, query, await witnessedSize(witness))
          : queryFindingsBefore(
              findings.ledger,
              { ...query, before },
              await witnessedSize(witness)
            );
      reply.type('application/geo+json');
      return { type: 'FeatureCollection', features };
    }
  );

  app.get<{ Params: { id: string } }>(
    '/v1/findings/:id',
    {
      schema: {
        tags: ['findings'],
        summary: 'One finding, superseded or not, as a GeoJSON Feature',
        description:
          'A superseded finding names the newest version in `supersededBy`.',
        params: ID_PARAMS,
      },
    },
    async (request, reply): Promise<FindingFeature> => {
      const feature = await featureOf(request.params.id);
      reply.type('application/geo+json');
      return feature;
    }
  );

  app.get<{ Params: { id: string } }>(
    '/v1/findings/:id/evidence',
    {
      schema: {
        tags: ['findings'],
        summary:
          "A finding's self-contained evidence file (DESIGN 4.7), checkable offline with `truce verify evidence`",
        description:
          'The finding entry, every source entry and the weather it was fused with, the registry entries of their sensors and the agreement version, each with an inclusion proof against one checkpoint cosigned to the witness quorum (with no policy, the latest checkpoint), and the engine versions and parameters: `verifyEvidence` recomputes the finding from it. 503 with Retry-After while no such checkpoint covers the finding.',
        params: ID_PARAMS,
      },
    },
    async (request, reply) => {
      const evidence = await buildLoggedFindingEvidence(
        { findings, ...witness },
        request.params.id
      );
      return reply
        .header(
          'content-disposition',
          `attachment; filename="truce-finding-${evidence.finding.proof.index}.evidence.json"`
        )
        .send(evidence);
    }
  );

  app.post<{ Params: { id: string } }>(
    '/v1/findings/:id/review',
    {
      schema: {
        tags: ['findings'],
        summary: 'Confirm or reject a finding, with a reason (a log entry)',
        description:
          'Reviews apply in log order; the later one sets the status. The token is the actor.',
        security: [{ bearer: [] }],
        params: ID_PARAMS,
        body: {
          type: 'object',
          required: ['status', 'reason'],
          properties: {
            status: { type: 'string', enum: [...REVIEW_STATUSES] },
            reason: { type: 'string', minLength: 1, maxLength: 4096 },
          },
        },
      },
    },
    async (request): Promise<ReviewFindingResponse> => {
      const token = await authorize(witness.store, request, 'findings:review');
      const verdict = parseOrThrow(
        reviewFindingRequestSchema,
        request.body,
        'BODY_SCHEMA'
      );
      const index = await findings.review(
        request.params.id,
        verdict,
        `token:${token.id}`
      );
      return { index, finding: await featureOf(request.params.id) };
    }
  );
};
