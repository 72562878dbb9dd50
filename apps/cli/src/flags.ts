import { parseArgs } from 'node:util';
import type { CliEnv } from './config.js';
import { usageError } from './errors.js';

// Flag parsing for config.ts: each flag is a small schema that checks and
// converts its raw value, so a command's flags are declared once and both
// parsed and documented from that declaration.

/** What parseArgs hands over for one flag: a value, or every value of a repeatable one. */
export type RawFlag = string | boolean | readonly string[] | undefined;

/** One flag: how it is spelled on the command line and how it is checked. */
export type Flag<T> = {
  readonly type: 'string' | 'boolean';
  /** The flag may be given more than once; `parse` gets every value. */
  readonly multiple?: boolean;
  readonly help: string;
  readonly placeholder?: string;
  /** Read from this environment variable when the flag is absent. */
  readonly env?: keyof CliEnv;
  readonly parse: (raw: RawFlag, name: string) => T;
};

type Value<F> = F extends Flag<infer T> ? T : never;

export type CommandSpec = {
  readonly flags: Readonly<Record<string, Flag<unknown>>>;
  /** Names of the positional arguments, all required. */
  readonly args: readonly string[];
};

export type ConfigOf<S extends CommandSpec> = Readonly<
  { [K in keyof S['flags']]: Value<S['flags'][K]> } & {
    args: readonly string[];
  }
>;

const kebab = (key: string) =>
  key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function text(
  help: string,
  placeholder: string
): Flag<string | undefined> {
  return {
    type: 'string',
    help,
    placeholder,
    parse: (raw, name) => {
      if (raw === '') usageError(`--${name} is empty`);
      return raw === undefined ? undefined : String(raw);
    },
  };
}

export function integer(
  help: string,
  placeholder: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER
): Flag<number | undefined> {
  return {
    type: 'string',
    help,
    placeholder,
    parse: (raw, name) => {
      if (raw === undefined) return undefined;
      const value = Number(raw);
      if (!/^[0-9]+$/.test(String(raw)) || value < min || value > max) {
        usageError(`--${name} must be an integer from ${min} to ${max}`);
      }
      return value;
    },
  };
}

export function oneOf<V extends string>(
  help: string,
  placeholder: string,
  values: readonly V[]
): Flag<V | undefined> {
  return {
    type: 'string',
    help: `${help}: ${values.join(', ')}`,
    placeholder,
    parse: (raw, name) => {
      if (raw === undefined) return undefined;
      if (!(values as readonly unknown[]).includes(raw)) {
        usageError(`--${name} must be one of ${values.join(', ')}`);
      }
      return raw as V;
    },
  };
}

/** Checks an http(s) base URL and drops its trailing slash. */
export function checkBaseUrl(raw: string, what: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    usageError(`${what} is not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    usageError(`${what} must be an http or https URL`);
  }
  return url.href.replace(/\/+$/, '');
}

/** An http(s) base URL, without a trailing slash. */
export function baseUrl(help: string): Flag<string | undefined> {
  return {
    type: 'string',
    help,
    placeholder: 'URL',
    parse: (raw, name) =>
      raw === undefined ? undefined : checkBaseUrl(String(raw), `--${name}`),
  };
}

/**
 * A repeatable text flag; each value goes through `check`, and an absent
 * flag is the empty list.
 */
export function list<T = string>(
  help: string,
  placeholder: string,
  check: (value: string, name: string) => T = (value) => value as T
): Flag<readonly T[]> {
  return {
    type: 'string',
    multiple: true,
    help: `${help} (repeatable)`,
    placeholder,
    parse: (raw, name) => {
      const values = raw === undefined ? [] : [raw].flat();
      return Object.freeze(
        values.map((value) => {
          if (value === '') usageError(`--${name} is empty`);
          return check(String(value), name);
        })
      );
    },
  };
}

export function switchFlag(help: string): Flag<boolean> {
  return { type: 'boolean', help, parse: (raw) => raw === true };
}

export function required<T>(flag: Flag<T | undefined>): Flag<T> {
  return {
    ...flag,
    help: `${flag.help} (required)`,
    parse: (raw, name) => {
      const value = flag.parse(raw, name);
      if (value === undefined) {
        usageError(
          flag.env === undefined
            ? `--${name} is required`
            : `--${name} (or ${flag.env}) is required`
        );
      }
      return value;
    },
  };
}

export function withDefault<T>(flag: Flag<T | undefined>, value: T): Flag<T> {
  return {
    ...flag,
    help: `${flag.help} (default ${value === '' ? 'empty' : String(value)})`,
    parse: (raw, name) => flag.parse(raw, name) ?? value,
  };
}

/**
 * Parses one command's arguments against its spec; an unknown flag, a
 * missing or extra argument, or a bad value throws a USAGE CliError.
 */
export function parseConfig<S extends CommandSpec>(
  spec: S,
  argv: readonly string[],
  env: CliEnv
): ConfigOf<S> {
  const options = Object.fromEntries(
    Object.entries(spec.flags).map(([key, flag]) => [
      kebab(key),
      { type: flag.type, multiple: flag.multiple === true },
    ])
  );
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== spec.args.length) {
    usageError(
      spec.args.length === 0
        ? `unexpected argument: ${positionals[0]}`
        : `expected ${spec.args.join(' ')}, got ${positionals.length} argument(s)`
    );
  }
  const config: Record<string, unknown> = { args: Object.freeze(positionals) };
  for (const [key, flag] of Object.entries(spec.flags)) {
    const name = kebab(key);
    // parseArgs gives a string (or a list, for a repeatable flag) to a
    // string option and a boolean to a boolean one, as declared above.
    const raw = (values[name] ??
      (flag.env === undefined ? undefined : env[flag.env])) as RawFlag;
    config[key] = flag.parse(raw, name);
  }
  return Object.freeze(config) as ConfigOf<S>;
}

/** The flag list of a usage text, generated from the spec. */
export function formatFlags(spec: CommandSpec): string {
  const rows = Object.entries(spec.flags).map(([key, flag]) => {
    const left = `--${kebab(key)}${flag.placeholder === undefined ? '' : ` ${flag.placeholder}`}`;
    const env = flag.env === undefined ? '' : ` [env ${flag.env}]`;
    return [left, `${flag.help}${env}`] as const;
  });
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows
    .map(([left, help]) => `  ${left.padEnd(width)}  ${help}`)
    .join('\n');
}
