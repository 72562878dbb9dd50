import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';

export type ServerProcess = {
  url: string;
  pid: number;
  /** Peak resident set of the server process (all its threads), in bytes. */
  peakRssBytes: () => number;
  /** Its resident set now, in bytes (0 once it is gone). */
  rssBytes: () => number;
  /** Asks the server to close, waits for it to exit; kills it after `graceMs`. */
  stop: (graceMs?: number) => Promise<void>;
};

function statusField(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match === null ? 0 : Number(match[1]) * 1024;
}

/** Starts `server-entry.ts` with `config` and waits until it listens. */
export async function startServerProcess(
  config: Record<string, unknown>,
  options: { cpuProfileDir?: string; startTimeoutMs?: number } = {}
): Promise<ServerProcess> {
  const execArgv = ['--conditions=@truce/source', '--import', 'tsx'];
  if (options.cpuProfileDir !== undefined) {
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
  }
  const child: ChildProcess = fork(
    new URL('./server-entry.ts', import.meta.url).pathname,
    [JSON.stringify(config)],
    { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }
  );
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => resolve())
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      killChild();
      reject(new Error('the server did not start in time'));
    }, options.startTimeoutMs ?? 60_000);
    child.on('message', (msg: { type?: string; url?: string }) => {
      if (msg.type === 'listening' && msg.url !== undefined) {
        clearTimeout(timer);
        resolve(msg.url);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code} before listening`));
    });
  });
  const pid = child.pid!;
  let lastPeak = 0;
  const peakRssBytes = () => {
    try {
      lastPeak = statusField(pid, 'VmHWM');
    } catch {
      // Gone already: keep the last reading.
    }
    return lastPeak;
  };
  return {
    url,
    pid,
    peakRssBytes,
    rssBytes() {
      try {
        return statusField(pid, 'VmRSS');
      } catch {
        return 0;
      }
    },
    async stop(graceMs = 60_000) {
      peakRssBytes();
      child.send({ type: 'stop' });
      const timer = setTimeout(killChild, graceMs);
      await exited;
      clearTimeout(timer);
      process.off('exit', killChild);
    },
  };
}
