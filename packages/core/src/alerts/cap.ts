import type { FindingProperties } from '../engine/finding.js';
import { CoreError } from '../errors.js';
import { parseRfc3339Micros } from '../observation/time.js';
import { formatCapCircle } from './cap-circle.js';
import { capCertaintyOf, capSeverityOf, capUrgencyOf } from './cap-mapping.js';
import { escapeXmlText, xmlElement } from './xml-text.js';

/** The CAP 1.2 namespace (OASIS CAP 1.2 §3.3.1). */
export const CAP_1_2_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
export const CAP_MEDIA_TYPE = 'application/cap+xml';

/** Real alerts are Actual; the demo and exercises say Exercise. */
export type CapStatus = 'Actual' | 'Exercise';
export type CapMsgType = 'Alert' | 'Update' | 'Cancel';

/** A finding as the API serves it (DESIGN 4.5), log index included. */
export type CapFinding = {
  geometry: { coordinates: readonly [number, number] };
  properties: FindingProperties & { index?: number };
};

/** An earlier alert a message refers to: its finding and when it was logged. */
export type CapPrior = { findingId: string; loggedAtMs: number };

export type FindingCapInput = {
  finding: CapFinding;
  /** Who sends: the log's origin; no spaces, commas, "<" or "&" (§3.2.1). */
  sender: string;
  status: CapStatus;
  /** When the finding's entry was logged, ms since the Unix epoch. */
  loggedAtMs: number;
  /** The finding's page or API URL (an absolute URI). */
  web: string;
  /** Findings this one superseded: its first alert is then an Update. */
  supersedes?: readonly CapPrior[];
};

const SENDER = /^[^\s,<&]+$/;

/**
 * CAP 1.2 §3.3.2: date-times carry an explicit offset, UTC as "-00:00", and
 * no "Z"; the schema takes whole seconds only.
 */
