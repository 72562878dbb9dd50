import { close, fsync, open } from 'node:fs';
import { dirname } from 'node:path';

const openFile = (path: string) =>
  new Promise<number>((resolve, reject) =>
    open(path, 'r', (error, fd) => (error ? reject(error) : resolve(fd)))
  );
const fsyncFd = (fd: number) =>
  new Promise<void>((resolve, reject) =>
    fsync(fd, (error) => (error ? reject(error) : resolve()))
  );
const closeFd = (fd: number) =>
  new Promise<void>((resolve, reject) =>
    close(fd, (error) => (error ? reject(error) : resolve()))
  );

export type FileSync = {
  /** Resolves once everything written to the file before the call is durable. */
  sync: () => Promise<void>;
  /** Closes the descriptor kept for syncing (after the last sync). */
  close: () => Promise<void>;
};

/**
 * fsync of one file on the libuv thread pool, so the event loop never waits
 * on the disk. A call resolves after an fsync that began after the call, so
 * everything written before it is durable; calls made while an fsync runs
 * share the next one (group commit). The file is opened on the first sync
 * and kept open (it must keep its inode meanwhile, as SQLite's WAL does
 * while a connection is open); that first sync also syncs the folder, which
 * makes a newly created file's name durable.
 */
export function createFileSync(path: string): FileSync {
  let fd: number | undefined;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let folderSynced = process.platform === 'win32';
  const syncOnce = async () => {
    fd ??= await openFile(path);
    await fsyncFd(fd);
    if (!folderSynced) {
      const folder = await openFile(dirname(path));
      try {
        await fsyncFd(folder);
      } finally {
        await closeFd(folder);
      }
      folderSynced = true;
    }
  };
  const start = (): Promise<void> => {
    running = syncOnce().finally(() => {
      running = undefined;
    });
    return running;
  };
  return {
    sync() {
      if (running === undefined) return start();
      const after = () => {
        queued = undefined;
        return start();
      };
      queued ??= running.then(after, after);
      return queued;
    },
    async close() {
      await (queued ?? running)?.catch(() => {});
      if (fd !== undefined) await closeFd(fd);
      fd = undefined;
    },
  };
}
