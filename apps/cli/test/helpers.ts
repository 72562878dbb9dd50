import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningServer } from '@truce/server';
import { dataPaths, parseServerConfig, startServer } from '@truce/server';
import type { CliIo, OutputStream } from '../src/io.js';
import { main } from '../src/main.js';

/** A stream that keeps what is written, for assertions. */
export class Capture implements OutputStream {
  readonly chunks: string[] = [];
  isTTY = false;
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

export type CliRun = { code: number; stdout: string; stderr: string };

/** A command running in-process, its output readable while it runs. */
export type CliProcess = {
  stdout: Capture;
  stderr: Capture;
  /** Stops it as SIGINT would and waits for its exit. */
  stop: () => Promise<CliRun>;
  done: Promise<CliRun>;
};

/** Starts `truce <argv>` in-process with captured output. */
export function startCli(
  argv: readonly string[],
  options: { env?: CliIo['env']; now?: () => number } = {}
): CliProcess {
  const stdout = new Capture();
  const stderr = new Capture();
  const controller = new AbortController();
  const done = main(argv, {
    stdout,
    stderr,
    env: options.env ?? {},
    shutdownSignal: () => controller.signal,
    now: options.now ?? (() => Date.now()),
  }).then((code) => ({ code, stdout: stdout.text, stderr: stderr.text }));
  return {
    stdout,
    stderr,
    done,
    stop: () => {
      controller.abort();
      return done;
    },
  };
}

/** Runs `truce <argv>` in-process to its end, with captured output. */
export function runCli(
  argv: readonly string[],
  options: { env?: CliIo['env']; now?: () => number } = {}
): Promise<CliRun> {
  return startCli(argv, options).done;
}

/** Polls `check` until it holds. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000
): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A fresh temporary folder, removed by `cleanup`. */
export function tempDir(): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'truce-cli-'));
  return {
    path,
    cleanup: () => rmSync(path, { recursive: true, force: true }),
  };
}

export type TestServer = {
  running: RunningServer;
  url: string;
  dataDir: string;
  database: string;
  /** Waits until every stored entry is in a signed checkpoint. */
  integrate: () => Promise<void>;
  close: () => Promise<void>;
};

/** A real server on a free port over a SQLite file in a temporary folder. */
export async function startTestServer(): Promise<TestServer> {
  const dir = tempDir();
  const running = await startServer(
    parseServerConfig({
      dataDir: dir.path,
      port: 0,
      origin: 'cli.test/log',
      logLevel: 'silent',
      verifyWorkers: 0,
      integrateIntervalMs: 20,
      sensorRatePerSecond: 100_000,
      sensorBurst: 100_000,
    })
  );
  return {
    running,
    url: running.url,
    dataDir: dir.path,
    database: dataPaths(dir.path).database,
    integrate: async () => {
      await running.services.sequencer.integrate();
    },
    async close() {
      await running.close();
      dir.cleanup();
    },
  };
}

/** A heartbeat payload at a fixed past time, without sensor and seq. */
export function heartbeat(extra: Record<string, unknown> = {}) {
  return {
    time: '2026-06-01T00:00:00Z',
    kind: 'heartbeat',
    heartbeat: { status: 'ok' },
    ...extra,
  };
}

/** Lines of a JSONL file. */
export function jsonl(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join('\n') + '\n';
}

/** The URL of a port nothing listens on (bound once, then released). */
export async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
