import { readFileSync } from 'node:fs';
import { EVENT_TYPES } from '@truce/protocol';
import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { CliError, EXIT_OK } from '../errors.js';
import { clientFor } from '../http-client.js';
import { println } from '../io.js';

/** The secret in `path`, without the line end an editor or echo leaves. */
function readSecret(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliError('INPUT_UNUSABLE', `cannot read ${path}: ${code}`, {
      cause: error,
    });
  }
  const secret = text.replace(/\r?\n$/, '');
  if (secret.length < 16 || secret.length > 256 || /[\r\n]/.test(secret)) {
    throw new CliError(
      'INPUT_UNUSABLE',
      `${path}: the secret must be one line of 16 to 256 characters (e.g. openssl rand -base64 32)`
    );
  }
  return secret;
}

/** `truce webhook add`: a signed webhook subscription (docs/alerts.md). */
export const addWebhookCommand: Command = {
  name: 'webhook add',
  summary: 'Subscribe a receiver to events (signed webhooks)',
  usage: usageOf(
    'webhook add',
    'truce webhook add --url URL [--token T] --endpoint URL --secret-file FILE\n       [--types finding,tier,...]',
    'Subscribes the receiver at --endpoint to the events named (all by default):\neach is POSTed to it, signed with the secret in FILE (docs/alerts.md).\nPrints the subscription id on stdout. Needs an admin token.'
  ),
  async run(argv, io) {
    const config = parseCommandConfig('webhook add', argv, io.env);
    const secret = readSecret(config.secretFile);
    const named = [...new Set(config.types.flat())];
    const types = named.length === 0 ? [...EVENT_TYPES] : named;
    const client = clientFor(io, config.url, config.token);
    const view = await client.createWebhook({
      url: config.endpoint,
      secret,
      types,
    });
    println(
      io.stderr,
      `webhook ${view.id} sends ${view.types.join(', ')} to ${view.url}`
    );
    println(io.stdout, view.id);
    return EXIT_OK;
  },
};
