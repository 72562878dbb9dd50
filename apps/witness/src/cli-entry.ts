import { parseArgs } from 'node:util';
import { noteVerifierFromKey } from '@truce/core';
import { ConfigError, parseWitnessConfig } from './config.js';
import { startWitness } from './main.js';

// A small stand-alone entry: flags → config → startWitness. `truce witness
// serve` calls the same function; this one needs no CLI package.
//
//   node --conditions=@truce/source --import tsx apps/witness/src/cli-entry.ts \
//     --data DIR --key FILE --log VKEY [--log VKEY...] [--host H] [--port N]

const USAGE =
  'usage: cli-entry --data DIR --key FILE --log VKEY [--log VKEY...] [--host HOST] [--port PORT] [--log-level LEVEL]\n';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function originOf(vkey: string): string {
  try {
    // A log's origin is its key name (c2sp.org/tlog-checkpoint).
    return noteVerifierFromKey(vkey).name;
  } catch (error) {
    fail(
      `--log ${vkey}: ${error instanceof Error ? error.message : String(error)}`
    );
  }
}

async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' },
        key: { type: 'string' },
        log: { type: 'string', multiple: true },
        host: { type: 'string' },
        port: { type: 'string' },
        'log-level': { type: 'string' },
        'body-limit': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  let config;
  try {
    config = parseWitnessConfig({
      dataDir: values.data,
      keyFile: values.key,
      logs: (values.log ?? []).map((vkey) => ({
        origin: originOf(vkey),
        vkey,
      })),
      host: values.host,
      port: values.port,
      logLevel: values['log-level'],
      bodyLimitBytes: values['body-limit'],
    });
  } catch (error) {
    if (error instanceof ConfigError) fail(`${error.message}\n${USAGE}`);
    throw error;
  }
  const witness = await startWitness(config);
  const stop = () => {
    void witness.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  fail(error instanceof Error ? error.message : String(error));
});
