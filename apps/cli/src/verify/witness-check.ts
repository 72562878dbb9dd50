import type { Issue, WitnessPolicy } from '@truce/core';
import {
  CoreError,
  groupThreshold,
  noteVerifierFromKey,
  verifyCosignedCheckpoint,
} from '@truce/core';
import type { ConsistencyAnswer, EquivocationClaim } from './equivocation.js';
import { judgeEquivocation } from './equivocation.js';

/** Why the witness part of `verify log --policy` fails the log. */
export type WitnessIssueCode =
  'QUORUM_NOT_MET' | 'COSIGNATURE_INVALID' | 'EQUIVOCATION';

/** What it reports without failing: the quorum may hold without these. */
export type WitnessWarningCode =
  'WITNESS_UNREACHABLE' | 'EQUIVOCATION_UNPROVEN';

/** One policy witness, as this run saw it. */
export type WitnessView = {
  name: string;
  url?: string;
  /** When it cosigned the audited checkpoint, POSIX seconds. */
  cosignedAt?: number;
  /** Claims it holds against this log; absent when not asked or unreachable. */
  equivocations?: number;
};

export type WitnessReport = {
  quorum: string;
  quorumMet: boolean;
  witnesses: WitnessView[];
  issues: Issue<WitnessIssueCode>[];
  warnings: Issue<WitnessWarningCode>[];
};

export type CheckWitnessesInput = {
  /** The audited checkpoint note, with its cosignatures. */
  note: string;
  policy: WitnessPolicy;
  logVkey: string;
  /** GETs a witness's JSON; throws when it cannot. */
  getJson: (url: string) => Promise<unknown>;
  proveConsistency: (from: number, to: number) => Promise<ConsistencyAnswer>;
};

/** Most claims judged per witness: each may cost a request to the log. */
const MAX_CLAIMS_PER_WITNESS = 32;

type Found = {
  issues: Issue<WitnessIssueCode>[];
  warnings: Issue<WitnessWarningCode>[];
};

function requirement(policy: WitnessPolicy): string {
  const group = policy.groups.find((g) => g.name === policy.quorum);
  if (group === undefined) return `witness ${policy.quorum} must cosign`;
  return `group ${group.name} needs ${groupThreshold(group)} of ${group.members.join(', ')}`;
}

function checkCosignatures(
  input: CheckWitnessesInput,
  found: Found
): { met: boolean; cosignedAt: Map<string, number> } {
  const cosignedAt = new Map<string, number>();
  try {
    const verified = verifyCosignedCheckpoint({
      note: input.note,
      policy: input.policy,
      logVkey: input.logVkey,
    });
    for (const c of verified.cosigners) cosignedAt.set(c.name, c.timestamp);
    if (!verified.quorumMet) {
      const names = [...cosignedAt.keys()];
      found.issues.push({
        code: 'QUORUM_NOT_MET',
        path: ['checkpoint'],
        message: `cosigned by ${names.length === 0 ? 'no policy witness' : names.join(', ')}; quorum ${input.policy.quorum}: ${requirement(input.policy)}`,
      });
    }
    return { met: verified.quorumMet, cosignedAt };
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    // A bad log signature is the audit's to report; a policy witness's
    // bad cosignature spoils the whole note (C2SP signed-note).
    if (error.code === 'WITNESS_COSIGNATURE_INVALID') {
      found.issues.push({
        code: 'COSIGNATURE_INVALID',
        path: ['checkpoint'],
        message: error.message,
      });
    }
    return { met: false, cosignedAt };
  }
}

function claimsOf(body: unknown, origin: string): EquivocationClaim[] {
  if (!Array.isArray(body)) throw new Error('GET /equivocations is not a list');
  return body.flatMap((item: unknown) => {
    const { origin: o, kind, notes } = (item ?? {}) as Record<string, unknown>;
    const valid =
      o === origin &&
      Array.isArray(notes) &&
      notes.length === 2 &&
      notes.every((n) => typeof n === 'string');
    return valid
      ? [
          {
            origin,
            kind: String(kind),
            notes: [notes[0] as string, notes[1] as string] as const,
          },
        ]
      : [];
  });
}

async function askWitness(
  input: CheckWitnessesInput,
  witness: { name: string; url: string },
  found: Found
): Promise<number | undefined> {
  const origin = noteVerifierFromKey(input.logVkey).name;
  const path = ['witnesses', witness.name];
  let claims: EquivocationClaim[];
  try {
    const url = new URL('equivocations', withSlash(witness.url)).href;
    claims = claimsOf(await input.getJson(url), origin);
  } catch (error) {
    found.warnings.push({
      code: 'WITNESS_UNREACHABLE',
      path,
      message: `cannot read ${witness.url} equivocations: ${reasonOf(error)}`,
    });
    return undefined;
  }
  const verifier = noteVerifierFromKey(input.logVkey);
  for (const [i, claim] of claims.slice(0, MAX_CLAIMS_PER_WITNESS).entries()) {
    const verdict = await judgeEquivocation(
      claim,
      verifier,
      input.proveConsistency
    );
    if (verdict.proven) {
      found.issues.push({
        code: 'EQUIVOCATION',
        path: [...path, 'equivocations', i],
        message: `witness ${witness.name} holds two checkpoints of sizes ${verdict.sizes[0]} and ${verdict.sizes[1]} signed by the log key: ${verdict.reason}`,
      });
    } else {
      found.warnings.push({
        code: 'EQUIVOCATION_UNPROVEN',
        path: [...path, 'equivocations', i],
        message: `witness ${witness.name} holds a ${claim.kind} claim that does not prove a fork: ${verdict.reason}`,
      });
    }
  }
  return claims.length;
}

/**
 * Checks the audited checkpoint against a witness policy: its policy
 * witnesses' cosignatures and the quorum, then asks every policy witness
 * with a URL for the evidence it holds against this log and re-checks
 * each claim. An unreachable witness is a warning: the quorum decides.
 */
export async function checkWitnesses(
  input: CheckWitnessesInput
): Promise<WitnessReport> {
  const found: Found = { issues: [], warnings: [] };
  const { met, cosignedAt } = checkCosignatures(input, found);
  // Witnesses are asked at once; their findings are kept in policy order.
  const asked = await Promise.all(
    input.policy.witnesses.map(async (w) => {
      const own: Found = { issues: [], warnings: [] };
      const at = cosignedAt.get(w.name);
      const view: WitnessView = {
        name: w.name,
        ...(w.url === undefined ? {} : { url: w.url }),
        ...(at === undefined ? {} : { cosignedAt: at }),
      };
      if (w.url === undefined) return { view, own };
      const count = await askWitness(input, { name: w.name, url: w.url }, own);
      return {
        view: count === undefined ? view : { ...view, equivocations: count },
        own,
      };
    })
  );
  for (const { own } of asked) {
    found.issues.push(...own.issues);
    found.warnings.push(...own.warnings);
  }
  const witnesses = asked.map(({ view }) => view);
  return {
    quorum: input.policy.quorum,
    quorumMet: met,
    witnesses,
    issues: found.issues,
    warnings: found.warnings,
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** The innermost reason of a failed request, e.g. ECONNREFUSED. */
function reasonOf(error: unknown): string {
  let cause: unknown = error;
  let reason = String(error);
  for (let depth = 0; cause instanceof Error && depth < 5; depth++) {
    reason = (cause as NodeJS.ErrnoException).code ?? cause.message;
    cause = cause.cause;
  }
  return reason;
}
