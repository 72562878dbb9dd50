import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { EXIT_OK } from '../errors.js';
import { clientFor } from '../http-client.js';
import { println } from '../io.js';

/** `truce sensor revoke`: the sensor is retired for good. */
export const revokeSensorCommand: Command = {
  name: 'sensor revoke',
  summary: 'Revoke a sensor for good',
  usage: usageOf(
    'sensor revoke',
    'truce sensor revoke --url URL [--token T] ID --reason TEXT',
    'Logs the revocation of sensor ID: its observations are refused from this entry\non and its id is never reused. Needs an admin token.'
  ),
  async run(argv, io) {
    const config = parseCommandConfig('sensor revoke', argv, io.env);
    const id = config.args[0]!;
    const client = clientFor(io, config.url, config.token);
    const { index } = await client.revokeSensor(id, config.reason);
    println(io.stdout, `revoked ${id} at log index ${index}`);
    return EXIT_OK;
  },
};
