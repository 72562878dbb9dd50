import { ClientError } from '@truce/protocol';
import type { Command } from './command.js';
import { addWebhookCommand } from './commands/add-webhook.js';
import { commissionDecideCommand } from './commands/decide-finding.js';
import { createTokenCommand } from './commands/create-token.js';
import { generateKeyCommand } from './commands/generate-key.js';
import { getEvidenceCommand } from './commands/get-evidence.js';
import { importCoalitionCommand } from './commands/import-coalition.js';
import { listSensorsCommand } from './commands/list-sensors.js';
import { listTokensCommand } from './commands/list-tokens.js';
import { listWebhooksCommand } from './commands/list-webhooks.js';
import { webhookDeliveriesCommand } from './commands/list-deliveries.js';
import { movePledgeCommand } from './commands/move-pledge.js';
import { registerSensorCommand } from './commands/register-sensor.js';
import { replayCommand } from './commands/replay.js';
import { reportDailyCommand } from './commands/report-daily.js';
import { exportFindingsCommand } from './commands/export-findings.js';
import { runWargameCommand } from './commands/run-wargame.js';
import { revokeSensorCommand } from './commands/revoke-sensor.js';
import { removeWebhookCommand } from './commands/remove-webhook.js';
import { revokeTokenCommand } from './commands/revoke-token.js';
import { rotateSensorCommand } from './commands/rotate-sensor.js';
import { runDemoCommand } from './commands/run-demo.js';
import { serveCommand } from './commands/serve.js';
import { serveWitnessCommand } from './commands/serve-witness.js';
import { simulateCommand } from './commands/simulate.js';
import { submitObservationsCommand } from './commands/submit-observations.js';
import { verifyEvidenceCommand } from './commands/verify-evidence.js';
import { verifyLogCommand } from './commands/verify-log.js';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './errors.js';
import type { CliIo } from './io.js';
import { println, processIo } from './io.js';

/** Every command, in the order `truce --help` lists them. */
export const COMMANDS: readonly Command[] = [
  serveCommand,
  runDemoCommand,
  serveWitnessCommand,
  generateKeyCommand,
  createTokenCommand,
  listTokensCommand,
  revokeTokenCommand,
  registerSensorCommand,
  rotateSensorCommand,
  revokeSensorCommand,
  listSensorsCommand,
  importCoalitionCommand,
  movePledgeCommand,
  commissionDecideCommand,
  addWebhookCommand,
  listWebhooksCommand,
  removeWebhookCommand,
  webhookDeliveriesCommand,
  submitObservationsCommand,
  getEvidenceCommand,
  verifyLogCommand,
  verifyEvidenceCommand,
  simulateCommand,
  replayCommand,
  reportDailyCommand,
  exportFindingsCommand,
  runWargameCommand,
];

function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const rows = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: truce <command> [flags]\n\ncommands:\n${rows.join('\n')}\n\nRun truce <command> --help for its flags. Exit status: 0 done, 1 failed or\nrefused, 2 unusable input (bad flags, unreadable files, unreachable server).\n`;
}

function find(argv: readonly string[]): Command | undefined {
  return COMMANDS.find((command) => {
    const words = command.name.split(' ');
    return words.every((word, i) => argv[i] === word);
  });
}

const HELP = ['--help', '-h'];

/** The innermost cause of a network failure, e.g. ` (ECONNREFUSED)`. */
function rootCause(error: Error): string {
  let cause: unknown = error.cause;
  let last = '';
  for (let depth = 0; cause instanceof Error && depth < 5; depth++) {
    last = (cause as NodeJS.ErrnoException).code ?? cause.message;
    cause = cause.cause;
  }
  return last === '' ? '' : ` (${last})`;
}

/** Prints an error and picks the exit status for it. */
function fail(io: CliIo, name: string, error: unknown): number {
  if (error instanceof CliError) {
    println(io.stderr, `truce ${name}: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof ClientError) {
    if (error.code === 'NETWORK_ERROR') {
      println(io.stderr, `truce ${name}: ${error.message}${rootCause(error)}`);
      return EXIT_USAGE;
    }
    println(
      io.stderr,
      `truce ${name}: the server said ${error.code}: ${error.message}`
    );
    return EXIT_FAILED;
  }
  const message = error instanceof Error ? error.message : String(error);
  println(io.stderr, `truce ${name}: ${message}`);
  return EXIT_FAILED;
}

/**
 * Runs `truce <argv>` and returns the exit status. Every output goes
 * through `io`, so tests run commands in-process.
 */
export async function main(
  argv: readonly string[],
  io: CliIo = processIo()
): Promise<number> {
  const [first] = argv;
  if (first === undefined || HELP.includes(first) || first === 'help') {
    const out = first === undefined ? io.stderr : io.stdout;
    out.write(overview(COMMANDS));
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = find(argv);
  if (command === undefined) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `));
    if (group.length === 0) {
      println(io.stderr, `truce: unknown command '${first}'; run truce --help`);
      return EXIT_USAGE;
    }
    const asked = argv[1];
    if (asked !== undefined && HELP.includes(asked)) {
      io.stdout.write(overview(group));
      return EXIT_OK;
    }
    println(
      io.stderr,
      asked === undefined
        ? `truce ${first}: which one?`
        : `truce ${first}: unknown command '${asked}'`
    );
    io.stderr.write(overview(group));
    return EXIT_USAGE;
  }
  const rest = argv.slice(command.name.split(' ').length);
  const end = rest.indexOf('--');
  if (rest.slice(0, end < 0 ? undefined : end).some((a) => HELP.includes(a))) {
    io.stdout.write(command.usage);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return fail(io, command.name, error);
  }
}
