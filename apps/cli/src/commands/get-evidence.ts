import { setTimeout as sleep } from 'node:timers/promises';
import { readEntryEvidence, readFindingEvidence } from '@truce/core';
import { ClientError } from '@truce/protocol';
import type { Command } from '../command.js';
import { parseCommandConfig, parseIndexArg, usageOf } from '../config.js';
import { CliError, EXIT_OK } from '../errors.js';
import { checkBaseUrl } from '../flags.js';
import type { CliIo } from '../io.js';
import { println } from '../io.js';
import { writeFileAtomic } from '../key-file.js';

/** The server's `{ code, message }` error body, or the bare status. */
async function refusal(response: Response): Promise<string> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const { code, message } = (body ?? {}) as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string'
    ? `the server said ${code}: ${message}`
    : `the server answered ${response.status}`;
}

function retryAfterMs(response: Response): number {
  const header = response.headers.get('retry-after') ?? '';
  return /^[0-9]{1,4}$/.test(header) ? Number(header) * 1000 : 1000;
}

/**
 * Asks for the evidence file until it comes or `waitMs` has passed: the
 * server answers 503 while no checkpoint covering the entry is cosigned
 * to its policy's quorum.
 */
async function fetchEvidence(
  io: CliIo,
  url: string,
  waitMs: number
): Promise<string> {
  const fetchFn =
    io.fetch ?? ((u: string, init?: RequestInit) => fetch(u, init));
  const deadline = io.now() + waitMs;
  for (;;) {
    let response: Response;
    try {
      response = await fetchFn(url);
    } catch (error) {
      throw new ClientError('NETWORK_ERROR', `cannot reach ${url}`, {
        cause: error,
      });
    }
    if (response.status === 200) return response.text();
    const left = deadline - io.now();
    if (response.status === 503 && left <= 0) {
      await response.body?.cancel();
      throw new CliError(
        'FAILED',
        `no checkpoint covering the entry is cosigned to the log's witness quorum yet (503 after ${Math.round(waitMs / 1000)} s; see --wait)`
      );
    }
    if (response.status !== 503) {
      throw new CliError('FAILED', await refusal(response));
    }
    await response.body?.cancel();
    await sleep(Math.min(retryAfterMs(response), left));
  }
}

// A finding id is 64 lower-case hex digits (DESIGN 4.5); an entry index is
// decimal, so one argument names either without a flag.
const FINDING_ID = /^[0-9a-f]{64}$/;

/**
 * Checks the server's file for an entry or a finding before it is kept,
 * and says what it holds.
 */
function describeEvidence(text: string, finding: boolean): string {
  const read = finding ? readFindingEvidence(text) : readEntryEvidence(text);
  if (!read.ok) {
    const codes = [...new Set(read.issues.map((i) => i.code))].join(', ');
    throw new CliError(
      'FAILED',
      `the server answered with no usable evidence file (${codes})`
    );
  }
  const file = read.value;
  const [what, { proof }] =
    file.kind === 'finding'
      ? ['finding entry', file.finding]
      : ['entry', file.entry];
  return `${what} ${proof.index} (checkpoint size ${proof.size})`;
}

/** `truce evidence get`: download an entry's or a finding's evidence file. */
export const getEvidenceCommand: Command = {
  name: 'evidence get',
  summary: "Download an entry's or a finding's evidence file",
  usage: usageOf(
    'evidence get',
    'truce evidence get URL (INDEX | FINDING_ID) --out FILE [--wait S]',
    "Fetches /v1/entries/INDEX/evidence, or /v1/findings/FINDING_ID/evidence for a\n64-hex finding id, from the log server at URL and writes it to FILE as served.\nThe server has one only once a checkpoint covering it is cosigned to its\npolicy's quorum (503 before); --wait keeps asking that long. Check the file\nwith truce verify evidence. Exit 1: no evidence (yet), or no such entry or\nfinding; 2: bad arguments or an unreachable server."
  ),
  async run(argv, io) {
    const config = parseCommandConfig('evidence get', argv, io.env);
    const base = checkBaseUrl(config.args[0]!, 'URL');
    const target = config.args[1]!;
    const finding = FINDING_ID.test(target);
    const path = finding
      ? `findings/${target}`
      : `entries/${parseIndexArg(target, 'INDEX')}`;
    const text = await fetchEvidence(
      io,
      `${base}/v1/${path}/evidence`,
      config.wait * 1000
    );
    const what = describeEvidence(text, finding);
    writeFileAtomic(config.out, text, { replace: true, mode: 0o644 });
    println(io.stdout, `wrote the evidence for ${what} to ${config.out}`);
    return EXIT_OK;
  },
};
