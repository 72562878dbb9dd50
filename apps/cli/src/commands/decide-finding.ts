import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { EXIT_OK } from '../errors.js';
import { clientFor } from '../http-client.js';
import { println } from '../io.js';

/** `truce commission decide`: the Special Commission's decision on a finding. */
export const commissionDecideCommand: Command = {
  name: 'commission decide',
  summary: 'Log the Special Commission decision on a finding',
  usage: usageOf(
    'commission decide',
    'truce commission decide --url URL [--token T] --finding ID --party A|B|none\n       [--probability P] --remedy TEXT --reason TEXT',
    "Logs whom the Commission attributes the finding to (--party none: nobody),\nhow sure it is, the remedy it asks for and why (docs/response.md). Its\nattribution replaces the engine's for every tier; the later decision on a\nfinding wins. Needs a commission or admin token."
  ),
  async run(argv, io) {
    const config = parseCommandConfig('commission decide', argv, io.env);
    const party = config.party === 'none' ? null : config.party;
    const client = clientFor(io, config.url, config.token);
    const { index, decision } = await client.decide(config.finding, {
      attribution:
        config.probability === undefined
          ? { party }
          : { party, probability: config.probability },
      remedy: config.remedy,
      reason: config.reason,
    });
    const { attribution } = decision;
    const whom =
      attribution.party === null
        ? 'no party'
        : `party ${attribution.party}${attribution.probability === undefined ? '' : ` (p ${attribution.probability})`}`;
    println(
      io.stdout,
      `decision on ${decision.findingId} logged at index ${index}: ${whom}`
    );
    return EXIT_OK;
  },
};
