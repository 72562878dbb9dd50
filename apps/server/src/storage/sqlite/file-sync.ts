import { open } from 'node:fs/promises';
import { dirname } from 'node:path';

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * fsync of one file on the libuv thread pool, so the event loop never waits
 * on the disk. A call resolves after an fsync that began after the call, so
 * everything written before it is durable; calls made while an fsync runs
 * share the next one (group commit). The first fsync also syncs the folder,
 * which makes a newly created file's name durable.
 */
export function createFileSync(path: string): () => Promise<void> {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let folderSynced = process.platform === 'win32';
  const syncOnce = async () => {
    await fsyncPath(path);
    if (!folderSynced) {
      await fsyncPath(dirname(path));
      folderSynced = true;
    }
  };
  const start = (): Promise<void> => {
    running = syncOnce().finally(() => {
      running = undefined;
    });
    return running;
  };
  return () => {
    if (running === undefined) return start();
    const after = () => {
      queued = undefined;
      return start();
    };
    queued ??= running.then(after, after);
    return queued;
  };
}
