import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileSync } from './file-sync.js';

describe('createFileSync', () => {
  const file = () => {
    const path = join(mkdtempSync(join(tmpdir(), 'truce-sync-')), 'f');
    writeFileSync(path, 'x');
    return path;
  };

  it('syncs, and calls made while an fsync runs share the next one', async () => {
    const { sync, close } = createFileSync(file());
    const first = sync();
    const second = sync();
    const third = sync();
    expect(second).toBe(third);
    expect(second).not.toBe(first);
    await Promise.all([first, second, third]);
    await sync();
    await close();
    await close();
  });

  describe('when the file is missing', () => {
    it('rejects with ENOENT, and syncs again once it exists', async () => {
      const path = file();
      rmSync(path);
      const { sync, close } = createFileSync(path);
      const failing = sync();
      const queued = sync();
      await expect(failing).rejects.toMatchObject({ code: 'ENOENT' });
      await expect(queued).rejects.toMatchObject({ code: 'ENOENT' });
      writeFileSync(path, 'x');
      await sync();
      await close();
    });
  });

  describe('when closed while a sync is queued', () => {
    it('lets the sync finish first', async () => {
      const { sync, close } = createFileSync(file());
      const first = sync();
      const second = sync();
      await close();
      await expect(Promise.all([first, second])).resolves.toBeDefined();
    });
  });
});
