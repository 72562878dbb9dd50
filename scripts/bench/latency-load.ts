import { Agent } from 'node:http';
import { post } from './load.js';
import type { ScenePulse } from './latency-scene.js';

export type PacedResult = {
  /** Per pulse of the stream: its log index and ack time (epoch ms), if accepted. */
  index: Int32Array;
  ackAt: Float64Array;
  accepted: number;
  rejected: Record<string, number>;
  /** From the first request to the last acknowledgement, seconds. */
  seconds: number;
};

type Batch = { dueMs: number; body: Buffer; pulses: number[] };

/**
 * Request bodies per poster: each poster owns the sensors `id % posters`,
 * so every sensor's seqs reach the server in order, and sends what
 * arrived in each `slotMs` slot as one request, due at the slot's end.
 */
export function pacedBatches(
  pulses: readonly ScenePulse[],
  posters: number,
  slotMs: number
): Batch[][] {
  const out: Map<number, { pulses: number[] }>[] = Array.from(
    { length: posters },
    () => new Map()
  );
  pulses.forEach((p, k) => {
    const slot = slotMs === 0 ? 0 : Math.floor((p.atS * 1000) / slotMs);
    const mine = out[p.sensor % posters]!;
    let b = mine.get(slot);
    if (b === undefined) mine.set(slot, (b = { pulses: [] }));
    b.pulses.push(k);
  });
  return out.map((slots) =>
    [...slots].flatMap(([slot, b]) => {
      // Unpaced (slotMs 0): requests of at most 100 envelopes.
      const chunks: number[][] = [];
      for (let i = 0; i < b.pulses.length; i += slotMs === 0 ? 100 : Infinity) {
        chunks.push(b.pulses.slice(i, i + (slotMs === 0 ? 100 : Infinity)));
      }
      return chunks.map((ids) => ({
        dueMs: (slot + 1) * slotMs,
        pulses: ids,
        body: Buffer.from(
          `{"envelopes":[${ids.map((k) => pulses[k]!.json).join(',')}]}`
        ),
      }));
    })
  );
}

/**
 * Posts each poster's batches over its own keep-alive connection, each no
 * sooner than its due time after the start (late ones at once), and
 * records every pulse's index and acknowledgement time.
 */
export async function runPacedLoad(options: {
  url: string;
  batches: Batch[][];
  pulses: number;
  deadlineMs: number;
}): Promise<PacedResult> {
  const url = new URL('/v1/observations', options.url);
  const agent = new Agent({
    keepAlive: true,
    maxSockets: options.batches.length,
  });
  const index = new Int32Array(options.pulses).fill(-1);
  const ackAt = new Float64Array(options.pulses);
  const rejected: Record<string, number> = {};
  let accepted = 0;
  const t0 = performance.now();
  let last = t0;
  const poster = async (batches: Batch[]) => {
    for (const b of batches) {
      const wait = t0 + b.dueMs - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (performance.now() - t0 > options.deadlineMs) return;
      let body: {
        results?: { status: string; index?: number; code?: string }[];
      };
      try {
        body = JSON.parse((await post(agent, url, b.body)).body) as typeof body;
      } catch (error) {
        const code = `network: ${(error as Error).message}`;
        rejected[code] = (rejected[code] ?? 0) + b.pulses.length;
        continue;
      }
      const now = performance.now();
      last = Math.max(last, now);
      const at = performance.timeOrigin + now;
      (body.results ?? []).forEach((r, i) => {
        const k = b.pulses[i]!;
        if (r.status === 'accepted' && r.index !== undefined) {
          index[k] = r.index;
          ackAt[k] = at;
          accepted++;
        } else {
          const code = r.code ?? 'UNKNOWN';
          rejected[code] = (rejected[code] ?? 0) + 1;
        }
      });
      if (body.results === undefined) {
        rejected['HTTP error'] =
          (rejected['HTTP error'] ?? 0) + b.pulses.length;
      }
    }
  };
  await Promise.all(options.batches.map(poster));
  agent.destroy();
  return { index, ackAt, accepted, rejected, seconds: (last - t0) / 1000 };
}
