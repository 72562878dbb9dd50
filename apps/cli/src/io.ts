import type { FetchLike } from '@truce/protocol';
import type { CliEnv } from './config.js';
import { loadEnv } from './config.js';

/** A stream the CLI writes to; `isTTY` decides whether progress is drawn. */
export type OutputStream = {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
};

/**
 * Everything a command touches outside its arguments, injected so tests
 * run commands in-process without a console, a network or signals.
 */
export type CliIo = {
  stdout: OutputStream;
  stderr: OutputStream;
  env: CliEnv;
  /** A signal aborted when the process is asked to stop (SIGINT, SIGTERM). */
  shutdownSignal: () => AbortSignal;
  /** Milliseconds since the Unix epoch. */
  now: () => number;
  fetch?: FetchLike;
};

/** Writes one line. */
export function println(stream: OutputStream, line = ''): void {
  stream.write(`${line}\n`);
}

function processShutdownSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => controller.abort(signal);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return controller.signal;
}

/** The real process: its streams, environment, signals and clock. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: loadEnv(),
    shutdownSignal: processShutdownSignal,
    now: () => Date.now(),
  };
}

/** Resolves once `signal` aborts. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
