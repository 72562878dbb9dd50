import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './schema.js';
import { createSqliteStore } from './sqlite-store.js';

// A database written before tokens had a member: the first two migrations
// only, with a token row of that time.
function oldDatabase(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'truce-tokens-')), 'log.db');
  const db = new Database(path);
  for (const sql of MIGRATIONS.slice(0, 2)) db.exec(sql);
  db.pragma('user_version = 2');
  db.prepare(
    `INSERT INTO tokens (id, hash, role, label, created_ms, revoked)
     VALUES (?, ?, ?, ?, ?, ?)`
  ).run('oldtoken', Buffer.alloc(32, 1), 'guarantor', 'before', 5, 0);
  db.close();
  return path;
}

describe('a token database from before member binding', () => {
  it('opens, keeps its tokens with no member, and takes bound ones', async () => {
    const path = oldDatabase();
    const store = createSqliteStore({ path });
    try {
      expect(await store.listTokens()).toEqual([
        {
          id: 'oldtoken',
          role: 'guarantor',
          label: 'before',
          createdAtMs: 5,
          revoked: false,
        },
      ]);
      await store.insertToken(
        {
          id: 'newtoken',
          role: 'guarantor',
          label: 'after',
          createdAtMs: 6,
          revoked: false,
          member: 'FRA',
        },
        new Uint8Array(32).fill(2)
      );
      expect(
        await store.findTokenByHash(new Uint8Array(32).fill(2))
      ).toMatchObject({ id: 'newtoken', member: 'FRA' });
    } finally {
      await store.close();
    }
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });
});
