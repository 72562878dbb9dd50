import { z } from 'zod';
import {
  FINDING_KINDS,
  FINDING_STATUSES,
  REVIEW_STATUSES,
  findingIdSchema,
  findingPropertiesSchema,
  findingSchema,
  parseRfc3339Micros,
} from '@truce/core';
import { decimalIndex } from './proofs.js';

const RFC3339 =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)(Z|[+-]\d{2}:\d{2})$/;

/**
 * An RFC 3339 time with any offset (`Z`, `+02:00`) to microseconds since
 * the Unix epoch; undefined if it is not one (or has over 6 fraction digits).
 */
export function parseRfc3339Offset(text: string): number | undefined {
  const m = RFC3339.exec(text.toUpperCase());
  if (m === null) return undefined;
  const [, local, offset] = m as unknown as [string, string, string];
  let micros: number;
  try {
    micros = parseRfc3339Micros(`${local}Z`);
  } catch {
    return undefined;
  }
  if (offset === 'Z') return micros;
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  const sign = offset.startsWith('-') ? -1 : 1;
  return micros - sign * (hours * 60 + minutes) * 60_000_000;
}

const rfc3339Time = z.string().transform((text, ctx) => {
  const micros = parseRfc3339Offset(text);
  if (micros === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be an RFC 3339 time' });
    return z.NEVER;
  }
  return micros;
});

/** A GeoJSON bbox (RFC 7946 §5); minLon > maxLon crosses the antimeridian. */
export type Bbox = {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
};

const bbox = z.string().transform((text, ctx): Bbox => {
  const parts = text.split(',');
  const nums = parts.map((p) => (/^\s*$/.test(p) ? NaN : Number(p)));
  const [minLon, minLat, maxLon, maxLat] = nums as [
    number,
    number,
    number,
    number,
  ];
  const lonOk = (x: number) => x >= -180 && x <= 180;
  const latOk = (x: number) => x >= -90 && x <= 90;
  if (
    nums.length !== 4 ||
    !lonOk(minLon) ||
    !lonOk(maxLon) ||
    !latOk(minLat) ||
    !latOk(maxLat) ||
    minLat > maxLat
  ) {
    ctx.addIssue({
      code: 'custom',
      message:
        'must be minLon,minLat,maxLon,maxLat in degrees, minLat ≤ maxLat',
    });
    return z.NEVER;
  }
  return { minLon, minLat, maxLon, maxLat };
});

/** Most findings one `GET /v1/findings` returns. */
export const MAX_FINDINGS_PER_PAGE = 10_000;

/** `GET /v1/findings` query: every filter optional, all of them ANDed. */
export const findingsQuerySchema = z
  .strictObject({
    /** Findings at or after this time (RFC 3339). */
    from: rfc3339Time.optional(),
    /** Findings before this time (RFC 3339). */
    to: rfc3339Time.optional(),
    bbox: bbox.optional(),
    rule: z.string().min(1).max(64).optional(),
    /** The attributed party's id. */
    party: z.string().min(1).max(64).optional(),
    status: z.enum(FINDING_STATUSES).optional(),
    kind: z.enum(FINDING_KINDS).optional(),
    limit: decimalIndex
      .refine(
        (n) => n >= 1 && n <= MAX_FINDINGS_PER_PAGE,
        `must be 1 to ${MAX_FINDINGS_PER_PAGE}`
      )
      .default(1000),
    /**
     * A cursor: only findings logged below this log index. Pass the last
     * (lowest) `properties.index` of a full page to get the next one.
     */
    before: decimalIndex.optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'from is after to',
    path: ['from'],
  });

export type FindingsQuery = z.output<typeof findingsQuerySchema>;

/** `POST /v1/findings/{id}/review`: the reason is required. */
export const reviewFindingRequestSchema = z.strictObject({
  status: z.enum(REVIEW_STATUSES),
  reason: z
    .string()
    .max(4096)
    .refine((s) => s.trim().length > 0, 'a reason is required'),
});

export type ReviewFindingRequest = z.infer<typeof reviewFindingRequestSchema>;

/**
 * A finding as the API serves it: the logged finding (DESIGN 4.5) with its
 * current status and last review, its log `index`, and which findings it
 * supersedes or is superseded by (see the server's findings README).
 */
export const findingFeatureSchema = z.strictObject({
  type: z.literal('Feature'),
  /** The finding id again, as the RFC 7946 Feature id. */
  id: findingIdSchema,
  geometry: findingSchema.shape.geometry,
  properties: findingPropertiesSchema.extend({
    index: z.number().int().min(0),
    supersedes: z.array(findingIdSchema).optional(),
    supersededBy: findingIdSchema.optional(),
  }),
});

export type FindingFeature = z.infer<typeof findingFeatureSchema>;

/** `GET /v1/findings`: an RFC 7946 FeatureCollection, newest entry first. */
export const findingCollectionSchema = z.strictObject({
  type: z.literal('FeatureCollection'),
  features: z.array(findingFeatureSchema),
});

export type FindingCollection = z.infer<typeof findingCollectionSchema>;

/** The answer to a review: the review's log index and the finding after it. */
export const reviewFindingResponseSchema = z.object({
  index: z.number().int().min(0),
  finding: findingFeatureSchema,
});

export type ReviewFindingResponse = z.infer<typeof reviewFindingResponseSchema>;

/** `GET /v1/agreements/current`: the agreement in force and its log index. */
export const currentAgreementResponseSchema = z.object({
  index: z.number().int().min(0),
  agreement: z.unknown(),
});

export type CurrentAgreementResponse = z.infer<
  typeof currentAgreementResponseSchema
>;
