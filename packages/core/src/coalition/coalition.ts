import { z } from 'zod';

/**
 * The guarantor coalition's data model (DESIGN 5). Policy is data: members,
 * pledges and their national approvals are documents validated here, and
 * every change to them is a log entry (see coalition-entry.ts).
 */

/** ISO 3166-1 alpha-3 country code, upper case. */
export const iso3Schema = z.string().regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3');

/** A member's place in the coalition. */
export const MEMBER_ROLES = ['co_lead', 'contributor', 'observer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const memberSchema = z.strictObject({
  iso3: iso3Schema,
  name: z.string().min(1).max(128),
  role: z.enum(MEMBER_ROLES),
});
export type Member = z.infer<typeof memberSchema>;

/** What a pledge offers (DESIGN 5). */
export const PLEDGE_TYPES = [
  'troops',
  'air_defence',
  'sanctions',
  'weapons',
  'finance',
  'intelligence',
  'training',
  'logistics',
  'naval',
  'air_policing',
] as const;
export type PledgeType = (typeof PLEDGE_TYPES)[number];

/**
 * Responses an escalation tier can call for; a pledge names the one
 * capability it provides, and a plan matches the two.
 */
export const RESPONSE_TYPES = [
  'diplomatic_demarche',
  'inquiry',
  'sanctions_snapback',
  'military_assistance',
  'air_defence',
  'air_policing',
  'naval_presence',
  'reassurance_posture',
  'intelligence_sharing',
  'financial_support',
  'training_mission',
  'logistics_support',
] as const;
export type ResponseType = (typeof RESPONSE_TYPES)[number];

/** The national procedure a pledge needs before it can be used. */
export const APPROVAL_PROCEDURES = [
  'parliament_vote',
  'cabinet_decision',
  'none',
] as const;
export type ApprovalProcedure = (typeof APPROVAL_PROCEDURES)[number];

export const APPROVAL_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'expired',
] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const approvalSchema = z.strictObject({
  procedure: z.enum(APPROVAL_PROCEDURES),
  status: z.enum(APPROVAL_STATUSES),
  /** When the status last changed (YYYY-MM-DD), if known. */
  date: dateSchema.optional(),
  /** Typical days from a request to an approval taking effect. */
  leadTimeDays: z.number().int().min(0).max(3650),
});
export type Approval = z.infer<typeof approvalSchema>;

/**
 * A pledge's life: pledged -> approval_pending -> approved -> ready ->
 * activated -> delivered, or withdrawn from any state before delivered.
 */
export const PLEDGE_STATES = [
  'pledged',
  'approval_pending',
  'approved',
  'ready',
  'activated',
  'delivered',
  'withdrawn',
] as const;
export type PledgeState = (typeof PLEDGE_STATES)[number];

export const pledgeIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case id, at most 64 chars');

export const pledgeSchema = z.strictObject({
  id: pledgeIdSchema,
  member: iso3Schema,
  type: z.enum(PLEDGE_TYPES),
  quantity: z.number().nonnegative().finite(),
  unit: z.string().min(1).max(64),
  conditions: z.string().max(1024),
  capability: z.enum(RESPONSE_TYPES),
  approval: approvalSchema,
  /** Demo data is marked so nobody mistakes it for a real commitment. */
  illustrative: z.boolean().optional(),
});
export type Pledge = z.infer<typeof pledgeSchema>;

/** A coalition document: the members and their pledges. */
export const coalitionSchema = z.strictObject({
  version: z.string().min(1).max(64),
  members: z.array(memberSchema).min(1).max(200),
  pledges: z.array(pledgeSchema).max(10_000),
});
export type Coalition = z.infer<typeof coalitionSchema>;