export function formatCapTime(ms: number): string {
  if (!Number.isFinite(ms)) {
    throw new CoreError('CAP_INPUT_INVALID', `not a time: ${ms}`);
  }
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}-00:00`;
}

/** The identifier of a finding's message at a status (§3.2.1: no spaces, commas, "<", "&"). */
export function capIdentifierOf(findingId: string, suffix?: string): string {
  return `truce-finding-${findingId}${suffix === undefined ? '' : `-${suffix}`}`;
}

/** Throws CAP_INPUT_INVALID for a sender CAP 1.2 §3.2.1 does not allow. */
export function checkCapSender(sender: string): void {
  if (!SENDER.test(sender)) {
    throw new CoreError(
      'CAP_INPUT_INVALID',
      'a CAP sender has no spaces, commas, "<" or "&" (CAP 1.2 §3.2.1)'
    );
  }
}

// §3.2.1 <references>: "sender,identifier,sent" triples, space-separated.
const reference = (sender: string, prior: CapPrior) =>
  `${sender},${capIdentifierOf(prior.findingId)},${formatCapTime(prior.loggedAtMs)}`;

/** The message-level fields of an <alert> (CAP 1.2 §3.2.1). */
export type CapMessage = {
  identifier: string;
  msgType: CapMsgType;
  sent: string;
  references: string[];
  note?: string;
};

/**
 * Which message a finding's status calls for: the first Alert when it is
 * logged (an Update of what it superseded, if anything), an Update when it
 * is witnessed or confirmed, and a Cancel when a review rejects it, each
 * referring to the first alert and to those of the findings it superseded.
 */
function messageOf(input: FindingCapInput): CapMessage {
  const p = input.finding.properties;
  const first = { findingId: p.id, loggedAtMs: input.loggedAtMs };
  // Every later message also replaces what the first one superseded.
  const prior = input.supersedes ?? [];
  const references = [...prior, first].map((x) => reference(input.sender, x));
  const loggedAt = formatCapTime(input.loggedAtMs);
  const reviewedAt = () =>
    p.review === undefined
      ? loggedAt
      : formatCapTime(Math.floor(parseRfc3339Micros(p.review.time) / 1000));
  switch (p.status) {
    case 'provisional':
      return {
        identifier: capIdentifierOf(p.id),
        msgType: prior.length === 0 ? 'Alert' : 'Update',
        sent: loggedAt,
        references: references.slice(0, -1),
      };
    case 'verified':
      return {
        identifier: capIdentifierOf(p.id, 'verified'),
        msgType: 'Update',
        sent: loggedAt,
        references,
      };
    case 'confirmed':
    case 'rejected':
      return {
        identifier: capIdentifierOf(p.id, p.status),
        msgType: p.status === 'confirmed' ? 'Update' : 'Cancel',
        sent: reviewedAt(),
        references,
        ...(p.review === undefined ? {} : { note: p.review.reason }),
      };
  }
}

const pct = (p: number) => `${Math.round(p * 100)} %`;

function describeFinding(p: CapFinding['properties']): {
  event: string;
  headline: string;
  description: string;
} {
  const what = p.kind.replace(/_/g, ' ');
  const by =
    p.attribution.party === null
      ? 'no party attributed'
      : `attributed to party ${p.attribution.party} (${pct(p.attribution.probability)})`;
  const weapon = p.weaponClass === undefined ? '' : ` (${p.weaponClass})`;
  return {
    event: `Ceasefire violation: ${what}`,
    headline: `Ceasefire violation of rule ${p.rule}: ${what}${weapon}, ${by}`,
    description:
      `A ${p.status} finding of the Truce monitoring log: ${what}${weapon} at ${p.time}, ` +
      `breaking rule ${p.rule} of agreement ${p.agreement.id} version ${p.agreement.version}; ${by}. ` +
      `Confidence ${pct(p.confidence)}, from ${p.sources.length} logged observations. ` +
      `The evidence package lets anyone check it offline.`,
  };
}

function parameter(name: string, value: string): string {
  return `<parameter>${xmlElement('valueName', name)}${xmlElement('value', value)}</parameter>`;
}

/**
 * The OASIS CAP 1.2 <alert> for a finding, as UTF-8 XML text. The mapping
 * of status and confidence to urgency, severity and certainty is in
 * cap-mapping.ts and docs/alerts.md.
 */
export function buildFindingCap(input: FindingCapInput): string {
  checkCapSender(input.sender);
  const p = input.finding.properties;
  const [lon, lat] = input.finding.geometry.coordinates;
  const message = messageOf(input);
  const text = describeFinding(p);
  const circle = formatCapCircle({
    lat,
    lon,
    radiusKm: p.errorEllipse.semiMajorM / 1000,
  });
  const parameters = [
    parameter('findingId', p.id),
    parameter('rule', p.rule),
    parameter('kind', p.kind),
    parameter('party', p.attribution.party ?? 'unknown'),
    parameter('probability', String(p.attribution.probability)),
    parameter('confidence', String(p.confidence)),
    parameter('status', p.status),
    ...(p.index === undefined ? [] : [parameter('logIndex', String(p.index))]),
  ];
  const area =
    `<area>${xmlElement(
      'areaDesc',
      `95 % error ellipse around ${lat.toFixed(5)},${lon.toFixed(5)}: semi-major ${Math.round(p.errorEllipse.semiMajorM)} m, ` +
        `semi-minor ${Math.round(p.errorEllipse.semiMinorM)} m, azimuth ${Math.round(p.errorEllipse.azimuthDeg)} deg`
    )}` + `${xmlElement('circle', circle)}</area>`;
  return alertXml({
    sender: input.sender,
    status: input.status,
    message,
    incidents: p.id,
    info: [
      xmlElement('language', 'en'),
      xmlElement('category', 'Security'),
      xmlElement('event', text.event),
      xmlElement('urgency', capUrgencyOf(p.status)),
      xmlElement('severity', capSeverityOf(p.kind, p.weaponClass)),
      xmlElement('certainty', capCertaintyOf(p.status, p.confidence)),
      xmlElement('senderName', 'Truce ceasefire monitoring'),
      xmlElement('headline', text.headline),
      xmlElement('description', text.description),
      xmlElement('web', input.web),
      ...parameters,
      area,
    ],
  });
}

/** Writes the <alert> envelope around the <info> parts (CAP 1.2 §3.2.1). */
export function alertXml(parts: {
  sender: string;
  status: CapStatus;
  message: CapMessage;
  incidents?: string;
  info: readonly string[];
}): string {
  const m = parts.message;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<alert xmlns="${escapeXmlText(CAP_1_2_NAMESPACE)}">`,
    xmlElement('identifier', m.identifier),
    xmlElement('sender', parts.sender),
    xmlElement('sent', m.sent),
    xmlElement('status', parts.status),
    xmlElement('msgType', m.msgType),
    xmlElement('scope', 'Public'),
    ...(m.note === undefined ? [] : [xmlElement('note', m.note)]),
    ...(m.references.length === 0
      ? []
      : [xmlElement('references', m.references.join(' '))]),
    ...(parts.incidents === undefined
      ? []
      : [xmlElement('incidents', parts.incidents)]),
    `<info>${parts.info.join('')}</info>`,
    '</alert>',
    '',
  ].join('\n');
}
