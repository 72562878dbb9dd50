import type { RunningServer } from '@truce/server';
import type { CommandConfig } from './config.js';
import { serverConfigInput } from './config.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { println } from './io.js';

/**
 * Starts the log server from serve or demo flags. The server is imported
 * here, on use, so that commands that only talk HTTP start fast.
 */
export async function launchServer(
  config: CommandConfig<'serve'> | CommandConfig<'demo'>
): Promise<RunningServer> {
  const server = await import('@truce/server');
  let serverConfig;
  try {
    serverConfig = server.parseServerConfig(serverConfigInput(config));
  } catch (error) {
    if (error instanceof server.ConfigError) {
      throw new CliError('USAGE', error.message, { cause: error });
    }
    throw error;
  }
  return server.startServer(serverConfig);
}

/** Prints where the running server answers. */
export function printEndpoints(io: CliIo, running: RunningServer): void {
  const { url } = running;
  println(io.stdout, `Truce log server listening at ${url}`);
  println(io.stdout, `  API docs:    ${url}/docs`);
  println(io.stdout, `  checkpoint:  ${url}/log/checkpoint`);
  println(io.stdout, `  vkey:        ${running.services.verifierKey}`);
}
