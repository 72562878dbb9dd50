// Fusion throughput on the sustained scene, in this process on one core:
// the live engine (FindingsEngine, as the server runs it) fed the stream
// in slices of `sliceS` of arrival time, one run after each.
import { parseAgreement, SHORT_RANGE_ACOUSTIC } from '@truce/core';
import { FindingsEngine, ShardMap, defaultStripeDegrees } from '@truce/server';
import type { FindingsEngineOptions } from '@truce/server';
import { judgeFindings, type ScoredFinding } from './latency-quality.js';
import type { Scene } from './latency-scene.js';
import { ownCpuSeconds } from './report.js';

export type FusionThroughput = {
  mode: 'incremental' | 'window';
  /** Detections (after `warmS`) and the CPU they took. */
  detections: number;
  cpuS: number;
  perSecond: number;
  /** Shots with a logged finding resting on at least one of their pulses. */
  shotsFound: number;
  shots: number;
  findings: number;
  /** Findings clean by latency-quality.ts, and shots with one of those. */
  clean: number;
  shotsClean: number;
  /** Shots with at least four pulses in the stream. */
  eligible: number;
  /** Clean findings' latency p99 in stream seconds (runs every sliceS, no CPU time). */
  cleanLagP99S: number;
  /** Each engine's CPU where the front is split (one entry: not split). */
  shardCpuS: number[];
};

/** Runs the engine over the first `seconds` of the stream. */
export function measureFusion(
  scene: Scene,
  options: {
    mode: 'incremental' | 'window';
    seconds: number;
    sliceS: number;
    startMs: number;
    /** The incremental engine's settings (defaults: the server's). */
    live?: FindingsEngineOptions['live'];
    /**
     * Stream seconds fused before CPU is counted (default 0): the engine
     * starts on a stream already full, and the pool holds every pulse
     * until the first events open; past that, the sustained rate.
     */
    warmS?: number;
    /**
     * Engines the front is split among by region (default 1), as the
     * server's `findingsShards`, run one after another here: each one's
     * CPU is counted apart, and the busiest says what one core each needs.
     */
    shards?: number;
  }
): FusionThroughput {
  const map = new ShardMap({
    count: options.shards ?? 1,
    stripeDegrees: defaultStripeDegrees(SHORT_RANGE_ACOUSTIC.maxRangeM),
    haloM: SHORT_RANGE_ACOUSTIC.maxRangeM,
  });
  const engines = Array.from(
    { length: map.count },
    () =>
      new FindingsEngine({
        fusionMode: options.mode,
        fusion: { acoustic: SHORT_RANGE_ACOUSTIC },
        maxObservations: 10_000_000,
        ...(options.live === undefined ? {} : { live: options.live }),
      })
  );
  const shardCpuS = engines.map(() => 0);
  // What each engine returned, as the server's workers keep it.
  const returned = engines.map(() => new Set<string>());
  const agreement = parseAgreement(scene.agreement);
  const sensorOf = (i: number) => scene.sensors[i]!;
  const logged = new Set<string>();
  const shotOf = new Map<number, number>();
  const found = new Set<number>();
  // Index 0 is the weather report; pulse k is logged at k + 1.
  for (const engine of engines) {
    engine.add(0, scene.weather.observation, sensorOf(0), 0);
  }
  const pulses = scene.pulses.filter((p) => p.atS < options.seconds);
  const nowFrom = (options.startMs - 1_800_000) * 1000;
  const warmS = options.warmS ?? 0;
  let counted = pulses.length;
  let warm = warmS <= 0;
  let k = 0;
  let findings = 0;
  const scored: ScoredFinding[] = [];
  for (let end = options.sliceS; k < pulses.length; end += options.sliceS) {
    if (!warm && end - options.sliceS >= warmS) {
      warm = true;
      shardCpuS.fill(0);
      counted = pulses.length - k;
    }
    const parts = engines.map((): number[] => []);
    for (; k < pulses.length && pulses[k]!.atS < end; k++) {
      const p = pulses[k]!;
      shotOf.set(k + 1, p.shot);
      for (const s of map.route(p.observation, sensorOf(p.sensor))) {
        parts[s]!.push(k);
      }
    }
    const now = (options.startMs + end * 1000) * 1000;
    engines.forEach((engine, s) => {
      const c0 = ownCpuSeconds();
      for (const j of parts[s]!) {
        const p = pulses[j]!;
        engine.add(j + 1, p.observation, sensorOf(p.sensor), 0);
      }
      const settled = (id: string) => logged.has(id) || returned[s]!.has(id);
      const run = engine.run(nowFrom, agreement, settled, now);
      shardCpuS[s]! += ownCpuSeconds() - c0;
      for (const f of run) {
        returned[s]!.add(f.properties.id);
        if (map.owner(f.geometry.coordinates[0]) !== s) continue;
        logged.add(f.properties.id);
        findings++;
        scored.push({ at: end, sources: f.properties.sources });
        for (const i of f.properties.sources) found.add(shotOf.get(i) ?? -1);
      }
    });
  }
  const cpuS = shardCpuS.reduce((a, b) => a + b, 0);
  found.delete(-1);
  const shots = new Set(pulses.map((p) => p.shot)).size;
  // Pulse k is logged at k + 1 and acknowledged at its arrival.
  const quality = judgeFindings(
    scored,
    pulses.map((p, k) => ({ shot: p.shot, index: k + 1, ackAt: p.atS }))
  );
  const lags = quality.latencies;
  return {
    mode: options.mode,
    detections: counted,
    cpuS,
    perSecond: counted / cpuS,
    shotsFound: found.size,
    shots,
    findings,
    clean: quality.clean,
    shotsClean: quality.shotsClean,
    eligible: quality.eligible,
    cleanLagP99S: lags[Math.floor(0.99 * (lags.length - 1))] ?? NaN,
    shardCpuS,
  };
}
