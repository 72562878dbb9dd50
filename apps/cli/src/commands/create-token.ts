import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { withDataStore } from '../data-store.js';
import { EXIT_OK, usageError } from '../errors.js';
import { println } from '../io.js';

/** `truce token create`: a bearer token, stored by hash; the secret is shown once. */
export const createTokenCommand: Command = {
  name: 'token create',
  summary: 'Make a bearer token for a role',
  usage: usageOf(
    'token create',
    'truce token create --data DIR --role ROLE [--label TEXT] [--member ISO3]',
    "Stores a new token in the log database in DIR and prints its secret on stdout.\nOnly a hash is kept: the secret is shown this once.\nA guarantor token is bound to one coalition member (--member) and may\nregister and move that member's pledges only."
  ),
  async run(argv, io) {
    const config = parseCommandConfig('token create', argv, io.env);
    const member = memberOf(config.role, config.member);
    const { token, secret } = await withDataStore(
      config.data,
      (store, server) =>
        server.createToken(store, {
          role: config.role,
          label: config.label,
          nowMs: io.now(),
          ...(member === undefined ? {} : { member }),
        })
    );
    const boundTo = member === undefined ? '' : ` for member ${member}`;
    println(
      io.stderr,
      `token ${token.id} (role ${token.role}${boundTo}) created.`
    );
    println(
      io.stderr,
      'Its secret follows; it is shown only once, so keep it now:'
    );
    println(io.stdout, secret);
    return EXIT_OK;
  },
};

/**
 * The member a guarantor token acts for: required for guarantors (the
 * server refuses pledge writes by an unbound one), refused for other roles.
 */
function memberOf(
  role: string,
  member: string | undefined
): string | undefined {
  if (role !== 'guarantor') {
    if (member !== undefined) {
      usageError('--member binds guarantor tokens only; give --role guarantor');
    }
    return undefined;
  }
  if (member === undefined) {
    usageError('a guarantor token acts for one member: give --member ISO3');
  }
  // ISO 3166-1 alpha-3, upper case, as the coalition model's iso3.
  if (!/^[A-Z]{3}$/.test(member)) {
    usageError(
      `--member ${member} is not an ISO 3166-1 alpha-3 code such as DEU`
    );
  }
  return member;
}
