import { z } from 'zod';
import { canonicalJsonSha256Hex } from '../evidence/digest.js';
import { latitudeSchema, longitudeSchema } from '../observation/geo.js';
import { rfc3339MicrosSchema } from '../observation/time.js';
import { weaponClassSchema } from '../observation/weapon-class.js';
import { FINDING_KINDS, ruleIdSchema } from '../rules/term.js';

/** provisional from the engine; verified once corroborated and cosigned; confirmed or rejected by review. */
export const FINDING_STATUSES = [
  'provisional',
  'verified',
  'confirmed',
  'rejected',
] as const;

export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** What a reviewer may set (DESIGN 4.5). */
export const REVIEW_STATUSES = ['confirmed', 'rejected'] as const;

const probability = z.number().min(0).max(1);
const metres = z.number().min(0).max(1e8);
const hex64 = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

/** A finding's id: SHA-256 hex (see findingId). */
export const findingIdSchema = hex64;

/** Who acted: an analyst account or key name (authorisation is policy, outside core). */
export const actorSchema = z.string().min(1).max(128);

/** The last review applied to a finding. */
export const reviewSchema = z.strictObject({
  status: z.enum(REVIEW_STATUSES),
  reason: z.string().min(1).max(4096),
  actor: actorSchema,
  time: rfc3339MicrosSchema,
});

const sourcesSchema = z
  .array(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER))
  .min(1)
  .refine(
    (s) => s.every((v, i) => i === 0 || v > s[i - 1]!),
    'must be strictly ascending'
  );

/** DESIGN 4.5 properties, plus what a recomputation needs to match. */
export const findingPropertiesSchema = z.strictObject({
  id: findingIdSchema,
  rule: ruleIdSchema,
  kind: z.enum(FINDING_KINDS),
  time: rfc3339MicrosSchema,
  errorEllipse: z.strictObject({
    semiMajorM: metres,
    semiMinorM: metres,
    azimuthDeg: z.number().min(0).lt(180),
  }),
  attribution: z.strictObject({
    party: z.string().min(1).max(64).nullable(),
    probability,
  }),
  confidence: probability,
  status: z.enum(FINDING_STATUSES),
  sources: sourcesSchema,
  agreement: z.strictObject({
    id: z.string().min(1).max(128),
    version: z.number().int().min(1),
  }),
  engineVersion: z.string().min(1).max(64),
  paramsDigest: hex64,
  sensorKinds: z.array(z.string().min(1).max(64)),
  weaponClass: weaponClassSchema.optional(),
  review: reviewSchema.optional(),
});

/** A finding: one GeoJSON Feature (RFC 7946) with a Point (DESIGN 4.5). */
export const findingSchema = z.strictObject({
  type: z.literal('Feature'),
  geometry: z.strictObject({
    type: z.literal('Point'),
    coordinates: z.tuple([longitudeSchema, latitudeSchema]),
  }),
  properties: findingPropertiesSchema,
});

export type Finding = z.infer<typeof findingSchema>;
export type FindingProperties = Finding['properties'];

/**
 * The stable id of a finding: SHA-256 hex of the canonical JSON of the
 * engine version, the rule id and the sorted source indexes, so the same
 * breach gets the same id on every recomputation by the same engine.
 */
export function findingId(
  rule: string,
  sources: readonly number[],
  engineVersion: string
): string {
  const sorted = [...new Set(sources)].sort((a, b) => a - b);
  return canonicalJsonSha256Hex({ engineVersion, rule, sources: sorted });
}

/** An RFC 7946 FeatureCollection of findings, in the order given. */
export function findingsToGeoJson(findings: readonly Finding[]): {
  type: 'FeatureCollection';
  features: Finding[];
} {
  return { type: 'FeatureCollection', features: [...findings] };
}
