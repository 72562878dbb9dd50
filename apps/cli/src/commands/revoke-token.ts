import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { withDataStore } from '../data-store.js';
import { CliError, EXIT_OK } from '../errors.js';
import { println } from '../io.js';

/** `truce token revoke`: the token stops authorizing at once. */
export const revokeTokenCommand: Command = {
  name: 'token revoke',
  summary: 'Revoke a bearer token',
  usage: usageOf(
    'token revoke',
    'truce token revoke --data DIR ID',
    "Revokes token ID in the log database in DIR; requests carrying it fail from now on. An ID that starts with '-' (made before 26 November 2026) goes after '--'."
  ),
  async run(argv, io) {
    const config = parseCommandConfig('token revoke', argv, io.env);
    const id = config.args[0]!;
    const found = await withDataStore(config.data, (store) =>
      store.revokeToken(id)
    );
    if (!found) throw new CliError('FAILED', `no token ${id}`);
    println(io.stdout, `token ${id} revoked`);
    return EXIT_OK;
  },
};
