import { base64Encode } from '@truce/core';
import type { Command } from '../command.js';
import type { CommandConfig } from '../config.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { EXIT_FAILED, EXIT_OK } from '../errors.js';
import { checkBaseUrl } from '../flags.js';
import { clientFor } from '../http-client.js';
import type { CliIo } from '../io.js';
import { println } from '../io.js';
import { createNodeEd25519Verify } from '../node-ed25519.js';
import { createProgress } from '../progress.js';
import { readStateFile, writeStateFile } from '../verify/state-file.js';
import type { VerifyState } from '../verify/state-file.js';
import type { VerifyLogOutcome } from '../verify/verify-log.js';
import { verifyLog } from '../verify/verify-log.js';

function report(
  io: CliIo,
  config: CommandConfig<'verify log'>,
  outcome: VerifyLogOutcome,
  previous: VerifyState | undefined
): number {
  const { result } = outcome;
  if (config.json) {
    const body = result.ok
      ? {
          ok: true,
          origin: result.value.checkpoint.origin,
          size: result.value.checkpoint.size,
          rootHash: base64Encode(result.value.checkpoint.rootHash),
          entries: result.value.entries,
          registryEntries: result.value.registryEntries,
          observations: result.value.observations,
          previousSize: previous?.size ?? null,
          keyFromServer: outcome.keyFromServer,
        }
      : { ok: false, issues: result.issues };
    println(io.stdout, JSON.stringify(body, null, 2));
    return result.ok ? EXIT_OK : EXIT_FAILED;
  }
  if (!result.ok) {
    for (const issue of result.issues) {
      println(
        io.stdout,
        `FAIL ${issue.code} ${issue.path.join('/')}: ${issue.message}`
      );
    }
    println(
      io.stderr,
      `the log failed verification (${result.issues.length} issue(s))`
    );
    return EXIT_FAILED;
  }
  const { checkpoint, entries, registryEntries, observations } = result.value;
  println(io.stdout, `OK log ${checkpoint.origin} at size ${checkpoint.size}`);
  println(io.stdout, `  root hash     ${base64Encode(checkpoint.rootHash)}`);
  println(
    io.stdout,
    `  entries       ${entries} (${registryEntries} registry, ${observations} observations), each re-verified`
  );
  println(
    io.stdout,
    '  hash tiles    every one matches the tree recomputed from the entries'
  );
  if (previous !== undefined) {
    println(
      io.stdout,
      `  consistency   extends the tree of size ${previous.size} verified before`
    );
  }
  return EXIT_OK;
}

/** `truce verify log`: audit a whole log as an outside monitor would. */
export const verifyLogCommand: Command = {
  name: 'verify log',
  summary: 'Audit a whole log: checkpoint, every tile, every entry',
  usage: usageOf(
    'verify log',
    'truce verify log URL [--state FILE] [--vkey VKEY] [--json]',
    'Fetches the signed checkpoint of the log server at URL and checks its signature,\nfetches every hash tile and entry bundle, recomputes the tree from the entries,\nand re-verifies every entry against the sensor registry rebuilt from the log.\nWith --state, the log must extend the tree verified last time, and the state is\nupdated after a pass. Exit 0: verified; 1: the log failed (reason codes such as\nROOT_MISMATCH, TILE_MISMATCH, SIGNATURE_INVALID, CONSISTENCY_FAILED); 2: the log\ncould not be checked (bad flags, unreachable URL).'
  ),
  async run(argv, io) {
    const config = parseCommandConfig('verify log', argv, io.env);
    const [url] = config.args;
    const client = clientFor(io, checkBaseUrl(url!, 'URL'));
    const state =
      config.state === undefined ? undefined : readStateFile(config.state);
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
    const code = report(io, config, outcome, state);
    if (outcome.next !== undefined && config.state !== undefined) {
      writeStateFile(config.state, outcome.next);
    }
    return code;
  },
};
