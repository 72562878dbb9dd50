import { readFileSync } from 'node:fs';
import type { EvidenceReport, EvidenceSummary } from '@truce/core';
import { verifyEvidence } from '@truce/core';
import type { Command } from '../command.js';
import type { CommandConfig } from '../config.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../errors.js';
import type { CliIo } from '../io.js';
import { println } from '../io.js';
import { formatIssue } from '../issue-line.js';
import { readTextFile } from '../policy-file.js';

function readBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliError('INPUT_UNUSABLE', `cannot read ${path}: ${code}`, {
      cause: error,
    });
  }
}

function describeEntry(summary: EvidenceSummary): string {
  const { value, observation } = summary.entry;
  if (observation !== undefined) {
    return `observation ${observation.sensor} seq ${observation.seq}, ${observation.kind} at ${observation.time}`;
  }
  return `${value.type}${summary.sensor === undefined ? '' : ` ${summary.sensor.id}`}`;
}

/** The lines about a finding: what it claims and what recomputing it gave. */
function findingLines(summary: EvidenceSummary): string[] {
  const f = summary.finding;
  if (f === undefined) return [];
  const r = f.recomputed;
  const party = (p: string | null, probability: number) =>
    p === null ? 'no party' : `party ${p} (${probability})`;
  return [
    `  finding       ${f.rule} (${f.kind}) at ${f.position.join(', ')}, ${party(f.party, f.probability)}`,
    `  sources       ${f.sources.length} entries, each in that tree with its sensor's key verified; ${f.context.length} weather entries of context`,
    `  agreement     ${f.agreement.id} v${f.agreement.version} (entry ${f.agreement.index}); ${f.engine.rules}, ${f.engine.fusion}`,
    `  recomputed    same rule and sources, ${r.distanceM.toFixed(1)} m away (${r.ellipseFraction.toFixed(2)} of its 95 % ellipse), ${party(r.party, r.probability)}`,
  ];
}

function printSummary(
  io: CliIo,
  config: CommandConfig<'verify evidence'>,
  summary: EvidenceSummary
): void {
  const { log, entry, sensor, trusted } = summary;
  const out = (line: string) => println(io.stdout, line);
  out(`OK evidence for ${summary.kind} ${entry.index} of log ${log.origin}`);
  out(
    `  log key       ${log.vkey} (${trusted.logKey ? 'one of --trust' : "the file's own"})`
  );
  out(
    `  checkpoint    size ${log.size}, root ${log.rootHash}, signed by the log key`
  );
  const cosigners =
    summary.cosigners.length === 0 ? 'none' : summary.cosigners.join(', ');
  out(
    `  witnesses     quorum ${summary.quorum} met; cosigned by ${cosigners} (${trusted.policy ? `policy ${config.policy}` : "the file's own policy"})`
  );
  const registry = sensor?.registryIndexes.length ?? 0;
  out(
    `  inclusion     the entry${registry === 0 ? ' is' : ` and its sensor's ${registry} registry entry(ies) are`} in that tree`
  );
  if (summary.finding !== undefined) {
    for (const line of findingLines(summary)) out(line);
  } else {
    out(`  entry         ${describeEntry(summary)}`);
  }
  if (sensor !== undefined) {
    out(
      `  sensor        ${sensor.id}, registry entries at ${sensor.registryIndexes.join(', ')}; key in effect verified`
    );
  }
  if (!trusted.logKey || !trusted.policy) {
    println(
      io.stderr,
      "warning: checked against the file's own log key or policy; anyone can make a\nself-consistent file with keys of their own. Pass --trust VKEY and --policy FILE."
    );
  }
}

function report(
  io: CliIo,
  config: CommandConfig<'verify evidence'>,
  result: EvidenceReport
): number {
  const code = result.ok ? EXIT_OK : result.unusable ? EXIT_USAGE : EXIT_FAILED;
  if (config.json) {
    println(io.stdout, JSON.stringify(result, null, 2));
    return code;
  }
  if (result.ok) {
    printSummary(io, config, result.summary);
    return code;
  }
  for (const issue of result.issues) println(io.stdout, formatIssue(issue));
  println(
    io.stderr,
    result.unusable
      ? `the evidence file could not be checked (${result.issues.length} issue(s))`
      : `the evidence file failed verification (${result.issues.length} issue(s))`
  );
  return code;
}

/** `truce verify evidence`: check one entry's evidence file offline. */
export const verifyEvidenceCommand: Command = {
  name: 'verify evidence',
  summary: "Check an entry's or a finding's evidence file offline",
  usage: usageOf(
    'verify evidence',
    'truce verify evidence FILE [--policy FILE] [--trust VKEY ...] [--json]',
    "Checks an evidence file (truce-evidence/v1) with no network: the log key (one\nof --trust), the log's signature on the checkpoint, the witness cosignatures\nagainst the quorum of --policy (else the file's own policy), the inclusion\nproofs, the sensor's registry history and the observation's signature. A\nfinding's file gets those checks for every entry it rests on, and the finding\nis recomputed by fusion and the rules and compared (rule, location, party).\nEvery problem is printed as FAIL <CODE> <path>: <message>. Exit 0: valid; 1:\ninvalid (QUORUM_NOT_MET, INCLUSION_PROOF_INVALID, FINDING_LOCATION_MISMATCH,\n...); 2: the file or the options could not be used (not JSON, truncated,\nanother format or engine version)."
  ),
  async run(argv, io) {
    const config = parseCommandConfig('verify evidence', argv, io.env);
    const bytes = readBytes(config.args[0]!);
    const policy =
      config.policy === undefined
        ? undefined
        : readTextFile(config.policy, 'policy file');
    const result = verifyEvidence(bytes, {
      ...(policy === undefined ? {} : { policy }),
      ...(config.trust.length === 0 ? {} : { trust: config.trust }),
    });
    return report(io, config, result);
  },
};
