import type { FusionOptions, LocatedEvent } from '@truce/core';
import { fuseObservations } from '@truce/core';
import type {
  ObservationWindow,
  WindowObservation,
} from './observation-window.js';
import { approxDistanceM } from './open-events.js';

/** Reports fused with every pool: they corroborate or locate events. */
export const POOL_REPORT_KINDS: ReadonlySet<string> = new Set([
  'radar',
  'imagery',
  'patrol',
  'weather',
]);

/** How far a pool pulse's seed search looks for later arrivals. */
export type SeedReach = {
  /** Farthest a sensor hears a source, metres (fusion's maxRangeM). */
  maxRangeM: number;
  /** Slowest speed of sound the seed search allows, m/s. */
  minSpeedMs: number;
  /** Slack either side, seconds (timing gates). */
  slackS: number;
};

const positionOf = (o: WindowObservation) =>
  o.observation.position ?? o.sensor.position;

/**
 * Which pool pulses may seed an event: a pulse seeds the same search, and
 * fails the same way, as at its last pool fusion unless a pulse it did not
 * meet there could be a later arrival of its source: on a sensor within
 * twice maxRangeM, from `slackS` before it to the travel time between the
 * sensors at `minSpeedMs` after it (core's seed candidates, loosened).
 * `lastFused` gives the pool fusion a pulse was last in (none: it seeds);
 * `firstFused` the first one a pulse was in (none: it is new to all).
 */
export function seedablePulses(
  pulses: readonly WindowObservation[],
  lastFused: (index: number) => number | undefined,
  firstFused: (index: number) => number | undefined,
  reach: SeedReach
): Set<number> {
  const seeds = new Set<number>();
  const old: { o: WindowObservation; last: number }[] = [];
  for (const o of pulses) {
    const last = lastFused(o.index);
    if (last === undefined) seeds.add(o.index);
    else old.push({ o, last });
  }
  if (old.length === 0) return seeds;
  const since = Math.min(...old.map((p) => p.last));
  const fresh = pulses
    .map((o) => ({ o, first: firstFused(o.index) ?? Infinity }))
    .filter((n) => n.first > since)
    .sort((a, b) => a.o.timeMicros - b.o.timeMicros);
  const times = fresh.map((n) => n.o.timeMicros);
  const slack = reach.slackS * 1e6;
  const span = ((2 * reach.maxRangeM) / reach.minSpeedMs) * 1e6 + slack;
  for (const { o, last } of old) {
    const at = positionOf(o);
    let i = lowerBound(times, o.timeMicros - slack);
    for (; i < fresh.length && times[i]! <= o.timeMicros + span; i++) {
      const n = fresh[i]!;
      if (n.first <= last) continue;
      const d = approxDistanceM([at[0], at[1]], at[2] ?? 0, positionOf(n.o));
      if (d > 2 * reach.maxRangeM) continue;
      if (n.o.timeMicros - o.timeMicros > (d / reach.minSpeedMs) * 1e6 + slack)
        continue;
      seeds.add(o.index);
      break;
    }
  }
  return seeds;
}

function lowerBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Fuses the pool: the window's acoustic pulses at or after `fromMicros`
 * (the newest `maxPool` of them) and its radar, imagery, patrol and
 * weather reports, less those `skip` names (already in an event, or
 * retired). Only the pulses `seedable` picks from the pool (all without
 * it) may seed an event.
 */
export function fusePool(input: {
  window: ObservationWindow;
  fromMicros: number;
  maxPool: number;
  skip: (index: number) => boolean;
  seedable?: (pulses: readonly WindowObservation[]) => Set<number>;
  fusion?: FusionOptions;
}): { pulses: WindowObservation[]; events: LocatedEvent[] } {
  const pulses: WindowObservation[] = [];
  const reports: WindowObservation[] = [];
  for (const o of input.window.values()) {
    if (input.skip(o.index)) continue;
    const kind = o.observation.kind;
    if (kind === 'acoustic') {
      if (o.timeMicros >= input.fromMicros) pulses.push(o);
    } else if (POOL_REPORT_KINDS.has(kind)) reports.push(o);
  }
  if (pulses.length > input.maxPool) {
    pulses.sort((a, b) => b.timeMicros - a.timeMicros || b.index - a.index);
    pulses.length = input.maxPool;
  }
  const seeds = input.seedable?.(pulses);
  const fused = fuseObservations({
    observations: [...pulses, ...reports],
    ...(seeds === undefined ? {} : { seedable: (i) => seeds.has(i) }),
    ...(input.fusion === undefined ? {} : { params: input.fusion }),
  });
  return { pulses, events: fused.events };
}
