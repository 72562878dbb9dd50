import type { Issue } from '@truce/core';
import { base64Encode } from '@truce/core';
import { EXIT_FAILED, EXIT_OK } from '../errors.js';
import type { CliIo } from '../io.js';
import { println } from '../io.js';
import { formatIssue } from '../issue-line.js';
import type { VerifyState } from './state-file.js';
import type { VerifyLogOutcome } from './verify-log.js';
import type { WitnessReport } from './witness-check.js';

export type LogReportInput = {
  outcome: VerifyLogOutcome;
  previous: VerifyState | undefined;
  /** The witness part, with --policy. */
  witnesses?: WitnessReport | undefined;
  policyPath?: string | undefined;
  json: boolean;
};

function isoOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function jsonBody(input: LogReportInput, issues: Issue[]): unknown {
  const { result, keyFromServer } = input.outcome;
  const audit = result.ok
    ? {
        origin: result.value.checkpoint.origin,
        size: result.value.checkpoint.size,
        rootHash: base64Encode(result.value.checkpoint.rootHash),
        entries: result.value.entries,
        registryEntries: result.value.registryEntries,
        observations: result.value.observations,
        previousSize: input.previous?.size ?? null,
        keyFromServer,
      }
    : {};
  return {
    ok: issues.length === 0,
    ...audit,
    ...(issues.length === 0 ? {} : { issues }),
    ...(input.witnesses === undefined
      ? {}
      : {
          witnesses: {
            quorum: input.witnesses.quorum,
            quorumMet: input.witnesses.quorumMet,
            witnesses: input.witnesses.witnesses,
            warnings: input.witnesses.warnings,
          },
        }),
  };
}

function printAudit(io: CliIo, input: LogReportInput): void {
  const { result } = input.outcome;
  if (!result.ok) return;
  const { checkpoint, entries, registryEntries, observations } = result.value;
  const out = (line: string) => println(io.stdout, line);
  out(`OK log ${checkpoint.origin} at size ${checkpoint.size}`);
  out(`  root hash     ${base64Encode(checkpoint.rootHash)}`);
  out(
    `  entries       ${entries} (${registryEntries} registry, ${observations} observations), each re-verified`
  );
  out('  hash tiles    every one matches the tree recomputed from the entries');
  if (input.previous !== undefined) {
    out(
      `  consistency   extends the tree of size ${input.previous.size} verified before`
    );
  }
}

function printWitnesses(
  io: CliIo,
  report: WitnessReport,
  policyPath: string | undefined
): void {
  const out = (line: string) => println(io.stdout, line);
  out(
    `  witnesses     quorum ${report.quorum} ${report.quorumMet ? 'met' : 'NOT met'} (policy ${policyPath ?? ''})`
  );
  const width = Math.max(12, ...report.witnesses.map((w) => w.name.length));
  for (const w of report.witnesses) {
    const cosigned =
      w.cosignedAt === undefined
        ? 'did not cosign this checkpoint'
        : `cosigned at ${isoOf(w.cosignedAt)}`;
    const held =
      w.url === undefined
        ? 'no URL in the policy, not asked'
        : w.equivocations === undefined
          ? 'unreachable'
          : `${w.equivocations} equivocation(s) held`;
    out(`    ${w.name.padEnd(width)}  ${cosigned}; ${held}`);
  }
}

/** Prints the outcome of `verify log` and returns its exit status. */
export function reportLog(io: CliIo, input: LogReportInput): number {
  const { result } = input.outcome;
  const issues: Issue[] = [
    ...(result.ok ? [] : result.issues),
    ...(input.witnesses?.issues ?? []),
  ];
  for (const warning of input.witnesses?.warnings ?? []) {
    println(io.stderr, formatIssue(warning, 'warning:'));
  }
  if (input.json) {
    println(io.stdout, JSON.stringify(jsonBody(input, issues), null, 2));
  } else {
    printAudit(io, input);
    if (input.witnesses !== undefined) {
      printWitnesses(io, input.witnesses, input.policyPath);
    }
    for (const issue of issues) println(io.stdout, formatIssue(issue));
  }
  if (issues.length === 0) return EXIT_OK;
  if (!input.json) {
    println(
      io.stderr,
      `the log failed verification (${issues.length} issue(s))`
    );
  }
  return EXIT_FAILED;
}
