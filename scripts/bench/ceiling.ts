import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { VerifyItem } from '../../apps/server/src/ingest/ed25519-batch.mjs';
import { packItems } from '../../apps/server/src/ingest/ed25519-batch.mjs';

export type Ceiling = {
  workers: number;
  seconds: number;
  verifications: number;
  perSecond: number;
  /** CPU time per verification (this process, all threads), microseconds. */
  cpuMicrosPerVerification: number;
};

/**
 * The machine's raw Ed25519 rate: one worker thread per core, each checking
 * the same real DSSE messages with the server's node:crypto path, started
 * together once every worker has warmed up.
 */
export async function measureCeiling(
  items: readonly VerifyItem[],
  options: { seconds: number; workers?: number }
): Promise<Ceiling> {
  const count = options.workers ?? availableParallelism();
  const url = new URL('./ceiling-worker.mjs', import.meta.url);
  const workers = Array.from(
    { length: count },
    () =>
      new Worker(url, {
        workerData: { packed: packItems(items), seconds: options.seconds },
      })
  );
  const message = (w: Worker) =>
    new Promise<Record<string, number>>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
  try {
    await Promise.all(workers.map(message));
    const results = workers.map(message);
    const cpu0 = process.cpuUsage();
    for (const w of workers) w.postMessage('go');
    const done = await Promise.all(results);
    const cpu = process.cpuUsage(cpu0);
    let verifications = 0;
    let perSecond = 0;
    for (const r of done) {
      verifications += r['count']!;
      perSecond += r['count']! / (r['ms']! / 1000);
    }
    return {
      workers: count,
      seconds: options.seconds,
      verifications,
      perSecond,
      cpuMicrosPerVerification: (cpu.user + cpu.system) / verifications,
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
