import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../storage/sqlite/sqlite-store.js';
import { createToken, hashTokenSecret } from './tokens.js';

describe('createToken', () => {
  // One base64url id in 64 starts with '-': among 500, one would be all
  // but certain to, were ids not redrawn.
  it('never makes an id a command line would take for a flag', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    try {
      for (let i = 0; i < 500; i++) {
        const { token, secret } = await createToken(store, {
          role: 'admin',
          label: `t${i}`,
          nowMs: 0,
        });
        expect(token.id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{7}$/);
        expect(secret.startsWith(`truce_${token.id}_`)).toBe(true);
        expect(hashTokenSecret(secret)).toHaveLength(32);
      }
    } finally {
      await store.close();
    }
  });
});
