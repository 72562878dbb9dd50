import { PolicyError, parseWitnessPolicy } from './policy.js';
import type { WitnessPolicy } from './policy.js';

function optionalUrl(url: string | undefined): string {
  return url === undefined ? '' : ` ${url}`;
}

/**
 * Writes a policy as tlog-policy text (logs, witnesses, groups, quorum),
 * and checks it by parsing it back, so only a valid policy is written.
 */
export function formatWitnessPolicy(policy: WitnessPolicy): string {
  const lines = [
    ...policy.logs.map((log) => `log ${log.vkey}${optionalUrl(log.url)}`),
    ...policy.witnesses.map(
      (w) => `witness ${w.name} ${w.vkey}${optionalUrl(w.url)}`
    ),
    ...policy.groups.map(
      (g) => `group ${g.name} ${String(g.threshold)} ${g.members.join(' ')}`
    ),
    `quorum ${policy.quorum}`,
  ];
  const text = lines.map((line) => `${line}\n`).join('');
  const parsed = parseWitnessPolicy(text);
  // A field with whitespace in it would re-parse as other fields.
  if (JSON.stringify(parsed) !== JSON.stringify(policyShape(policy))) {
    throw new PolicyError(0, 'policy fields do not survive formatting');
  }
  return text;
}

// The key order parseWitnessPolicy produces, for the comparison above.
function policyShape(policy: WitnessPolicy): WitnessPolicy {
  return {
    logs: policy.logs.map((l) => ({
      vkey: l.vkey,
      origin: l.origin,
      ...(l.url === undefined ? {} : { url: l.url }),
    })),
    witnesses: policy.witnesses.map((w) => ({
      name: w.name,
      vkey: w.vkey,
      ...(w.url === undefined ? {} : { url: w.url }),
    })),
    groups: policy.groups.map((g) => ({
      name: g.name,
      threshold: g.threshold,
      members: [...g.members],
    })),
    quorum: policy.quorum,
  };
}
