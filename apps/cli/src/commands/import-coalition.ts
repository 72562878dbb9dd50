import type { Coalition } from '@truce/core';
import { validateCoalition } from '@truce/core';
import type { CoalitionResponse } from '@truce/protocol';
import { ClientError } from '@truce/protocol';
import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { CliError, EXIT_FAILED, EXIT_OK, usageError } from '../errors.js';
import { clientFor } from '../http-client.js';
import { println } from '../io.js';
import type { CliIo } from '../io.js';
import { readJsonFile } from '../json-file.js';
import { createProgress } from '../progress.js';

/** The writes a document still needs on a server holding `current`. */
function pendingWrites(doc: Coalition, current: CoalitionResponse) {
  const members = new Map(current.members.map((m) => [m.iso3, m]));
  const pledges = new Set(current.pledges.map((p) => p.id));
  return {
    members: doc.members.filter((m) => {
      const known = members.get(m.iso3);
      return known?.name !== m.name || known.role !== m.role;
    }),
    pledges: doc.pledges.filter((p) => !pledges.has(p.id)),
  };
}

function checkedDocument(path: string): Coalition {
  const result = validateCoalition(readJsonFile(path));
  if (result.ok) return result.value;
  const lines = result.issues.map(
    (i) => `  ${i.path.join('.') || '(root)'}: ${i.code}: ${i.message}`
  );
  throw new CliError(
    'INPUT_UNUSABLE',
    `${path} is not a coalition document:\n${lines.join('\n')}`
  );
}

/** `truce coalition import`: posts a coalition document's members and pledges. */
export const importCoalitionCommand: Command = {
  name: 'coalition import',
  summary: 'Import coalition members and pledges from a JSON document',
  usage: usageOf(
    'coalition import',
    'truce coalition import --file FILE.json [--url URL --token T]',
    'Checks a coalition document (members and pledges, DESIGN 5; see\ndata/coalition-demo.json and docs/coalition.md). With --url, logs each\nmember and pledge the server does not hold yet: members need an admin\ntoken, pledges an admin or guarantor token. Run it again and it adds only\nwhat is new. Exits 1 if the server refuses any, 2 if the file is unusable.'
  ),
  async run(argv, io) {
    const config = parseCommandConfig('coalition import', argv, io.env);
    const doc = checkedDocument(config.file);
    const illustrative = doc.pledges.filter((p) => p.illustrative === true);
    const summary = `${doc.members.length} members, ${doc.pledges.length} pledges (${illustrative.length} illustrative)`;
    if (config.url === undefined) {
      println(io.stdout, `${config.file}: ${summary}; valid`);
      return EXIT_OK;
    }
    if (config.token === undefined) {
      usageError('--url needs --token (or TRUCE_TOKEN)');
    }
    return importInto(io, doc, {
      url: config.url,
      token: config.token,
      progress: config.progress,
    });
  },
};

async function importInto(
  io: CliIo,
  doc: Coalition,
  options: { url: string; token: string; progress: boolean }
): Promise<number> {
  const client = clientFor(io, options.url, options.token);
  const todo = pendingWrites(doc, await client.coalition());
  const total = todo.members.length + todo.pledges.length;
  const progress = createProgress(io.stderr, {
    label: 'importing',
    force: options.progress,
    now: io.now,
  });
  let done = 0;
  let refused = 0;
  const attempt = async (label: string, write: () => Promise<unknown>) => {
    try {
      await write();
    } catch (error) {
      if (!(error instanceof ClientError) || error.code === 'NETWORK_ERROR') {
        throw error;
      }
      refused++;
      progress.finish();
      println(io.stderr, `${label}: ${error.code}: ${error.message}`);
    }
    progress.update(++done, total);
  };
  // Members first: a pledge is refused unless its member is in the registry.
  for (const member of todo.members) {
    await attempt(member.iso3, () => client.addCoalitionMember(member));
  }
  for (const pledge of todo.pledges) {
    await attempt(pledge.id, () => client.registerPledge(pledge));
  }
  progress.finish();
  const skipped = doc.members.length + doc.pledges.length - total;
  println(
    io.stdout,
    `logged ${total - refused} of ${total} new entries (${todo.members.length} members, ${todo.pledges.length} pledges; ${skipped} already there) at ${options.url}`
  );
  if (refused > 0) {
    println(io.stderr, `${refused} of ${total} refused`);
    return EXIT_FAILED;
  }
  return EXIT_OK;
}
