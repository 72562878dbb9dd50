import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { EXIT_OK } from '../errors.js';
import { clientFor } from '../http-client.js';
import { println } from '../io.js';
import { formatTable } from '../table.js';

/** `truce webhook list`: the subscriptions, never their secrets. */
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
