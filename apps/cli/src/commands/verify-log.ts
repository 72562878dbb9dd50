import { CoreError, base64Decode } from '@truce/core';
import type { TruceClient } from '@truce/protocol';
import { ClientError } from '@truce/protocol';
import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { CliError, EXIT_OK } from '../errors.js';
import { checkBaseUrl } from '../flags.js';
import { clientFor } from '../http-client.js';
import type { CliIo } from '../io.js';
import { println } from '../io.js';
import { createNodeEd25519Verify } from '../node-ed25519.js';
import type { PolicyFile } from '../policy-file.js';
import { readPolicyFile } from '../policy-file.js';
import { createProgress } from '../progress.js';
import type { ConsistencyAnswer } from '../verify/equivocation.js';
import { reportLog } from '../verify/log-report.js';
import { readStateFile, writeStateFile } from '../verify/state-file.js';
import type { VerifyLogOutcome } from '../verify/verify-log.js';
import { verifyLog } from '../verify/verify-log.js';
import { checkWitnesses } from '../verify/witness-check.js';

/** How long a witness has to answer GET /equivocations. */
const WITNESS_TIMEOUT_MS = 5000;

/** The policy is the caller's trust: it must name the log being audited. */
function requirePolicyLog(policy: PolicyFile, vkey: string): void {
  if (!policy.policy.logs.some((log) => log.vkey === vkey)) {
    throw new CliError(
      'INPUT_UNUSABLE',
      `the policy ${policy.path} has no log line for the log key ${vkey}`
    );
  }
}

function witnessGetJson(io: CliIo): (url: string) => Promise<unknown> {
  const fetchFn =
    io.fetch ?? ((u: string, init?: RequestInit) => fetch(u, init));
  return async (url) => {
    const response = await fetchFn(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(WITNESS_TIMEOUT_MS),
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new Error(`it answered ${response.status}`);
    }
    return response.json();
  };
}

/** The log's proof between two sizes: 'refused' when it answered without one. */
function proveWith(
  client: TruceClient
): (from: number, to: number) => Promise<ConsistencyAnswer> {
  return async (from, to) => {
    try {
      const { hashes } = await client.consistencyProof(from, to);
      return hashes.map(base64Decode);
    } catch (error) {
      if (error instanceof CoreError) return 'refused';
      if (!(error instanceof ClientError)) throw error;
      const down = error.code === 'NETWORK_ERROR' || (error.status ?? 0) >= 500;
      return down ? 'unknown' : 'refused';
    }
  };
}

/** `truce verify log`: audit a whole log as an outside monitor would. */
export const verifyLogCommand: Command = {
  name: 'verify log',
  summary: 'Audit a whole log: checkpoint, every tile, every entry',
  usage: usageOf(
    'verify log',
    'truce verify log URL [--state FILE] [--vkey VKEY] [--policy FILE] [--json]',
    "Fetches the signed checkpoint of the log server at URL and checks its signature,\nfetches every hash tile and entry bundle, recomputes the tree from the entries,\nand re-verifies every entry against the sensor registry rebuilt from the log.\nWith --state, the log must extend the tree verified last time, and the state is\nupdated after a pass. With --policy, the checkpoint's witness cosignatures must\nmeet the policy's quorum, and every policy witness with a URL is asked for the\nequivocations it holds against the log (an unreachable one is a warning).\nExit 0: verified; 1: the log failed (reason codes such as ROOT_MISMATCH,\nTILE_MISMATCH, SIGNATURE_INVALID, CONSISTENCY_FAILED, QUORUM_NOT_MET,\nEQUIVOCATION); 2: the log could not be checked (bad flags or files,\nunreachable URL)."
  ),
  async run(argv, io) {
    const config = parseCommandConfig('verify log', argv, io.env);
    const [url] = config.args;
    const client = clientFor(io, checkBaseUrl(url!, 'URL'));
    const state =
      config.state === undefined ? undefined : readStateFile(config.state);
    const policy =
      config.policy === undefined ? undefined : readPolicyFile(config.policy);
    const pinned = config.vkey ?? state?.vkey;
    if (policy !== undefined && pinned !== undefined) {
      requirePolicyLog(policy, pinned);
    }
    const [onlyLog, ...otherLogs] = policy?.policy.logs ?? [];
    const progress = createProgress(io.stderr, {
      label: 'verify',
      force: config.progress,
    });
    let outcome: VerifyLogOutcome;
    try {
      outcome = await verifyLog({
        source: client,
        ...(config.vkey === undefined ? {} : { vkey: config.vkey }),
        ...(state === undefined ? {} : { state }),
        ...(onlyLog === undefined || otherLogs.length > 0
          ? {}
          : { policyVkey: onlyLog.vkey }),
        concurrency: config.concurrency,
        verify: createNodeEd25519Verify(),
        onProgress: (done, total) => progress.update(done, total),
      });
    } finally {
      progress.finish();
    }
    if (outcome.keyFromServer) {
      println(
        io.stderr,
        `warning: trusting the log key the server itself serves (${outcome.vkey}).`
      );
      println(
        io.stderr,
        'Pass --vkey, or keep a --state file so later runs hold the log to this key.'
      );
    }
    if (policy !== undefined) requirePolicyLog(policy, outcome.vkey);
    const witnesses =
      policy === undefined
        ? undefined
        : await checkWitnesses({
            note: outcome.note,
            policy: policy.policy,
            logVkey: outcome.vkey,
            getJson: witnessGetJson(io),
            proveConsistency: proveWith(client),
          });
    const code = reportLog(io, {
      outcome,
      previous: state,
      witnesses,
      policyPath: config.policy,
      json: config.json,
    });
    // The state moves on only after a full pass, witnesses included.
    if (
      code === EXIT_OK &&
      outcome.next !== undefined &&
      config.state !== undefined
    ) {
      writeStateFile(config.state, outcome.next);
    }
    return code;
  },
};
