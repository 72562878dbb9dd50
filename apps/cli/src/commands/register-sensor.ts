import { ClientError } from '@truce/protocol';
import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { EXIT_FAILED, EXIT_OK } from '../errors.js';
import { clientFor } from '../http-client.js';
import { println } from '../io.js';
import { readJsonFile } from '../json-file.js';

function labelOf(record: unknown, i: number): string {
  const id = (record as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : `record ${i}`;
}

/** `truce sensor register`: one registry entry per record. */
export const registerSensorCommand: Command = {
  name: 'sensor register',
  summary: 'Register sensors from a JSON file',
  usage: usageOf(
    'sensor register',
    'truce sensor register --url URL [--token T] FILE.json',
    'Registers each sensor record in FILE.json (one record or an array; see\nDESIGN 4.2) as a log entry. Needs an admin token. Exits 1 if any is refused.'
  ),
  async run(argv, io) {
    const config = parseCommandConfig('sensor register', argv, io.env);
    const raw = readJsonFile(config.args[0]!);
    const records = Array.isArray(raw) ? raw : [raw];
    const client = clientFor(io, config.url, config.token);
    let refused = 0;
    for (const [i, record] of records.entries()) {
      try {
        const { index } = await client.registerSensor(record);
        println(
          io.stdout,
          `registered ${labelOf(record, i)} at log index ${index}`
        );
      } catch (error) {
        if (!(error instanceof ClientError) || error.code === 'NETWORK_ERROR') {
          throw error;
        }
        refused++;
        println(
          io.stderr,
          `${labelOf(record, i)}: ${error.code}: ${error.message}`
        );
      }
    }
    if (refused > 0) {
      println(io.stderr, `${refused} of ${records.length} refused`);
      return EXIT_FAILED;
    }
    return EXIT_OK;
  },
};
