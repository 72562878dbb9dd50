import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { EXIT_OK } from '../errors.js';
import { println, untilAborted } from '../io.js';
import { launchServer, printEndpoints } from '../server-launch.js';

/** `truce serve`: the log server, until SIGINT or SIGTERM. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the log server',
  usage: usageOf(
    'serve',
    'truce serve --data DIR [--port N] [--host H] [--sensors FILE] [flags]',
    'Runs the log server over the SQLite log in DIR (created with its log key on\nfirst start) and stops cleanly on SIGINT or SIGTERM.'
  ),
  async run(argv, io) {
    const config = parseCommandConfig('serve', argv, io.env);
    const shutdown = io.shutdownSignal();
    const running = await launchServer(config);
    printEndpoints(io, running);
    await untilAborted(shutdown);
    println(io.stderr, 'stopping...');
    await running.close();
    return EXIT_OK;
  },
};
