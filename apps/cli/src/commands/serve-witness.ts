import type { Command } from '../command.js';
import { joinLogPairs, parseCommandConfig, usageOf } from '../config.js';
import { EXIT_OK } from '../errors.js';
import { println, untilAborted } from '../io.js';
import { launchWitness, printWitness } from '../witness-launch.js';

/** `truce witness serve`: a tlog-witness for one or more logs, until SIGINT or SIGTERM. */
export const serveWitnessCommand: Command = {
  name: 'witness serve',
  summary: "Run a witness that cosigns logs' checkpoints",
  usage: usageOf(
    'witness serve',
    'truce witness serve --data DIR --key FILE --log ORIGIN VKEY [--log ...] [--port N] [--host H]',
    "Runs a C2SP tlog-witness over the state file in DIR: it cosigns a checkpoint of\na listed log only if it extends every checkpoint it cosigned before, and keeps\nboth signed notes when shown two histories (GET /equivocations). Prints its URL\nand its cosignature verifier key (put it in the parties' policies); stops cleanly\non SIGINT or SIGTERM."
  ),
  async run(argv, io) {
    const config = parseCommandConfig(
      'witness serve',
      joinLogPairs(argv),
      io.env
    );
    const shutdown = io.shutdownSignal();
    const running = await launchWitness(config);
    printWitness(io, running);
    await untilAborted(shutdown);
    println(io.stderr, 'stopping...');
    await running.close();
    return EXIT_OK;
  },
};
