import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStoreContract } from '../store.contract.js';
import { createSqliteStore } from './sqlite-store.js';

let path = '';
runStoreContract({
  name: 'sqlite',
  create: async () => {
    path = join(mkdtempSync(join(tmpdir(), 'truce-store-')), 'log.db');
    return createSqliteStore({ path });
  },
  reopen: async (store) => {
    await store.close();
    return createSqliteStore({ path });
  },
});
