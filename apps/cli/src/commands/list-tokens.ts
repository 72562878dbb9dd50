import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { withDataStore } from '../data-store.js';
import { EXIT_OK } from '../errors.js';
import { println } from '../io.js';
import { formatTable } from '../table.js';

/** `truce token list`: every token, without secrets. */
export const listTokensCommand: Command = {
  name: 'token list',
  summary: 'List bearer tokens',
  usage: usageOf(
    'token list',
    'truce token list --data DIR',
    'Lists the tokens in the log database in DIR (ids, roles, the member a guarantor acts for, labels; never secrets).'
  ),
  async run(argv, io) {
    const config = parseCommandConfig('token list', argv, io.env);
    const tokens = await withDataStore(config.data, (store) =>
      store.listTokens()
    );
    const rows = tokens.map((t) => [
      t.id,
      t.role,
      new Date(t.createdAtMs).toISOString(),
      t.revoked ? 'revoked' : 'active',
      t.member ?? '-',
      t.label,
    ]);
    println(
      io.stdout,
      formatTable(['ID', 'ROLE', 'CREATED', 'STATUS', 'MEMBER', 'LABEL'], rows)
    );
    return EXIT_OK;
  },
};
