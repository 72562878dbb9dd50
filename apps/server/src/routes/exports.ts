import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ObservationSpan, RawEntry, WitnessPolicy } from '@truce/core';
import {
  CoreError,
  decodeLogEntry,
  findingsToCsv,
  findingsToGeoJsonText,
  mergeObservationSpans,
  formatRfc3339Micros,
  parseReportDay,
  previousReportDay,
  reportInputsFromEntries,
  selectReportEntries,
  summarizeDay,
} from '@truce/core';
import type { FindingFeature, FindingsQuery } from '@truce/protocol';
import { findingsQuerySchema } from '@truce/protocol';
import { renderDailyReport, withdrawalLinesOf } from '@truce/report';
import { ApiError } from '../errors.js';
import type { AgreementService } from '../findings/agreement-service.js';
import { queryFindings, witnessedSize } from '../findings/finding-view.js';
import type { FindingsService } from '../findings/findings-service.js';
import type { Sequencer } from '../log/sequencer.js';
import type { LogStore } from '../storage/store.js';
import { FINDING_FILTER_PROPERTIES } from './findings.js';
import { parseOrThrow } from './parse.js';

export type ExportRoutesOptions = {
  store: LogStore;
  sequencer: Sequencer;
  findings: FindingsService;
  agreements: AgreementService;
  policy: WitnessPolicy | undefined;
  verifierKey: string;
  /** Milliseconds since the Unix epoch; stamps the report. */
  clock: () => number;
  /** The public base URL evidence links use; default: the request's host. */
  publicUrl?: string | undefined;
};

const string = (description: string) => ({ type: 'string', description });

const EXPORT_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...FINDING_FILTER_PROPERTIES,
    limit: string('at most this many (default: all)'),
  },
};

const reportQuerySchema = z.strictObject({ date: z.string() });

// A host name or IP literal with an optional port (RFC 3986 §3.2.2), so a
// forged Host header cannot put other text into the evidence URLs.
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

const CHUNK = 4096;

/**
 * The entries a day's report decodes, read in chunks: observations are
 * stored untyped, so the whole log is scanned (their time read cheaply),
 * and each chunk's await lets ingest run meanwhile.
 */
async function readReportEntries(
  store: LogStore,
  date: string
): Promise<{ entries: RawEntry[]; span: ObservationSpan | undefined }> {
  const size = await store.sequencedSize();
  const entries: RawEntry[] = [];
  let span: ObservationSpan | undefined;
  for (let start = 0; start < size; start += CHUNK) {
    const bytes = await store.readEntries(start, Math.min(size, start + CHUNK));
    const chunk = selectReportEntries(
      bytes.map((b, i) => ({ index: start + i, bytes: b })),
      date
    );
    entries.push(...chunk.entries);
    span = mergeObservationSpans(span, chunk.span);
  }
  return { entries, span };
}

/** Where the server is reached, for absolute evidence links in exports. */
function baseUrlOf(request: FastifyRequest, publicUrl?: string): string {
  if (publicUrl !== undefined) return publicUrl.replace(/\/+$/, '');
  if (!HOST.test(request.host)) {
    throw new ApiError('QUERY_INVALID', 'the Host header is not a host name');
  }
  return `${request.protocol}://${request.host}`;
}

/**
 * Findings as files for analysts' own tools (GeoJSON for QGIS, CSV with
 * ACLED-like columns) and the daily report as HTML. Public, like
 * GET /v1/findings, whose filters they take.
 */
