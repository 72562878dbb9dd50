import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EnvelopeResult, TruceClient } from '@truce/protocol';
import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { CliError, EXIT_FAILED, EXIT_OK } from '../errors.js';
import { clientFor } from '../http-client.js';
import { println } from '../io.js';
import { readSignerKeyFile } from '../key-file.js';
import { envelopeFromLine } from '../observation-line.js';
import { createProgress } from '../progress.js';
import { openResultsFile } from '../results-file.js';

/** One input line's fate, as the results file records it. */
export type LineResult = { line: number } & (
  | { status: 'accepted'; index: number }
  | { status: 'rejected'; code: string; message: string }
);

/**
 * Sends envelopes in one request; those refused only for their sensor's
 * rate limit are sent again after the server's Retry-After. The server
 * takes a sensor's tokens in order, so resending keeps each sensor's seqs
 * in order.
 */
async function sendBatch(
  client: TruceClient,
  envelopes: readonly unknown[],
  retries: number
): Promise<EnvelopeResult[]> {
  const results: EnvelopeResult[] = [];
  let pending = envelopes.map((_, i) => i);
  for (let attempt = 0; ; attempt++) {
    const outcome = await client.submitObservations(
      pending.map((i) => envelopes[i])
    );
    if (outcome.results.length !== pending.length) {
      throw new CliError(
        'FAILED',
        `the server answered ${outcome.results.length} results for ${pending.length} envelopes`
      );
    }
    const again: number[] = [];
    outcome.results.forEach((result, k) => {
      const i = pending[k]!;
      const limited =
        result.status === 'rejected' && result.code === 'RATE_LIMITED';
      if (limited && attempt < retries) again.push(i);
      else results[i] = result;
    });
    if (again.length === 0) return results;
    pending = again;
    await sleep((outcome.retryAfterSeconds ?? 1) * 1000);
  }
}

/** `truce submit`: sign JSONL observations with a sensor key and send them. */
export const submitObservationsCommand: Command = {
  name: 'submit',
  summary: 'Sign and send observations from a JSONL file',
  usage: usageOf(
    'submit',
    'truce submit --url URL --key SENSOR_KEY_FILE [--batch N] [--start-seq N] [--results FILE] FILE.jsonl',
    'Each line of FILE.jsonl is an observation payload (DESIGN 4.1), signed here as a\nDSSE envelope with the sensor key ("sensor" defaults to the key\'s name; "seq"\nmust be present or come from --start-seq), or an envelope already signed, sent\nas it is. Prints accepted and rejected counts by code; exits 1 if any line was\nrejected.'
  ),
  async run(argv, io) {
    const config = parseCommandConfig('submit', argv, io.env);
    const file = config.args[0]!;
    const key = readSignerKeyFile(config.key);
    let size: number;
    try {
      size = statSync(file).size;
    } catch (error) {
      throw new CliError('INPUT_UNUSABLE', `cannot read ${file}`, {
        cause: error,
      });
    }
    const client = clientFor(io, config.url);
    const results =
      config.results === undefined
        ? undefined
        : openResultsFile(config.results);
    const progress = createProgress(io.stderr, {
      label: 'submit',
      force: config.progress,
    });
    let seq = config.startSeq;
    const nextSeq = () => (seq === undefined ? undefined : seq++);
    const byCode = new Map<string, number>();
    let accepted = 0;
    let bytesRead = 0;

    // Lines in input order, each with its envelope or its local rejection.
    let pending: (LineResult | { line: number; envelope: unknown })[] = [];
    let envelopes = 0;
    const record = (result: LineResult) => {
      if (result.status === 'accepted') accepted++;
      else byCode.set(result.code, (byCode.get(result.code) ?? 0) + 1);
      results?.write(result);
    };
    const flush = async () => {
      const sendable = pending.filter((p) => 'envelope' in p);
      const answers = await sendBatch(
        client,
        sendable.map((p) => p.envelope),
        config.retries
      );
      let k = 0;
      for (const item of pending) {
        record(
          'envelope' in item ? { line: item.line, ...answers[k++]! } : item
        );
      }
      pending = [];
      envelopes = 0;
      progress.update(bytesRead, size);
    };

    try {
      const lines = createInterface({
        input: createReadStream(file),
        crlfDelay: Infinity,
      });
      let lineNo = 0;
      for await (const line of lines) {
        lineNo++;
        bytesRead += Buffer.byteLength(line) + 1;
        if (line.trim() === '') continue;
        const outcome = envelopeFromLine(line, key, nextSeq);
        if (outcome.ok) {
          pending.push({ line: lineNo, envelope: outcome.envelope });
          if (++envelopes === config.batch) await flush();
        } else {
          pending.push({
            line: lineNo,
            status: 'rejected',
            code: outcome.code,
            message: outcome.message,
          });
        }
      }
      await flush();
    } finally {
      progress.finish();
      results?.close();
    }

    const rejected = [...byCode.values()].reduce((a, b) => a + b, 0);
    println(
      io.stdout,
      `${accepted + rejected} observations: ${accepted} accepted, ${rejected} rejected`
    );
    for (const [code, count] of [...byCode].sort())
      println(io.stdout, `  ${code}  ${count}`);
    if (config.results !== undefined)
      println(io.stdout, `results written to ${config.results}`);
    return rejected > 0 ? EXIT_FAILED : EXIT_OK;
  },
};
