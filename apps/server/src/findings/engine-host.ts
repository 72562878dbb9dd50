import type { FusionSensor } from '@truce/core';
import type {
  EngineWorkerInit,
  FromEngine,
  ToEngine,
} from './engine-protocol.js';
import { FindingsEngine } from './findings-engine.js';

const messageOf = (error: unknown): string =>
  error instanceof Error ? (error.stack ?? error.message) : String(error);

/**
 * The worker side of the findings engine, without the thread: takes the
 * main thread's messages in order and posts results. Every finding a run
 * returns joins the settled ids (the main thread logs it or reports it
 * unloggable), so it is not returned again, as the ledger does inline.
 */
export function createEngineHost(
  init: EngineWorkerInit,
  post: (message: FromEngine) => void
): (message: ToEngine) => void {
  const settled = new Set(init.logged);
  const sensors = new Map<string, FusionSensor>();
  const engine = new FindingsEngine({
    ...init.options,
    onError: (error, context) =>
      post({ type: 'error', context, message: messageOf(error) }),
  });
  let agreement: Extract<ToEngine, { type: 'agreement' }>['agreement'];
  return (message) => {
    switch (message.type) {
      case 'add':
        for (const o of message.items) {
          if (o.sensor !== undefined) sensors.set(o.sensor.id, o.sensor);
          const sensor = sensors.get(o.observation.sensor);
          if (sensor === undefined) continue;
          engine.add(o.index, o.observation, sensor, o.fromMicros);
        }
        return;
      case 'reset':
        engine.reset();
        return;
      case 'agreement':
        agreement = message.agreement;
        return;
      case 'run':
        try {
          const findings = engine.run(
            message.nowFromMicros,
            agreement,
            (id) => settled.has(id),
            message.nowMicros,
            (early) => {
              for (const f of early) settled.add(f.properties.id);
              post({ type: 'early', id: message.id, findings: early });
            }
          );
          for (const f of findings) settled.add(f.properties.id);
          post({ type: 'result', id: message.id, findings });
        } catch (error) {
          post({ type: 'failed', id: message.id, message: messageOf(error) });
        }
        return;
    }
  };
}
