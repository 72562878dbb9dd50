import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { EXIT_OK } from '../errors.js';
import { clientFor } from '../http-client.js';
import { println } from '../io.js';

/** `truce sensor rotate`: a new key for a sensor, from its log index on. */
export const rotateSensorCommand: Command = {
  name: 'sensor rotate',
  summary: "Replace a sensor's key",
  usage: usageOf(
    'sensor rotate',
    'truce sensor rotate --url URL [--token T] ID --public-key B64',
    'Logs a key rotation: observations of sensor ID must be signed with the new key\nfrom this entry on. A key the sensor used before is refused. Needs an admin token.'
  ),
  async run(argv, io) {
    const config = parseCommandConfig('sensor rotate', argv, io.env);
    const id = config.args[0]!;
    const client = clientFor(io, config.url, config.token);
    const { index } = await client.rotateSensorKey(id, config.publicKey);
    println(io.stdout, `rotated the key of ${id} at log index ${index}`);
    return EXIT_OK;
  },
};
