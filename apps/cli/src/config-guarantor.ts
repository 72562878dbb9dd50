import { PLEDGE_STATES } from '@truce/core';
import { EVENT_TYPES } from '@truce/protocol';
import { usageError } from './errors.js';
import type { CommandSpec } from './flags.js';
import {
  baseUrl,
  integer,
  list,
  oneOf,
  required,
  switchFlag,
  text,
} from './flags.js';

// The flags of the commands for the people who act on findings (the
// Commission, guarantors, whoever runs alerts); config.ts merges them into
// its SPECS, so they are parsed and documented like every other command.

const server = {
  url: required(baseUrl('server base URL, e.g. http://127.0.0.1:8080')),
};

const tokenOf = (who: string) =>
  required({
    ...text(`bearer token of ${who}`, 'TOKEN'),
    env: 'TRUCE_TOKEN' as const,
  });

/** A probability in [0, 1], written as a decimal (0.9, 1, 0.95). */
function probability(help: string) {
  const flag = text(help, 'P');
  return {
    ...flag,
    parse: (raw: Parameters<typeof flag.parse>[0], name: string) => {
      const value = flag.parse(raw, name);
      if (value === undefined) return undefined;
      if (!/^(0(\.[0-9]+)?|1(\.0+)?|\.[0-9]+)$/.test(value)) {
        usageError(`--${name} must be a number from 0 to 1, e.g. 0.9`);
      }
      return Number(value);
    },
  };
}

/** Event names, repeatable or comma-separated (`--types finding,pledge`). */
const eventTypes = list(
  `event names to receive, comma-separated (default all): ${EVENT_TYPES.join(', ')}`,
  'NAMES',
  (value, name) => {
    const names = value.split(',');
    for (const n of names) {
      if (!(EVENT_TYPES as readonly string[]).includes(n)) {
        usageError(
          `--${name}: unknown event type ${n}; known: ${EVENT_TYPES.join(', ')}`
        );
      }
    }
    return names as (typeof EVENT_TYPES)[number][];
  }
);

export const GUARANTOR_SPECS = {
  'commission decide': {
    flags: {
      ...server,
      token: tokenOf('the Special Commission (or an admin)'),
      finding: required(text('id of the finding decided on', 'ID')),
      party: required(
        text(
          "the party the violation is attributed to (a party id of the agreement, e.g. A), or 'none'",
          'PARTY'
        )
      ),
      probability: probability(
        'how sure the Commission is, 0 to 1 (default: certain)'
      ),
      remedy: required(text('the remedy the Commission asks for', 'TEXT')),
      reason: required(text('why it decided so (logged)', 'TEXT')),
    },
    args: [],
  },
  'pledge move': {
    flags: {
      ...server,
      token: tokenOf("the pledge's member (guarantor) or an admin"),
      pledge: required(text('id of the pledge', 'ID')),
      to: required(oneOf('the state to move to', 'STATE', PLEDGE_STATES)),
      from: oneOf(
        'the state you saw it in; refused (409) if it has moved since',
        'STATE',
        PLEDGE_STATES
      ),
      reason: required(text('why it moves (logged)', 'TEXT')),
    },
    args: [],
  },
  'webhook add': {
    flags: {
      ...server,
      token: tokenOf('an admin'),
      endpoint: required(
        baseUrl('the receiver each event is POSTed to (http or https)')
      ),
      secretFile: required(
        text('file holding the signing secret, 16 to 256 characters', 'FILE')
      ),
      types: eventTypes,
    },
    args: [],
  },
  'webhook list': {
    flags: {
      ...server,
      token: tokenOf('an admin'),
      json: switchFlag('print the JSON answer'),
    },
    args: [],
  },
  'webhook remove': {
    flags: { ...server, token: tokenOf('an admin') },
    args: ['ID'],
  },
  'webhook deliveries': {
    flags: {
      ...server,
      token: tokenOf('an admin'),
      limit: integer(
        'most deliveries shown, newest first (default 100)',
        'N',
        1,
        1000
      ),
      json: switchFlag('print the JSON answer'),
    },
    args: ['ID'],
  },
} as const satisfies Record<string, CommandSpec>;
