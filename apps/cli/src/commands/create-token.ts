import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { withDataStore } from '../data-store.js';
import { EXIT_OK } from '../errors.js';
import { println } from '../io.js';

/** `truce token create`: a bearer token, stored by hash; the secret is shown once. */
export const createTokenCommand: Command = {
  name: 'token create',
  summary: 'Make a bearer token for a role',
  usage: usageOf(
    'token create',
    'truce token create --data DIR --role ROLE [--label TEXT]',
    'Stores a new token in the log database in DIR and prints its secret on stdout.\nOnly a hash is kept: the secret is shown this once.'
  ),
  async run(argv, io) {
    const config = parseCommandConfig('token create', argv, io.env);
    const { token, secret } = await withDataStore(
      config.data,
      (store, server) =>
        server.createToken(store, {
          role: config.role,
          label: config.label,
          nowMs: io.now(),
        })
    );
    println(io.stderr, `token ${token.id} (role ${token.role}) created.`);
    println(
      io.stderr,
      'Its secret follows; it is shown only once, so keep it now:'
    );
    println(io.stdout, secret);
    return EXIT_OK;
  },
};
