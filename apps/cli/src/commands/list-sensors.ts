import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { EXIT_OK } from '../errors.js';
import { clientFor } from '../http-client.js';
import { println } from '../io.js';
import { formatTable } from '../table.js';

function field(record: unknown, key: string): string {
  const value = (record as Record<string, unknown> | null)?.[key];
  return value === undefined ? '' : String(value);
}

/** `truce sensor list`: the registry as the server holds it. */
export const listSensorsCommand: Command = {
  name: 'sensor list',
  summary: 'List registered sensors',
  usage: usageOf(
    'sensor list',
    'truce sensor list --url URL [--json]',
    'Lists every registered sensor, revoked ones included.'
  ),
  async run(argv, io) {
    const config = parseCommandConfig('sensor list', argv, io.env);
    const sensors = await clientFor(io, config.url).listSensors();
    if (config.json) {
      println(io.stdout, JSON.stringify({ sensors }, null, 2));
      return EXIT_OK;
    }
    const rows = sensors.map((s) => [
      s.id,
      field(s.record, 'kind'),
      field(s.record, 'operator'),
      s.revoked ? 'revoked' : 'active',
      String(s.keys.length),
      String(s.registeredAt),
    ]);
    const header = [
      'ID',
      'KIND',
      'OPERATOR',
      'STATUS',
      'KEYS',
      'REGISTERED AT',
    ];
    println(io.stdout, formatTable(header, rows));
    return EXIT_OK;
  },
};
