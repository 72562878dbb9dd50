import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { EXIT_OK } from '../errors.js';
import { clientFor } from '../http-client.js';
import { println } from '../io.js';

/** `truce pledge move`: a pledge's next state, with the reason logged. */
export const movePledgeCommand: Command = {
  name: 'pledge move',
  summary: 'Move a coalition pledge to its next state',
  usage: usageOf(
    'pledge move',
    'truce pledge move --url URL [--token T] --pledge ID --to STATE --reason TEXT\n       [--from STATE]',
    "Logs the move of a pledge (docs/coalition.md): pledged -> approval_pending ->\napproved -> ready -> activated -> delivered, or withdrawn before delivered.\nA guarantor token moves only its own member's pledges; an admin any."
  ),
  async run(argv, io) {
    const config = parseCommandConfig('pledge move', argv, io.env);
    const client = clientFor(io, config.url, config.token);
    const { index, pledge } = await client.transitionPledge(config.pledge, {
      to: config.to,
      reason: config.reason,
      ...(config.from === undefined ? {} : { from: config.from }),
    });
    const last = pledge.history.at(-1);
    println(
      io.stdout,
      `pledge ${pledge.id} (${pledge.member}): ${last?.from ?? '?'} -> ${pledge.state} at log index ${index}`
    );
    return EXIT_OK;
  },
};
