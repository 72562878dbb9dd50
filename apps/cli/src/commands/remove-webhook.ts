import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { EXIT_OK } from '../errors.js';
import { clientFor } from '../http-client.js';
import { println } from '../io.js';

/** `truce webhook remove`: unsubscribes; pending deliveries are cancelled. */
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
