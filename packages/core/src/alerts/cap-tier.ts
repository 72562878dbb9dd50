import { CoreError } from '../errors.js';
import { parseRfc3339Micros } from '../observation/time.js';
import type { CapSeverity, CapUrgency } from './cap-mapping.js';
import type { CapStatus } from './cap.js';
import { alertXml, checkCapSender, formatCapTime } from './cap.js';
import { xmlElement } from './xml-text.js';

/** A tier of the escalation ladder (DESIGN 5), as tier events name it. */
export type CapTier = { id: string; name: string; level: number };

export type TierCapInput = {
  /** When the tier changed (RFC 3339). */
  at: string;
  from: CapTier | null;
  to: CapTier | null;
  sender: string;
  status: CapStatus;
  /** Where the current response plan is served (an absolute URI). */
  web: string;
};

/**
 * CAP severity of the tier now in force: the ladder's levels count up from
 * 1, so level 3 and above is Extreme, 2 Severe, 1 Moderate, none Minor.
 */
export function capSeverityOfTier(tier: CapTier | null): CapSeverity {
  if (tier === null || tier.level < 1) return 'Minor';
  if (tier.level >= 3) return 'Extreme';
  return tier.level === 2 ? 'Severe' : 'Moderate';
}

const name = (tier: CapTier | null) =>
  tier === null ? 'no tier' : `tier ${tier.level} (${tier.name})`;

/**
 * The CAP 1.2 <alert> for a change of escalation tier: an escalation calls
 * for action now (Immediate), a step down for action soon (Expected). The
 * change is a decision of record, so its certainty is Observed.
 */
export function buildTierCap(input: TierCapInput): string {
  checkCapSender(input.sender);
  let atMs: number;
  try {
    atMs = Math.floor(parseRfc3339Micros(input.at) / 1000);
  } catch (error) {
    throw new CoreError('CAP_INPUT_INVALID', `tier change time ${input.at}`, {
      cause: error,
    });
  }
  const up = (input.to?.level ?? 0) > (input.from?.level ?? 0);
  const urgency: CapUrgency = up ? 'Immediate' : 'Expected';
  // §3.2.1: identifiers carry no spaces, commas, "<" or "&".
  const tierKey = (input.to?.id ?? 'none').replace(/[^A-Za-z0-9._:-]/g, '_');
  const headline = `Escalation ${up ? 'up' : 'down'}: ${name(input.from)} to ${name(input.to)}`;
  return alertXml({
    sender: input.sender,
    status: input.status,
    message: {
      identifier: `truce-tier-${atMs}-${tierKey}`,
      msgType: 'Alert',
      sent: formatCapTime(atMs),
      references: [],
    },
    info: [
      xmlElement('language', 'en'),
      xmlElement('category', 'Security'),
      xmlElement('event', 'Ceasefire escalation tier change'),
      xmlElement('urgency', urgency),
      xmlElement('severity', capSeverityOfTier(input.to)),
      xmlElement('certainty', 'Observed'),
      xmlElement('senderName', 'Truce ceasefire monitoring'),
      xmlElement('headline', headline),
      xmlElement(
        'description',
        `${headline}, at ${input.at}. The guarantor coalition's response plan for the tier now in force is at the web link.`
      ),
      xmlElement('web', input.web),
    ],
  });
}
