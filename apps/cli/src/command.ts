import type { CliIo } from './io.js';

/**
 * One `truce` command. `name` is how it is typed (`token create`); `run`
 * gets the arguments after the name and returns the exit status.
 */
export type Command = {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
};
