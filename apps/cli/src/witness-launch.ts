import type { RunningWitness } from '@truce/witness';
import type { CommandConfig } from './config.js';
import { witnessConfigInput } from './config.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { println } from './io.js';

/**
 * Starts a witness from `witness serve` flags. The witness is imported
 * here, on use, so that other commands start fast.
 */
export async function launchWitness(
  config: CommandConfig<'witness serve'>
): Promise<RunningWitness> {
  const witness = await import('@truce/witness');
  try {
    return await witness.startWitness(
      witness.parseWitnessConfig(witnessConfigInput(config))
    );
  } catch (error) {
    // A refused flag or an unreadable key file: fix the command line.
    if (error instanceof witness.ConfigError) {
      throw new CliError('USAGE', error.message, { cause: error });
    }
    throw error;
  }
}

/** Prints where the witness answers and the vkey that policies name. */
export function printWitness(io: CliIo, running: RunningWitness): void {
  const { url, identity } = running;
  println(io.stdout, `Truce witness listening at ${url}`);
  println(io.stdout, `  name:        ${identity.name}`);
  println(io.stdout, `  vkey:        ${identity.vkey}`);
  println(io.stdout, `  submission:  ${url}/add-checkpoint`);
  for (const log of running.service.listLogs()) {
    println(
      io.stdout,
      `  log:         ${log.origin} (cosigned size ${log.size})`
    );
  }
  println(io.stdout, `  policy line: witness <name> ${identity.vkey} ${url}`);
}
