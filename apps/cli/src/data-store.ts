import { existsSync } from 'node:fs';
import type * as Server from '@truce/server';
import type { LogStore } from '@truce/server';
import { CliError } from './errors.js';

/**
 * Opens the SQLite store of a server's data folder, runs `use` and closes
 * it. The folder must hold a log already: a typo must not make a new one.
 */
export async function withDataStore<T>(
  dataDir: string,
  use: (store: LogStore, server: typeof Server) => Promise<T>
): Promise<T> {
  const server = await import('@truce/server');
  const path = server.dataPaths(dataDir).database;
  if (!existsSync(path)) {
    throw new CliError(
      'INPUT_UNUSABLE',
      `no log database at ${path}; start the server with --data ${dataDir} first`
    );
  }
  const store = server.createSqliteStore({ path });
  try {
    return await use(store, server);
  } finally {
    await store.close();
  }
}
