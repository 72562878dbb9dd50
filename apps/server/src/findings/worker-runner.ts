import { Worker } from 'node:worker_threads';
import type { Agreement, Finding, FusionSensor } from '@truce/core';
import type {
  EngineWorkerInit,
  FromEngine,
  ToEngine,
  WireObservation,
} from './engine-protocol.js';
import type { FindingsRunner, RunnerEngineOptions } from './findings-runner.js';

type Pending = {
  resolve: (findings: Finding[]) => void;
  reject: (error: Error) => void;
  early?: ((findings: Finding[]) => void) | undefined;
};

/** The worker stopped (crashed, or ran out of memory): its state is gone. */
export class FindingsWorkerExited extends Error {
  constructor(reason: string) {
    super(`findings worker stopped: ${reason}`);
    this.name = 'FindingsWorkerExited';
  }
}

/** The worker's execArgv: the parent's, with workspace packages from source. */
function workerExecArgv(): string[] {
  return [
    ...process.execArgv.filter((a) => !a.startsWith('--conditions')),
    '--conditions=@truce/source',
  ];
}

/**
 * Runs the findings engine in a worker thread (engine-host.ts there), so
 * fusion uses a core of its own and ingest never waits for a run. The
 * thread holds the window; the main thread only posts what was logged and
 * awaits each run's findings. `failure` is set once the thread is gone.
 */
export function createWorkerRunner(options: {
  engine: RunnerEngineOptions;
  /** Finding ids already logged. */
  logged: Iterable<string>;
  onError: (error: unknown, context: string) => void;
  /** The thread's heap limit, MB (default: Node's). */
  maxHeapMb?: number;
}): FindingsRunner & { readonly failure: Error | undefined } {
  const init: EngineWorkerInit = {
    options: options.engine,
    logged: [...options.logged],
  };
  const worker = new Worker(new URL('./engine-worker.mjs', import.meta.url), {
    workerData: init,
    execArgv: workerExecArgv(),
    ...(options.maxHeapMb === undefined
      ? {}
      : { resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb } }),
  });
  const pending = new Map<number, Pending>();
  // The sensor record each sensor id was last sent with.
  const sent = new Map<string, FusionSensor>();
  let agreementSent: Agreement | undefined;
  let nextId = 0;
  let failure: Error | undefined;
  let closing = false;

  const fail = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  worker.on('message', (m: FromEngine) => {
    if (m.type === 'error') {
      options.onError(new Error(m.message), m.context);
      return;
    }
    const p = pending.get(m.id);
    if (m.type === 'early') {
      p?.early?.(m.findings);
      return;
    }
    pending.delete(m.id);
    if (m.type === 'result') p?.resolve(m.findings);
    else p?.reject(new Error(m.message));
  });
  worker.on('error', (error) => fail(new FindingsWorkerExited(error.message)));
  worker.on('exit', (code) => {
    if (!closing) fail(new FindingsWorkerExited(`exit code ${code}`));
  });
  const send = (m: ToEngine) => {
    if (failure === undefined) worker.postMessage(m);
  };

  return {
    get failure() {
      return failure;
    },
    add(items) {
      const wire: WireObservation[] = items.map((o) => {
        const w: WireObservation = {
          index: o.index,
          observation: o.observation,
          fromMicros: o.fromMicros,
        };
        if (sent.get(o.sensor.id) !== o.sensor) {
          sent.set(o.sensor.id, o.sensor);
          w.sensor = o.sensor;
        }
        return w;
      });
      if (wire.length > 0) send({ type: 'add', items: wire });
    },
    reset() {
      send({ type: 'reset' });
    },
    run(nowFromMicros, agreement, nowMicros, early) {
      if (failure !== undefined) return Promise.reject(failure);
      if (agreement !== agreementSent) {
        agreementSent = agreement;
        send({ type: 'agreement', agreement });
      }
      const id = nextId++;
      return new Promise<Finding[]>((resolve, reject) => {
        pending.set(id, { resolve, reject, early });
        send({
          type: 'run',
          id,
          nowFromMicros,
          ...(nowMicros === undefined ? {} : { nowMicros }),
        });
      });
    },
    async close() {
      closing = true;
      fail(new FindingsWorkerExited('closed'));
      await worker.terminate();
    },
  };
}
