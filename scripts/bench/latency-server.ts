import { fork } from 'node:child_process';

export type LatencyServer = {
  url: string;
  pid: number;
  /** Findings published so far: when (epoch ms) and their sources. */
  findings: { at: number; sources: number[] }[];
  /** When the last finding was published (epoch ms), or the start. */
  lastFindingAt: () => number;
  stop: () => Promise<void>;
};

/** Forks latency-server-entry.ts with `config`; resolves once it listens. */
export async function startLatencyServer(
  config: Record<string, unknown>
): Promise<LatencyServer> {
  const child = fork(
    new URL('./latency-server-entry.ts', import.meta.url).pathname,
    [JSON.stringify(config)],
    {
      execArgv: ['--conditions=@truce/source', '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }
  );
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const findings: LatencyServer['findings'] = [];
  let last = performance.timeOrigin + performance.now();
  const url = await new Promise<string>((resolve, reject) => {
    child.on(
      'message',
      (m: { type?: string; url?: string; at?: number; sources?: number[] }) => {
        if (m.type === 'listening') resolve(m.url!);
        if (m.type === 'finding') {
          findings.push({ at: m.at!, sources: m.sources! });
          last = m.at!;
        }
      }
    );
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
  return {
    url,
    pid: child.pid!,
    findings,
    lastFindingAt: () => last,
    async stop() {
      child.send({ type: 'stop' });
      const timer = setTimeout(kill, 60_000);
      await exited;
      clearTimeout(timer);
      process.off('exit', kill);
    },
  };
}
