import { readFileSync } from 'node:fs';
import { EVENT_TYPES } from '@truce/protocol';
import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { CliError, EXIT_OK } from '../errors.js';
import { clientFor } from '../http-client.js';
import { println } from '../io.js';
import { formatTable } from '../table.js';

// `truce webhook add | list | remove | deliveries`: the alert subscriptions
// of docs/alerts.md, for an admin.

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

export const listWebhooksCommand: Command = {
  name: 'webhook list',
  summary: 'List webhook subscriptions',
  usage: usageOf(
    'webhook list',
    'truce webhook list --url URL [--token T] [--json]',
    'Lists the subscriptions (never their secrets). Needs an admin token.'
  ),
  async run(argv, io) {
    const config = parseCommandConfig('webhook list', argv, io.env);
    const webhooks = await clientFor(
      io,
      config.url,
      config.token
    ).listWebhooks();
    if (config.json) {
      println(io.stdout, JSON.stringify({ webhooks }, null, 2));
      return EXIT_OK;
    }
    const rows = webhooks.map((w) => [
      w.id,
      w.createdAt,
      w.types.join(','),
      w.url,
    ]);
    println(io.stdout, formatTable(['ID', 'CREATED', 'TYPES', 'URL'], rows));
    return EXIT_OK;
  },
};

export const removeWebhookCommand: Command = {
  name: 'webhook remove',
  summary: 'Unsubscribe a webhook',
  usage: usageOf(
    'webhook remove',
    'truce webhook remove --url URL [--token T] ID',
    'Removes subscription ID; its pending deliveries are cancelled. Needs an\nadmin token.'
  ),
  async run(argv, io) {
    const config = parseCommandConfig('webhook remove', argv, io.env);
    const id = config.args[0]!;
    await clientFor(io, config.url, config.token).deleteWebhook(id);
    println(io.stdout, `removed webhook ${id}`);
    return EXIT_OK;
  },
};

export const webhookDeliveriesCommand: Command = {
  name: 'webhook deliveries',
  summary: "Show a webhook's deliveries and their attempts",
  usage: usageOf(
    'webhook deliveries',
    'truce webhook deliveries --url URL [--token T] ID [--limit N] [--json]',
    'Lists the deliveries of subscription ID, newest first: the event, its state\n(pending, delivered, failed, cancelled), how many attempts and the last\nanswer. Needs an admin token.'
  ),
  async run(argv, io) {
    const config = parseCommandConfig('webhook deliveries', argv, io.env);
    const deliveries = await clientFor(
      io,
      config.url,
      config.token
    ).webhookDeliveries(config.args[0]!, config.limit);
    if (config.json) {
      println(io.stdout, JSON.stringify({ deliveries }, null, 2));
      return EXIT_OK;
    }
    const rows = deliveries.map((d) => {
      const last = d.attempts.at(-1);
      const answer =
        last === undefined
          ? '-'
          : (last.status?.toString() ?? last.error ?? '-');
      return [
        d.id,
        d.createdAt,
        d.eventType,
        String(d.eventId),
        d.state,
        String(d.attempts.length),
        answer,
        d.nextAttemptAt ?? '-',
      ];
    });
    println(
      io.stdout,
      formatTable(
        [
          'ID',
          'CREATED',
          'EVENT',
          'EVENT ID',
          'STATE',
          'ATTEMPTS',
          'LAST',
          'NEXT',
        ],
        rows
      )
    );
    return EXIT_OK;
  },
};