export const exportRoutes: FastifyPluginAsync<ExportRoutesOptions> = async (
  app,
  { findings, agreements, clock, publicUrl, ...witness }
) => {
  const select = async (query: FindingsQuery): Promise<FindingFeature[]> =>
    // Oldest first, as analysts read a table; the API's list is newest first.
    queryFindings(
      findings.ledger,
      query,
      await witnessedSize(witness)
    ).reverse();

  const parseExportQuery = (raw: unknown): FindingsQuery => {
    const query = parseOrThrow(findingsQuerySchema, raw, 'QUERY_INVALID');
    const given = (raw as Record<string, unknown> | undefined)?.limit;
    // An export is the whole selection unless a limit is asked for.
    return given === undefined
      ? { ...query, limit: Number.MAX_SAFE_INTEGER }
      : query;
  };

  app.get(
    '/v1/exports/findings.geojson',
    {
      schema: {
        tags: ['exports'],
        summary:
          'Current findings as one RFC 7946 GeoJSON file (QGIS and others)',
        description:
          'The features of GET /v1/findings, oldest first, with its filters and no page limit.',
        querystring: EXPORT_QUERY,
      },
    },
    async (request, reply) => {
      const features = await select(parseExportQuery(request.query));
      reply
        .type('application/geo+json')
        .header('content-disposition', 'inline; filename="findings.geojson"');
      return findingsToGeoJsonText(features);
    }
  );

  app.get(
    '/v1/exports/findings.csv',
    {
      schema: {
        tags: ['exports'],
        summary: 'Current findings as CSV with ACLED-like columns (RFC 4180)',
        description:
          'event_date, event_type, sub_event_type, actor1, latitude, longitude, geo_precision, source, notes, then Truce columns; see docs/reports.md.',
        querystring: EXPORT_QUERY,
      },
    },
    async (request, reply) => {
      const features = await select(parseExportQuery(request.query));
      const parties = agreements.current?.agreement.parties ?? [];
      // RFC 4180 §3: text/csv with its charset and header parameters.
      reply
        .type('text/csv; charset=utf-8; header=present')
        .header('content-disposition', 'attachment; filename="findings.csv"');
      return findingsToCsv(features, {
        partyNames: Object.fromEntries(parties.map((p) => [p.id, p.name])),
        evidenceBaseUrl: baseUrlOf(request, publicUrl),
      });
    }
  );

  app.get(
    '/v1/reports/daily',
    {
      schema: {
        tags: ['exports'],
        summary: 'The daily report of a UTC day as one HTML page',
        description:
          'Counts by kind, rule, weapon class, party and sector against the day before, a map, weapons in withdrawal zones, restrictions and denial of monitoring, and the findings with links to their evidence.',
        querystring: {
          type: 'object',
          required: ['date'],
          properties: { date: string('the day, YYYY-MM-DD (UTC)') },
        },
      },
    },
    async (request, reply) => {
      const { date } = parseOrThrow(
        reportQuerySchema,
        request.query,
        'QUERY_INVALID'
      );
      let day;
      try {
        day = parseReportDay(date);
      } catch (error) {
        if (!(error instanceof CoreError)) throw error;
        throw new ApiError('QUERY_INVALID', `date: ${error.message}`);
      }
      const features = await select({
        from: previousReportDay(day).fromMicros,
        to: day.toMicros,
        limit: Number.MAX_SAFE_INTEGER,
      });
      // Gaps and restriction reports are found again from the logged
      // observations; the findings come from the ledger, with supersession
      // and witnessed status.
      const selected = await readReportEntries(witness.store, date);
      const inputs = reportInputsFromEntries(
        selected.entries.map(({ index, bytes }) => ({
          index,
          entry: decodeLogEntry(bytes),
        })),
        date,
        selected.span
      );
      const agreement = agreements.current?.agreement;
      const summary = summarizeDay({
        date,
        findings: features,
        gaps: inputs.gaps,
        restrictions: inputs.restrictions,
      });
      reply.type('text/html; charset=utf-8');
      return renderDailyReport(summary, {
        parties: agreement?.parties ?? [],
        ...(agreement === undefined
          ? {}
          : {
              contactLine: agreement.contactLine,
              withdrawalLines: withdrawalLinesOf(agreement),
              contactLineSource: `the agreement's contactLine${agreement.notes === undefined ? '' : ` (${agreement.notes})`}`,
              agreement: {
                id: agreement.id,
                version: agreement.version,
                title: agreement.title,
              },
            }),
        evidenceBaseUrl: baseUrlOf(request, publicUrl),
        generatedAt: formatRfc3339Micros(Math.floor(clock()) * 1000),
      });
    }
  );
};
