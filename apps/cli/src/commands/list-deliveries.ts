import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { EXIT_OK } from '../errors.js';
import { clientFor } from '../http-client.js';
import { println } from '../io.js';
import { formatTable } from '../table.js';

/** `truce webhook deliveries`: a subscription's deliveries and attempts. */
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
