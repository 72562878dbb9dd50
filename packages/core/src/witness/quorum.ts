import { POLICY_QUORUM_NONE, groupThreshold } from './policy.js';
import type { WitnessPolicy } from './policy.js';

/** Whether a set of cosigners meets a policy's quorum, and why. */
export type QuorumResult = {
  met: boolean;
  /** Witnesses and groups that are satisfied, in policy order. */
  satisfied: string[];
  /** Names given that are no witness of the policy; they count for nothing. */
  unknown: string[];
};

/**
 * Evaluates the quorum for the witnesses (policy names) whose cosignatures
 * verified: a group is satisfied when at least k of its members are
 * (c2sp.org/tlog-policy "Defining a witness group").
 *
 * @example
 * evaluateQuorum(policy, new Set(['X1', 'Y2'])).met
 */
export function evaluateQuorum(
  policy: WitnessPolicy,
  cosignerNames: ReadonlySet<string>
): QuorumResult {
  const witnesses = new Set(policy.witnesses.map((w) => w.name));
  const satisfied = new Set<string>();
  for (const witness of policy.witnesses) {
    if (cosignerNames.has(witness.name)) satisfied.add(witness.name);
  }
  // Only witnesses cosign: a group name passed in is unknown, and a group
  // is decided by its members alone. Groups refer only to earlier names,
  // so one pass in order settles nested groups.
  for (const group of policy.groups) {
    const count = group.members.filter((m) => satisfied.has(m)).length;
    // A hand-built policy may carry k < 1; it must not pass vacuously.
    const k = Math.max(1, groupThreshold(group));
    if (count >= k) satisfied.add(group.name);
  }
  const unknown = [...cosignerNames].filter((name) => !witnesses.has(name));
  return {
    met: policy.quorum === POLICY_QUORUM_NONE || satisfied.has(policy.quorum),
    satisfied: [
      ...policy.witnesses.map((w) => w.name),
      ...policy.groups.map((g) => g.name),
    ].filter((name) => satisfied.has(name)),
    unknown,
  };
}
